"""What a careless or hostile user can feed dotterel, one test per hole of issue #13.

Bad input goes into a batch between two good articles: the good ones must be stored, the
bad one reported by name, no traceback printed, and the exit code right. The server tests
drive a real uvicorn over HTTP (and a raw socket where the connection itself matters).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from test_server import ARTICLES, TOKEN, is_problem, serving

import dotterel.pipeline
from dotterel.cli import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, main
from dotterel.server import reads
from dotterel.server.settings import Settings
from dotterel.store import Store

ROOT = Path(__file__).parent.parent
GOOD_1 = "Kenyan police detained three opposition activists in Nakuru on Friday.\n"
GOOD_2 = "Teachers marched through Lima on Tuesday against a pay cut, union leaders said.\n"
FRENCH = (
    "Les enseignants ont manifesté mardi dans les rues de Lima contre la baisse de leurs salaires, "
    "selon les syndicats, et la police a arrêté plusieurs militants.\n"
)

_coder: list[Any] = []


def shared_coder(*args: Any, **kwargs: Any) -> Any:
    """The real Coder, loaded once for the whole module: loading takes seconds."""
    if not _coder:
        _coder.append(_RealCoder())
    return _coder[0]


_RealCoder = dotterel.pipeline.Coder


@pytest.fixture(autouse=True)
def one_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dotterel.pipeline, "Coder", shared_coder)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`dotterel ARGV` in this process; argparse's own exits count as exit codes."""
    try:
        code = main(argv)
    except SystemExit as exit:
        code = exit.code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def batch(folder: Path, bad_name: str, bad: str | bytes) -> Path:
    """A folder: a good article, the bad input, another good article (read in this order)."""
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD_1, encoding="utf-8")
    target = folder / bad_name
    target.write_bytes(bad) if isinstance(bad, bytes) else target.write_text(bad, encoding="utf-8")
    (folder / "c_good.txt").write_text(GOOD_2, encoding="utf-8")
    return folder


def stored(db: Path, sql: str = "SELECT origin FROM articles ORDER BY origin") -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def ingest(folder: Path, db: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    code, _, err = run(["ingest", str(folder), "--db", str(db), *options], capsys)
    return code, err


def assert_good_ones_stored(db: Path) -> None:
    origins = [Path(origin).name for (origin,) in stored(db)]
    assert origins == ["a_good.txt", "c_good.txt"]


# --- 1. a text longer than the parser takes -----------------------------------------------


def test_an_over_long_text_is_refused_by_name_and_the_batch_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_text = "Soldiers marched. " * 60_000  # 1,080,000 characters, under the 10 MB file cap
    folder = batch(tmp_path / "in", "b_long.txt", long_text)
    code, err = ingest(folder, tmp_path / "db.duckdb", capsys)
    assert code == EXIT_SKIPPED
    assert "b_long.txt: error: the text is 1,080,000 characters" in err
    assert_good_ones_stored(tmp_path / "db.duckdb")
    code, out, err = run(["code", str(folder), "--format", "jsonl"], capsys)
    assert code == EXIT_SKIPPED and len(out.splitlines()) == 2 and "b_long.txt" in err


def test_a_long_jsonl_record_is_named_by_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [{"id": "one", "text": GOOD_1}, {"id": "long", "text": "Police watched. " * 70_000}, {"text": GOOD_2}]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, err = ingest(corpus, tmp_path / "db.duckdb", capsys)
    assert code == EXIT_SKIPPED and "corpus.jsonl:2: error: the text is 1,120,000 characters" in err
    assert len(stored(tmp_path / "db.duckdb")) == 2


def test_ingest_takes_max_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = batch(tmp_path / "in", "b_big.txt", "Police watched the crowd. " * 20)
    code, err = ingest(folder, tmp_path / "db.duckdb", capsys, "--max-bytes", "200")
    assert code == EXIT_SKIPPED and "b_big.txt: error: too large" in err
    assert_good_ones_stored(tmp_path / "db.duckdb")


# --- 2. JSON nested too deeply for the parser ---------------------------------------------


@pytest.mark.parametrize("name", ["b_deep.json", "b_deep.jsonl"])
def test_deeply_nested_json_is_reported_by_name(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    deep = "[" * 100_000 + "]" * 100_000 if name.endswith(".json") else '{"a": ' * 50_000 + "1" + "}" * 50_000
    folder = batch(tmp_path / "in", name, deep + "\n")
    code, err = ingest(folder, tmp_path / "db.duckdb", capsys)
    assert code == EXIT_SKIPPED and f"{name}" in err and "nested too deeply" in err
    assert_good_ones_stored(tmp_path / "db.duckdb")


# --- 3. workers die with their parent -------------------------------------------------------


def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == pid and state != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ingest_workers_die_when_the_parent_is_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = (json.dumps({"id": f"s{i}", "text": f"Teachers marched in Lima over claim {i}."}) for i in range(20_000))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "dotterel.cli", "ingest", str(corpus), "--db", str(tmp_path / "db.duckdb"),
               "--workers", "2"]  # fmt: skip
    parent = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240  # the parent loads the model before it starts its workers
        while len(workers := _children(parent.pid)) < 2 and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) >= 2, "the ingest never started its workers"
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 30  # how long to wait for the children to go, not a speed test
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors


