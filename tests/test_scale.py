"""Scaling out: whole articles coded in worker processes, and `dotterel ingest --engine ray`.

The Ray tests start a local Ray (2 CPUs) once for the module and skip, saying why, only where
Ray is not installed or cannot start. Stand-in coders live here so that Ray's workers can
import them (the tests folder is on their PYTHONPATH).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from store_builders import SentenceCoder

from dotterel.errors import DotterelError, InputError
from dotterel.io import ReadError
from dotterel.model import Article, CodedArticle
from dotterel.store import Store
from dotterel.store.commands import ingest_paths, open_read_only
from dotterel.store.workers import CodingError, LocalCoder, balanced_chunks
from dotterel.store.writer import content_hash

TESTS = Path(__file__).parent
ROOT = TESTS.parent
WHO = ["Traders", "Teachers", "Farmers", "Students", "Nurses", "Drivers"]
WHERE = ["Kisumu", "Mombasa", "Nakuru", "Eldoret"]


def write_stories(folder: Path, n: int) -> Path:
    """`n` invented stories as JSONL, one repeated under a new id, one broken line, and two text files."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(n):
        text = (f"{WHO[i % 6]} marched in {WHERE[i % 4]} over story {i}. Kenyan police arrested {i % 5 + 2} "
                "protesters on Friday. Kenya and Uganda agreed to reopen the border.")  # fmt: skip
        lines.append(json.dumps({"id": f"s{i}", "text": text, "published": f"2024-05-{1 + i % 5:02d}",
                                 "source": f"paper{i % 3}"}))  # fmt: skip
    lines.append(json.dumps({"id": "again", "text": json.loads(lines[0])["text"]}))  # same text: stored once
    lines.append('{"id": "broken", "text": ')
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "extra").mkdir(exist_ok=True)
    (folder / "extra" / "a.txt").write_text(
        "Title: Talks\nPublished: 2024-05-03\n\nTanzania and Kenya signed a trade agreement in Arusha on Thursday.\n",
        encoding="utf-8",
    )
    (folder / "extra" / "b.txt").write_text("", encoding="utf-8")  # empty: an error record
    return folder


class PidCoder(SentenceCoder):
    """Notes in each record the process that coded it."""

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        for record in super().code_articles(articles):
            record.warnings.append(f"pid {os.getpid()}")
            yield record


class FragileCoder(SentenceCoder):
    """Raises on any article that mentions BOOM, as a bug in a stage would."""

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        for article in articles:
            if "BOOM" in article.text:
                raise RuntimeError("stage failed")
            yield from super().code_articles([article])


def fragile_coder(codebook: list[str] | None = None, actors: list[str] | None = None) -> FragileCoder:
    return FragileCoder()


def slow_coder(codebook: list[str] | None = None, actors: list[str] | None = None, delay: float = 0) -> SentenceCoder:
    return SentenceCoder(delay=delay)


def articles(n: int, bad: set[int] = frozenset()) -> list[Article]:  # type: ignore[assignment]
    return [
        Article(id=f"a{i}", text=f"Crowd {i} gathered. {'BOOM. ' if i in bad else ''}Police {i} watched.",
                published="2024-05-02", origin=f"news.jsonl:{i + 1}")
        for i in range(n)
    ]  # fmt: skip


# --- one machine: whole articles in the workers --------------------------------------------


def test_workers_code_whole_articles_in_child_processes_in_input_order() -> None:
    items = articles(20)
    alone = list(LocalCoder(PidCoder(), workers=1, chunk=3).code_articles(items))
    pooled = list(LocalCoder(PidCoder(), workers=2, chunk=3).code_articles(items))
    assert [r.article.id for r in pooled] == [a.id for a in items]
    assert [r.events[0].id for r in pooled] == [r.events[0].id for r in alone]
    pids = {r.warnings[-1] for r in pooled}
    assert f"pid {os.getpid()}" not in pids  # every stage ran in the workers, not here
    assert {r.warnings[-1] for r in alone} == {f"pid {os.getpid()}"}


def test_chunks_are_full_while_the_stream_is_long_and_shrink_in_its_tail() -> None:
    items = articles(300)
    sizes = [len(c) for c in balanced_chunks(items, 32, 2)]
    assert [a for c in balanced_chunks(items, 32, 2) for a in c] == items  # each article once, in order
    assert sizes[:5] == [32] * 5  # the stream is long: one `nlp.pipe` batch per task
    assert sizes[-4:] == sorted(sizes[-4:], reverse=True) and sizes[-1] < 32
    assert max(sizes) == 32 and sizes[-1] < 8  # the last task is short: no worker waits long on the other


def test_a_short_stream_is_shared_out_so_neither_worker_is_left_with_most_of_it() -> None:
    sizes = [len(c) for c in balanced_chunks(articles(89), 32, 2)]
    assert sum(sizes) == 89 and max(sizes) < 32  # fixed chunks of 32 would leave one worker 57 of the 89
    assert len(sizes) >= 8


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_the_coder_raises_on_is_an_error_record_and_the_rest_are_coded(workers: int) -> None:
    items = articles(10, bad={4})
    out = list(LocalCoder(FragileCoder(), workers=workers, chunk=4).code_articles(items))
    assert [getattr(r, "article", None) and r.article.id for r in out] == [
        *(f"a{i}" for i in range(4)), None, *(f"a{i}" for i in range(5, 10))
    ]  # fmt: skip
    error = out[4]
    assert isinstance(error, CodingError)
    assert error.origin == "news.jsonl:5" and "a4" in error.message and "stage failed" in error.message


def test_ingest_stores_the_coding_error_and_every_other_article(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": a.id, "text": a.text}) for a in articles(6, bad={2})) + "\n")
    err = io.StringIO()
    with Store(tmp_path / "db.duckdb") as store:
        run = ingest_paths([str(corpus)], store, LocalCoder(FragileCoder(), workers=2, chunk=2), err=err)
        stored = {row[0] for row in store.con.execute("SELECT id FROM articles").fetchall()}
        errors = store.con.execute("SELECT origin, message FROM errors").fetchall()
    assert stored == {"a0", "a1", "a3", "a4", "a5"}
    assert run.skipped == 1 and errors[0][0] == f"{corpus}:3" and "a2" in errors[0][1]
    assert "a2 could not be coded" in err.getvalue()


# --- Ray: messages that need no cluster ----------------------------------------------------


def test_without_ray_installed_the_message_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from dotterel import distributed

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(InputError, match=r"pip install 'dotterel\[ray\]'"):
        distributed.import_ray()


def test_an_address_nothing_listens_at_fails_fast_with_the_address() -> None:
    from dotterel.distributed import check_reachable

    started = time.monotonic()
    with pytest.raises(DotterelError, match=r"cannot reach the Ray cluster at 127\.0\.0\.1:1"):
        check_reachable("127.0.0.1:1")
    assert time.monotonic() - started < 60  # Ray's own client would wait for minutes
    with pytest.raises(InputError, match="not HOST:PORT"):
        check_reachable("headnode")


# --- Ray: a local cluster --------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[str]:
    """A local Ray with 2 CPUs for the module; its address, for a second driver to join."""
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'dotterel[ray]'")
    env = {"PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=200 * 2**20,
                 runtime_env={"env_vars": env})  # fmt: skip
    except Exception as exc:  # no shared memory, no free port: say why, do not fail
        pytest.skip(f"Ray cannot start on this machine: {type(exc).__name__}: {exc}")
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


TABLE_QUERIES = {
    "articles": "SELECT id, title, published, url, source, origin, text, content_hash, warnings FROM articles",
    "events": "SELECT * FROM events",
    "event_actors": "SELECT * FROM event_actors",
    "clusters": "SELECT * FROM clusters",
    "errors": "SELECT origin, message, level FROM errors",
    "quotes": "SELECT * FROM quotes",
    "places": "SELECT * FROM places",
    "dates": "SELECT * FROM dates",
    "entities": "SELECT * FROM entities",
    "mentions": "SELECT * FROM mentions",
}


def tables(db: Path) -> dict[str, list[tuple]]:
    with open_read_only(str(db)) as con:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in TABLE_QUERIES.items()}