# --- 4. user mistakes are one line and exit 2 ------------------------------------------------


def test_output_to_a_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(GOOD_1, encoding="utf-8")
    out = str(tmp_path / "no" / "such" / "x.csv")
    code, _, err = run(["code", str(tmp_path / "a.txt"), "--format", "csv", "--out", out], capsys)
    assert code == EXIT_ERROR and err.strip().splitlines() == [f"dotterel: error: cannot write {out}: "
                                                              "No such file or directory; check the folder exists "
                                                              "and is writable"]  # fmt: skip


def test_a_negative_limit_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.duckdb"
    Store(db).close()
    code, _, err = run(["events", "--limit", "-5", "--db", str(db)], capsys)
    assert code == EXIT_ERROR and "--limit: -5 must be 1 or more" in err


LGL = """<?xml version="1.0"?>
<articles><article><text>Flooding closed roads in Nakuru on Monday.</text>
<toponyms><toponym><start>21</start><end>27</end><gaztag><lat>-0.28</lat><lon>36.07</lon></gaztag></toponym></toponyms>
</article></articles>
"""


def test_eval_geoparse_takes_the_corpus_file_or_its_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lgl.xml").write_text(LGL, encoding="utf-8")
    for path in (tmp_path / "lgl.xml", tmp_path):
        code, out, _ = run(["eval", "geoparse", str(path), "--json"], capsys)
        assert code == EXIT_OK and json.loads(out)["lgl"]
    (tmp_path / "other.xml").write_text(LGL, encoding="utf-8")
    code, _, err = run(["eval", "geoparse", str(tmp_path / "other.xml")], capsys)
    assert code == EXIT_ERROR and len(err.strip().splitlines()) == 1
    assert "expected lgl.xml or GeoVirus.xml" in err and "other.xml" in err