def test_ray_gives_the_records_of_one_machine_and_a_rerun_adds_nothing(ray_cluster: str, tmp_path: Path) -> None:
    from dotterel.cli import main
    from dotterel.pipeline import Coder

    corpus = write_stories(tmp_path / "news", 14)
    with Store(tmp_path / "one.duckdb") as store:
        ingest_paths([str(corpus)], store, LocalCoder(Coder()), batch_size=4, err=io.StringIO())
    out = tmp_path / "dataset"
    argv = ["ingest", str(corpus), "--engine", "ray", "--workers", "2", "--batch-size", "4", "--out", str(out)]
    assert main(argv) == 1  # 1: the broken line and the empty file were skipped, as in the plain ingest
    laptop, cluster = tables(tmp_path / "one.duckdb"), tables(out)
    assert len(laptop["articles"]) == 15 and len(laptop["events"]) > 30 and len(laptop["errors"]) == 2
    assert len({row[-1] for row in laptop["events"]}) < len(laptop["events"])  # some reports were merged
    for name in TABLE_QUERIES:
        assert cluster[name] == laptop[name], name

    from fastapi.testclient import TestClient

    from dotterel.server.app import create_app
    from dotterel.server.settings import Settings

    api = TestClient(create_app(Settings(db=str(out))), base_url="http://localhost")
    assert api.get("/api/events", params={"limit": 1, "modality": "all"}).json()["total"] == len(laptop["events"])

    files = sorted(p.relative_to(out) for p in out.rglob("part-*.parquet"))
    assert main(argv) == 1
    assert sorted(p.relative_to(out) for p in out.rglob("part-*.parquet")) == files  # no new part
    assert tables(out) == cluster


def test_a_worker_that_raises_on_one_article_records_its_error(ray_cluster: str, tmp_path: Path) -> None:
    from dotterel.distributed import ingest_ray

    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": a.id, "text": a.text}) for a in articles(9, bad={5})) + "\n")
    run = ingest_ray([str(corpus)], tmp_path / "ds", workers=1, batch_size=3, make_coder=fragile_coder,
                     err=io.StringIO())  # fmt: skip
    assert (run.articles, run.skipped) == (8, 1)
    with open_read_only(str(tmp_path / "ds")) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE id = 'a5'").fetchone() == (0,)
        ((origin, message),) = con.execute("SELECT origin, message FROM errors").fetchall()
    assert origin == f"{corpus}:6" and "a5 could not be coded" in message and "stage failed" in message


def test_a_killed_job_resumes_with_the_same_totals(ray_cluster: str, tmp_path: Path) -> None:
    from dotterel.distributed import ingest_ray

    corpus = write_stories(tmp_path / "news", 24)
    out = tmp_path / "killed"
    path = os.pathsep.join([str(TESTS), str(ROOT)])
    script = (
        "import sys, functools, ray; from dotterel.distributed import ingest_ray; from test_scale import slow_coder; "
        f"ray.init(address=sys.argv[3], runtime_env={{'env_vars': {{'PYTHONPATH': {path!r}}}}}); "
        "ingest_ray([sys.argv[1]], sys.argv[2], workers=1, batch_size=2, address=sys.argv[3], "
        "make_coder=functools.partial(slow_coder, delay=0.4))"
    )
    env = {**os.environ, "PYTHONPATH": path}
    job = subprocess.Popen([sys.executable, "-c", script, str(corpus), str(out), ray_cluster], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while len([p for p in (out / "articles").glob("part-*.parquet") if "read-" not in p.name]) < 2:
            assert job.poll() is None, "the job ended before it could be killed"
            assert time.monotonic() < deadline, "no batch was written in time"
            time.sleep(0.2)
        os.killpg(job.pid, signal.SIGKILL)  # mid-way: some batches written, others being coded
    finally:
        job.wait()
    with open_read_only(str(out)) as con:
        partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
    assert 0 < partial < 25

    resumed = ingest_ray([str(corpus)], out, workers=1, batch_size=2, make_coder=slow_coder, err=io.StringIO())
    whole = ingest_ray([str(corpus)], tmp_path / "whole", workers=1, batch_size=4, make_coder=slow_coder,
                       err=io.StringIO())  # fmt: skip
    assert resumed.articles == 25 - partial and whole.articles == 25
    assert resumed.known + resumed.duplicates == partial + 1  # and the repeated story, once more
    killed, straight = tables(out), tables(tmp_path / "whole")
    for name in ("articles", "event_actors", "errors", "dates"):
        assert killed[name] == straight[name], name
    # the same events; their clusters may differ where the resumed run met reports in another order
    cluster_at = [d[0] for d in open_read_only(str(out)).execute("SELECT * FROM events LIMIT 0").description]
    without = cluster_at.index("cluster_id")
    assert [r[:without] for r in killed["events"]] == [r[:without] for r in straight["events"]]
    assert all(r[without] for r in killed["events"])
    assert sum(row[11] for row in killed["clusters"]) == len(killed["events"])  # n_events adds up


# --- Ray's read step, run as a plain function ----------------------------------------------


def test_the_read_step_reads_uris_and_parquet_shards_as_the_laptop_reads_files(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dotterel.distributed import list_inputs, read_rows
    from dotterel.io import read_paths

    corpus = write_stories(tmp_path / "news", 3)
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": ["Nurses marched in Nakuru.", None]}),
                   corpus / "shard.parquet")  # fmt: skip
    files, missing = list_inputs([str(corpus), corpus.as_uri() + "/wire.jsonl", str(tmp_path / "nowhere")])
    assert [f["name"] for f in files] == [
        str(corpus / "shard.parquet"), str(corpus / "wire.jsonl"), str(corpus / "extra" / "a.txt"),
        str(corpus / "extra" / "b.txt"), corpus.as_uri() + "/wire.jsonl",
    ]  # fmt: skip
    assert missing[0].origin == str(tmp_path / "nowhere")
    options = {"published": None, "max_bytes": 10_000_000, "force_language": False}
    rows = [row for f in files for row in read_rows(f, **options)]
    laptop = [a for a in read_paths([str(corpus)]) if not isinstance(a, ReadError)]
    local_rows = [
        r for r in rows if r["kind"] == "article" and "://" not in r["origin"] and ".parquet" not in r["origin"]
    ]
    assert [(r["id"], r["text"], r["origin"]) for r in local_rows] == [(a.id, a.text, a.origin) for a in laptop]
    remote = [r for r in rows if r["origin"].startswith("file://")]
    assert [r["id"] for r in remote if r["kind"] == "article"] == [a.id for a in laptop if "wire" in a.origin]
    assert any(r["kind"] == "error" and r["origin"] == corpus.as_uri() + "/wire.jsonl:5" for r in remote)
    shard = [r for r in rows if ".parquet" in r["origin"]]
    assert shard[0]["id"] == "p1" and shard[0]["origin"].endswith("shard.parquet:1")
    assert shard[1]["kind"] == "error" and shard[1]["origin"].endswith("shard.parquet:2")
    assert len({r["ordinal"] for r in rows}) == len(rows)  # a place in the input order for each


def test_a_dataset_view_leaves_out_a_part_that_was_never_finished(tmp_path: Path) -> None:
    from dotterel.distributed import PartWriter
    from dotterel.store import dataset

    root = dataset.create(tmp_path / "ds")
    records = list(SentenceCoder().code_articles(articles(4)))
    PartWriter().write(root, "done", records[:2], [], [("a0", 1, 0), ("a1", 1, 1)])
    PartWriter().write(root, "torn", records[2:], [], [("a2", 1, 2), ("a3", 1, 3)])
    (root / "articles" / "part-torn.parquet").unlink()  # killed before its articles file was written
    with open_read_only(str(root)) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (4,)  # two sentences, two events each
        assert con.execute("SELECT count(DISTINCT article_id) FROM events").fetchone() == (2,)
    assert dataset.remove_unfinished(root) > 0
    assert not list(root.rglob("part-torn.parquet"))
    assert dataset.stored_keys(root) == [(r.article.id, content_hash(r.article.text)) for r in records[:2]]


class DyingCoder(SentenceCoder):
    """Ends its own process the first time it meets article a3, as the OOM killer would."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = Path(marker)

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        for article in articles:
            if article.id == "a3" and not self.marker.exists():
                self.marker.write_text("died once")
                os._exit(1)
            yield from super().code_articles([article])


def dying_coder(codebook: list[str] | None = None, actors: list[str] | None = None, marker: str = "") -> DyingCoder:
    return DyingCoder(marker)


def test_a_worker_that_dies_is_restarted_and_its_batch_coded_once(ray_cluster: str, tmp_path: Path) -> None:
    from functools import partial

    from dotterel.distributed import ingest_ray

    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": a.id, "text": a.text}) for a in articles(8)) + "\n")
    marker = tmp_path / "died"
    run = ingest_ray([str(corpus)], tmp_path / "ds", workers=1, batch_size=2,
                     make_coder=partial(dying_coder, marker=str(marker)), err=io.StringIO())  # fmt: skip
    assert marker.exists()  # the worker did die
    with open_read_only(str(tmp_path / "ds")) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        events = con.execute("SELECT count(*), count(DISTINCT id) FROM events").fetchone()
    assert run.articles == 8 and ids == [f"a{i}" for i in range(8)]
    assert events == (16, 16)  # complete, and nothing twice