def test_eval_event_location_reads_a_folder_whatever_its_file_is_called(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Police arrested ten protesters in Nakuru on Friday."
    record = {"text": text, "spans": [{"start": 7, "end": 15, "label": "VERB"}, {"start": 34, "end": 40,
                                                                                 "label": "LOCATION"}]}  # fmt: skip
    (tmp_path / "mine.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, out, _ = run(["eval", "event-location", str(tmp_path), "--json"], capsys)
    assert code == EXIT_OK and json.loads(out)
    (tmp_path / "second.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _, err = run(["eval", "event-location", str(tmp_path)], capsys)
    assert code == EXIT_ERROR and len(err.strip().splitlines()) == 1
    assert "expected event_location_dev.jsonl" in err and "found mine.jsonl, second.jsonl" in err


# --- 5. non-English text ---------------------------------------------------------------------


def test_a_french_article_is_skipped_by_name_and_kept_with_force_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = batch(tmp_path / "in", "b_french.txt", FRENCH)
    code, err = ingest(folder, tmp_path / "db.duckdb", capsys)
    assert code == EXIT_SKIPPED and "b_french.txt: error: the text is in language 'fr', not English" in err
    assert_good_ones_stored(tmp_path / "db.duckdb")
    assert stored(tmp_path / "db.duckdb", "SELECT DISTINCT language FROM articles") == [("en",)]
    [(origin,)] = stored(tmp_path / "db.duckdb", "SELECT origin FROM errors")
    assert origin.endswith("b_french.txt")
    code, err = ingest(folder, tmp_path / "forced.duckdb", capsys, "--force-language")
    assert code == EXIT_OK
    languages = stored(tmp_path / "forced.duckdb", "SELECT language FROM articles ORDER BY origin")
    assert languages == [("en",), ("fr",), ("en",)]


def test_short_english_full_of_names_stays_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dotterel.io import detect_language

    # langdetect alone calls these Indonesian, German, Indonesian and Estonian
    assert detect_language("Uganda did not attack Kenya on Monday. Ugandan troops may invade Kenya next week.") == "en"
    assert detect_language("Putin met Xi in Beijing.") == "en"
    assert detect_language("Kenya, Uganda sign border pact") == "en"
    assert detect_language("Nigerian troops kill militants") == "en"
    assert detect_language(FRENCH) == "fr"


# --- the server -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "events.duckdb"
    with Store(path) as store:
        store.ingest(shared_coder().code_articles(ARTICLES[:2]))
    return path


@pytest.fixture(scope="module")
def server(small_db: Path) -> Iterator[str]:
    with serving(Settings(db=str(small_db), token=TOKEN)) as url:
        yield url


def test_6_whitespace_text_is_refused_by_the_api_as_by_the_cli(server: str) -> None:
    body = [{"id": "ok-1", "text": GOOD_1}, {"id": "blank", "text": " \n\t "}, {"id": "ok-2", "text": GOOD_2}]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    answer = httpx.post(f"{server}/api/ingest", json=body, headers=headers, timeout=120)
    problem = is_problem(answer, 422)
    assert [item["loc"] for item in problem["detail"]] == [["body", 1, "text"]]
    assert "whitespace" in problem["detail"][0]["msg"]
    assert is_problem(httpx.post(f"{server}/api/code", json={"text": "   "}, timeout=120), 422)


def test_5_the_api_stores_the_detected_language(server: str, small_db: Path) -> None:
    body = [{"id": "fr-1", "text": FRENCH}, {"id": "en-1", "text": GOOD_2}]
    answer = httpx.post(f"{server}/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
    assert answer.status_code == 200, answer.text
    article = httpx.get(f"{server}/api/articles/fr-1").json()
    assert article["article"]["language"] == "fr"


def test_7_only_the_servers_own_host_names_are_answered(server: str) -> None:
    assert is_problem(httpx.get(f"{server}/api/events", headers={"Host": "evil.example"}), 400)
    assert is_problem(httpx.get(f"{server}/", headers={"Host": "evil.example:8000"}), 400)
    for host in ("localhost:8000", "127.0.0.1"):
        assert httpx.get(f"{server}/api/events", headers={"Host": host}).status_code == 200


def test_7_allowed_host_adds_a_name(small_db: Path) -> None:
    with serving(Settings(db=str(small_db), allowed_hosts=("dotterel.lan",))) as url:
        assert httpx.get(f"{url}/api/events", headers={"Host": "dotterel.lan"}).status_code == 200
        assert is_problem(httpx.get(f"{url}/api/events", headers={"Host": "other.lan"}), 400)


@pytest.mark.parametrize("path", ["/", "/api/events", "/api/events/no-such-id", "/static/style.css"])
def test_8_every_answer_carries_the_security_headers(server: str, path: str) -> None:
    headers = httpx.get(f"{server}{path}").headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "http" not in policy
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_9_code_refuses_a_text_over_the_cap(server: str, small_db: Path) -> None:
    over = {"text": "Police watched. " * 7000}  # 112,000 characters: over the default cap of 100,000
    problem = is_problem(httpx.post(f"{server}/api/code", json=over, timeout=300), 413)
    assert "112,000 characters" in problem["detail"] and "100,000" in problem["detail"]
    with serving(Settings(db=str(small_db), max_code_chars=2000)) as url:
        problem = is_problem(httpx.post(f"{url}/api/code", json={"text": "Police watched. " * 200}, timeout=300), 413)
        assert "3,200 characters" in problem["detail"] and "2,000" in problem["detail"]
        assert httpx.post(f"{url}/api/code", json={"text": GOOD_1}, timeout=300).status_code == 200


def test_9_coding_past_the_time_limit_is_stopped_and_the_next_request_is_coded(small_db: Path) -> None:
    with serving(Settings(db=str(small_db), code_timeout=0.001)) as url:
        problem = is_problem(httpx.post(f"{url}/api/code", json={"text": GOOD_1 * 20}, timeout=300), 503)
        assert "stopped after 0.001 s" in problem["detail"]
    with serving(Settings(db=str(small_db))) as url:
        assert httpx.post(f"{url}/api/code", json={"text": GOOD_1}, timeout=300).status_code == 200


def test_9_coding_requests_past_the_queue_get_429(small_db: Path) -> None:
    from dotterel.server.coding import CODING

    with serving(Settings(db=str(small_db), code_queue=1)) as url:
        answers: list[httpx.Response] = []
        with CODING._job:  # the worker is busy: the first request waits in the queue
            first = threading.Thread(target=lambda: answers.append(httpx.post(f"{url}/api/code", json={"text": GOOD_1},
                                                                               timeout=300)))  # fmt: skip
            first.start()
            while CODING._callers < 1:
                time.sleep(0.01)
            refused = httpx.post(f"{url}/api/code", json={"text": GOOD_2}, timeout=300)
            assert is_problem(refused, 429) and refused.headers["retry-after"]
        first.join()
        assert answers[0].status_code == 200


# --- 10. `dotterel sql` sees only the database ---------------------------------------------------


@pytest.fixture
def numbers_db(tmp_path: Path) -> Path:
    path = tmp_path / "numbers.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE n AS SELECT range AS i FROM range(3000)")
    return path


@pytest.mark.parametrize("query", ["SELECT * FROM read_csv('/etc/passwd')", "COPY (SELECT 1) TO '{out}'"])
def test_10_sql_cannot_touch_files(
    numbers_db: Path, query: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copied.csv"
    sql = query.format(out=out, other=tmp_path / "other.duckdb")
    code, stdout, err = run(["sql", sql, "--db", str(numbers_db)], capsys)
    assert code == EXIT_ERROR and err.startswith("dotterel: error:") and not stdout
    assert not out.exists() and not (tmp_path / "other.duckdb").exists()


def test_10_sql_external_access_is_off_and_locked(numbers_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Off, it also refuses INSTALL, LOAD and ATTACH; locked, the query cannot turn it back on."""
    query = "SELECT current_setting('enable_external_access') AS external"
    code, out, _ = run(["sql", query, "--db", str(numbers_db), "--format", "csv"], capsys)
    assert code == EXIT_OK and out.split() == ["external", "False"]
    code, _, err = run(["sql", "SET enable_external_access = true", "--db", str(numbers_db)], capsys)
    assert code == EXIT_ERROR and "configuration" in err


def test_10_sql_allow_files_is_the_power_users_switch(
    numbers_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copied.csv"
    code, _, _ = run(["sql", f"COPY (SELECT 1 AS one) TO '{out}'", "--db", str(numbers_db), "--allow-files"], capsys)
    assert code == EXIT_OK and out.read_text().split() == ["one", "1"]


def test_10_sql_streams_up_to_the_limit(numbers_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cross = "SELECT a.i, b.i, c.i FROM n a, n b, n c"  # 27 billion rows: only streaming returns
    code, out, err = run(["sql", cross, "--db", str(numbers_db), "--format", "csv", "--limit", "5"], capsys)
    assert code == EXIT_OK and len(out.splitlines()) == 6 and "stopped at --limit 5 rows" in err


def test_10_sql_stops_at_the_timeout(numbers_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cross = "SELECT count(*) FROM n a, n b, n c"  # 27 billion rows to count
    code, out, err = run(["sql", cross, "--db", str(numbers_db), "--timeout", "0.5"], capsys)
    assert code == EXIT_ERROR and "ran past --timeout 0.5 s" in err and not out


# --- 11. a 500 ends cleanly ------------------------------------------------------------------------


def _exchange(sock: socket.socket, path: str) -> bytes:
    """One HTTP/1.1 request on an open connection; its whole response, or b"" when the connection closed."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        if not (chunk := sock.recv(65536)):
            return data
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    sizes = [line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")]
    length = int(sizes[0])
    while len(body) < length:
        if not (chunk := sock.recv(65536)):
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def test_11_after_a_500_the_connection_serves_the_next_request(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("internal detail 4711")

    monkeypatch.setattr(reads, "count_events", broken)
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        first = _exchange(sock, "/api/events")
        assert first.startswith(b"HTTP/1.1 500") and b"application/problem+json" in first
        assert b"4711" not in first
        try:
            second = _exchange(sock, "/api/actors")
        except ConnectionResetError:
            second = b""
    assert second.startswith(b"HTTP/1.1 200")
