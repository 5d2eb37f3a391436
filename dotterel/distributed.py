"""Coding a whole archive on a Ray cluster, with the same records as one machine.

    dotterel ingest PATH... --engine ray [--address ADDR] [--workers N] [--out DIR]

1. read: Ray Data tasks read the input files (JSONL, CSV, JSON, text, HTML, Parquet shards;
   local or shared paths, or URIs pyarrow's file systems open) with dotterel's own readers,
   so ids, texts and origins are those of `dotterel ingest`; unreadable input becomes error
   rows. Each article gets its place in the input order ("ordinal").
2. skip: the driver drops what the dataset holds already and repeats within the input (by
   id or content hash, first one wins), as the database's ingest does.
3. code: `map_batches` with a pool of actors; each builds the `Coder` once (model and
   codebook) and codes its batches with `nlp.pipe`, then writes the batch's rows as one part
   of the Parquet dataset (`dotterel.store.dataset`). A part is named after its articles, so
   a batch Ray retries after a worker died is written again under the same name, not twice.
4. merge: reports are partitioned by event type and date segment (days more than the merge
   window apart can never share a cluster), and the database's merge rule runs inside each
   partition in input order, one Ray task per bucket of whole partitions: the clusters
   equal the single-machine merge's.

The driver never codes: it lists the input, holds the (id, hash) keys, and writes nothing
but the read errors. `--out` must be a folder the driver and every worker can reach (a
shared file system on a cluster).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import re
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dotterel.errors import DotterelError, InputError
from dotterel.io import KNOWN_EXTENSIONS, MAX_BYTES, ReadError, english_only, read_file
from dotterel.io.records import record_to_article
from dotterel.model import Actor, Article
from dotterel.progress import stored_summary
from dotterel.store import dataset
from dotterel.store.merge import DEFAULT_WINDOW_DAYS, ClusterIndex, Merger, Report, modality_class, side_of
from dotterel.store.writer import DEFAULT_BATCH, content_hash

RAY_MISSING = "--engine ray needs Ray, an optional extra: pip install 'dotterel[ray]'"
PARQUET = ".parquet"
RECORD_BITS = 32  # ordinal = file number << 32 | record number in the file
ARTICLE_FIELDS = ("id", "text", "title", "published", "url", "source", "language", "origin")
RETRIES = 2  # a worker that dies is restarted and its batch re-run this often, then the job stops
DEFAULT_OUT = "dotterel-dataset"
CONNECT_SECONDS = 5.0
MERGED_PARTS = "parts.txt"  # in merge/: the parts it was computed from
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CoderFactory = Callable[..., Any]  # (codebook=, actors=) -> an object with code_articles(articles)


@dataclass
class RayRun:
    """What one `ingest_ray` did."""

    out: str
    articles: int = 0  # coded and stored by this run
    events: int = 0
    known: int = 0  # stored by an earlier run
    duplicates: int = 0  # repeated within the input
    skipped: int = 0  # inputs that could not be read or coded
    warnings: int = 0
    clusters: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        stored_already = self.known + self.duplicates
        counts = (self.articles, self.events, stored_already, self.skipped, self.warnings)
        return stored_summary(self.out, *counts, engine=" (Ray)")


# --- Ray itself --------------------------------------------------------------------------


def import_ray() -> Any:
    try:
        import ray
        import ray.data  # the extra's `data` part
    except ImportError:
        raise InputError(RAY_MISSING) from None
    return ray


@contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None) -> Iterator[Any]:
    """Ray, started on this machine (no address) or joined at `address`; left as found."""
    ray = import_ray()
    if ray.is_initialized():  # a caller (a notebook, the tests) runs Ray already
        yield ray
        return
    if address:
        check_reachable(address)
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError or ValueError, by version
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        hint = "; check the address, or start one with `ray start --head`" if address else ""
        raise DotterelError(f"cannot start or reach {where}: {_first_line(exc)}{hint}") from None
    try:
        yield ray
    finally:
        ray.shutdown()


def check_reachable(address: str, timeout: float = CONNECT_SECONDS) -> None:
    """Fail in seconds on an address nothing listens at: Ray itself would wait for minutes."""
    if address == "auto":
        return
    host, _, port = address.split("://", 1)[-1].rpartition(":")
    if not host or not port.isdigit():
        raise InputError(f"--address {address!r} is not HOST:PORT (e.g. 10.0.0.5:6379 or ray://10.0.0.5:10001)")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise DotterelError(
            f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); check the address, "
            "or start a cluster there with `ray start --head`"
        ) from None


def _first_line(exc: BaseException) -> str:
    text = ANSI.sub("", str(exc)).strip().splitlines()  # Ray colours its task names
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def _quiet_bars(ray: Any, stream: Any) -> None:
    """Ray Data's progress bars for a person at a terminal, not in a log file or a test."""
    shown = bool(getattr(stream, "isatty", lambda: False)())
    ray.data.DataContext.get_current().enable_progress_bars = shown
    if not shown:
        logging.getLogger("ray.data").setLevel(logging.WARNING)


# --- 1. read -----------------------------------------------------------------------------


def list_inputs(paths: Sequence[str]) -> tuple[list[dict[str, Any]], list[ReadError]]:
    """Every input file in the order `dotterel ingest` reads them, and the paths that are missing."""
    files: list[dict[str, Any]] = []
    missing: list[ReadError] = []
    for name in paths:
        if name == "-":
            raise InputError("--engine ray reads files, folders and URIs, not stdin; save the input to a file")
        found = _uri_files(name) if "://" in name else _local_files(name, missing)
        files += [{"name": shown, "path": real, "ordinal": 0} for shown, real in found]
    for number, item in enumerate(files):
        item["ordinal"] = number
    return files, missing


def _local_files(name: str, missing: list[ReadError]) -> list[tuple[str, str]]:
    path = Path(name)
    if not path.exists():
        missing.append(ReadError(name, "no such file or folder; check the path"))
        return []
    if not path.is_dir():
        return [(name, str(path.resolve()))]
    found = [(str(p), str(p.resolve())) for p in _known_files(path)]
    if not found:
        missing.append(ReadError(name, f"folder has no files to read ({' '.join(KNOWN_EXTENSIONS)} .parquet)"))
    return found


def _known_files(folder: Path) -> Iterator[Path]:
    """As `dotterel.io.readers.known_files` (same order), Parquet shards too."""
    suffixes = (*KNOWN_EXTENSIONS, PARQUET)
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                yield Path(root, name)


def _uri_files(uri: str) -> list[tuple[str, str]]:
    from pyarrow import fs

    try:
        filesystem, root = fs.FileSystem.from_uri(uri)
        info = filesystem.get_file_info(root)
        if info.type == fs.FileType.Directory:
            infos = filesystem.get_file_info(fs.FileSelector(root, recursive=True))
            names = sorted(i.path for i in infos if i.type == fs.FileType.File)
            scheme = uri.split("://", 1)[0]
            return [(f"{scheme}://{n}", f"{scheme}://{n}") for n in names if _wanted(n)]
    except Exception as exc:  # pyarrow raises OSError or ArrowInvalid, by file system
        raise InputError(f"cannot list {uri}: {_first_line(exc)}") from None
    return [(uri, uri)]


def _wanted(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and Path(base).suffix.lower() in (*KNOWN_EXTENSIONS, PARQUET)


def read_rows(
    file: dict[str, Any], published: str | None, max_bytes: int, force_language: bool
) -> list[dict[str, Any]]:
    """One input file as rows: an article or an error each (runs in a Ray task)."""
    rows = []
    items = _read_any(file["name"], file["path"], published, max_bytes)
    for number, item in enumerate(items if force_language else english_only(items)):
        ordinal = (file["ordinal"] << RECORD_BITS) | number
        rows.append(_error_row(item, ordinal) if isinstance(item, ReadError) else _article_row(item, ordinal))
    return rows


def _read_any(name: str, real: str, published: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    if real.lower().endswith(PARQUET):
        yield from _read_parquet(name, real, published)
    elif "://" in real:
        yield from _read_uri(name, published, max_bytes)
    else:
        # read by absolute path (a worker's working folder is not the driver's), shown as given
        for item in read_file(Path(real), published, max_bytes):
            yield _shown_as(item, real, name)


def _shown_as(item: Article | ReadError, real: str, name: str) -> Article | ReadError:
    origin = item.origin or ""
    if not origin.startswith(real):
        return item
    shown = name + origin[len(real) :]
    return dataclasses.replace(item, origin=shown)


def _read_uri(uri: str, published: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    """A remote file: copied to a local temporary file, read by dotterel's reader."""
    from pyarrow import fs

    suffix = Path(uri.rsplit("/", 1)[-1]).suffix
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder, "input" + suffix)
        try:
            filesystem, path = fs.FileSystem.from_uri(uri)
            with filesystem.open_input_stream(path) as stream, local.open("wb") as out:
                shutil.copyfileobj(stream, out)
        except Exception as exc:  # OSError, ArrowInvalid: a message, not a stopped job
            yield ReadError(uri, f"cannot read it: {_first_line(exc)}")
            return
        for item in read_file(local, published, max_bytes):
            yield _shown_as(item, str(local), uri)


def _read_parquet(name: str, real: str, published: str | None) -> Iterator[Article | ReadError]:
    """A Parquet shard: one record (`id`, `title`, `text`, `published`, `url`, `source`) a row."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(real) if "://" not in real else pq.read_table(real.split("://", 1)[1])
    except Exception as exc:  # not Parquet, unreadable: a message, not a stopped job
        yield ReadError(name, f"cannot read it as Parquet: {_first_line(exc)}")
        return
    if "text" not in table.column_names:
        yield ReadError(name, f"no `text` column (columns: {', '.join(table.column_names)})")
        return
    for number, record in enumerate(table.to_pylist(), start=1):
        values = {k: (str(v) if v is not None and k != "text" else v) for k, v in record.items()}
        yield from record_to_article(values, f"{name}:{number}", published)


def _article_row(article: Article, ordinal: int) -> dict[str, Any]:
    row = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    return {**row, "kind": "article", "content_hash": content_hash(article.text), "ordinal": ordinal,
            "message": None, "level": None}  # fmt: skip


def _error_row(error: ReadError, ordinal: int) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ARTICLE_FIELDS)
    return {**row, "origin": error.origin, "kind": "error", "content_hash": None, "ordinal": ordinal,
            "message": error.message, "level": error.level}  # fmt: skip


# --- 2. skip -----------------------------------------------------------------------------


def to_code(keys: list[dict[str, Any]], stored: list[tuple[str, str]], run: RayRun) -> list[int]:
    """Ordinals of the articles to code: first of their id and content, and not stored yet."""
    stored_ids = {i for i, _ in stored}
    stored_hashes = {h for _, h in stored}
    ids, hashes = set(stored_ids), set(stored_hashes)
    keep = []
    for row in sorted(keys, key=lambda r: r["ordinal"]):
        if row["id"] in stored_ids or row["content_hash"] in stored_hashes:
            run.known += 1
            continue
        if row["id"] in ids or row["content_hash"] in hashes:
            run.duplicates += 1
            continue
        ids.add(row["id"])
        hashes.add(row["content_hash"])
        keep.append(row["ordinal"])
    return keep


def _keep_rows(batch: Any, keep: list[int]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pc.and_(pc.equal(batch["kind"], "article"), pc.is_in(batch["ordinal"], value_set=pa.array(keep)))
    return batch.filter(mask)


# --- 3. code -----------------------------------------------------------------------------


class CodeBatches:
    """A Ray actor: builds the coder once, then codes a batch and writes it as one dataset part."""

    def __init__(self, out: str, run_id: int, make_coder: CoderFactory, options: dict[str, Any]) -> None:
        from dotterel.store.workers import LocalCoder

        self.root, self.run_id = Path(out), run_id
        self.coder = LocalCoder(make_coder(**options))
        self.parts = PartWriter()

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        from dotterel.store.workers import CodingError

        rows = batch.to_pylist()
        key = dataset.part_key((r["id"], r["content_hash"]) for r in rows)
        if dataset.part_path(self.root, "articles", key).exists():  # a retried batch that was written
            return _summary(key, 0, 0, 0, already=len(rows))
        articles = [Article(**{name: r[name] for name in ARTICLE_FIELDS}) for r in rows]
        coded, errors = [], []
        for item in self.coder.code_articles(articles):
            (errors if isinstance(item, CodingError) else coded).append(item)
        order = [(r["id"], self.run_id, r["ordinal"]) for r in rows]
        stats = self.parts.write(self.root, key, coded, errors, order)
        return _summary(key, stats.articles, stats.events, len(errors), already=stats.duplicates)


def build_coder(codebook: list[str] | None = None, actors: list[str] | None = None) -> Any:
    """The laptop's `Coder`, built once in each actor."""
    from dotterel.pipeline import Coder

    return Coder(codebook=codebook, actors=actors)


def _summary(key: str, articles: int, events: int, errors: int, already: int) -> dict[str, list[Any]]:
    return {"part": [key], "articles": [articles], "events": [events], "errors": [errors], "already": [already]}


class PartWriter:
    """Rows of one batch, built by the database's own writer (an in-memory DuckDB), saved as Parquet."""

    def __init__(self) -> None:
        from dotterel.store.writer import Store

        self.store = Store(":memory:")
        con = self.store.con
        # the tables only: the views (event_sides ...) are made again over the parts when they are read
        found = con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'")
        self.tables = [r[0] for r in found.fetchall()]

    def write(self, root: Path, key: str, coded: list[Any], errors: list[Any], order: list[tuple]) -> Any:
        import pyarrow as pa

        for table in self.tables:
            self.store.con.execute(f"DELETE FROM {table}")
        for error in errors:
            self.store.add_error(error.origin, error.message, error.level)
        stats = self.store.write_batch(coded)
        ids, runs, ordinals = (list(c) for c in zip(*order, strict=True)) if order else ([], [], [])
        order_table = pa.table({"article_id": pa.array(ids, pa.string()), "run": pa.array(runs, pa.int64()),
                                "ordinal": pa.array(ordinals, pa.int64())})  # fmt: skip
        _save(root, dataset.ORDER, key, order_table)
        for table in [t for t in self.tables if t not in (*dataset.NOT_PARTS, "articles")] + ["articles"]:
            _save(root, table, key, self.store.con.sql(f"SELECT * FROM {table}").to_arrow_table())
        return stats


def _save(root: Path, table: str, key: str, data: Any) -> None:
    import pyarrow.parquet as pq

    path = dataset.part_path(root, table, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(data, tmp)
    os.replace(tmp, path)  # a part's file is whole or absent


# --- 4. merge ----------------------------------------------------------------------------

# Each event with what merging compares, its place in the input order and its partition:
# the event type and a date segment, which starts anew after a gap longer than the window.
REPORTS_SQL = """
WITH ev AS (
    SELECT e.id AS event_id, e.type, e.modality, e.event_date AS day, e.location_name, e.location_country,
           o.run, o.ordinal, e.position,
           list(struct_pack(text := a.text, name := a.name, country := a.country, sector := a.sector)
                ORDER BY a.position) FILTER (WHERE a.role = 'actor') AS actors,
           list(struct_pack(text := a.text, name := a.name, country := a.country, sector := a.sector)
                ORDER BY a.position) FILTER (WHERE a.role = 'recipient') AS recipients
    FROM events e
    JOIN article_order o ON o.article_id = e.article_id
    LEFT JOIN event_actors a ON a.event_id = e.id
    GROUP BY ALL
), days AS (
    SELECT type, day,
           CASE WHEN day - lag(day) OVER (PARTITION BY type ORDER BY day) > $window THEN 1 ELSE 0 END AS gap
    FROM (SELECT DISTINCT type, day FROM ev WHERE day IS NOT NULL)
), segments AS (
    SELECT type, day, sum(gap) OVER (PARTITION BY type ORDER BY day ROWS UNBOUNDED PRECEDING) AS segment
    FROM days
)
SELECT ev.*, ev.type || ':' || coalesce(CAST(s.segment AS VARCHAR), 'undated') AS part
FROM ev LEFT JOIN segments s ON s.type = ev.type AND s.day = ev.day
"""
MERGE_COLUMNS = ("event_id", "cluster_id", "type", "modality", "actor_key", "recipient_key", "actor_names",
                 "recipient_names", "location_name", "location_country")  # fmt: skip


def merge_part(rows: list[dict[str, Any]], window_days: int) -> list[tuple]:
    """The database's merge rule over one partition's reports, in input order: a row per event."""
    import datetime as dt

    ordered = sorted(rows, key=lambda r: (r["run"], r["ordinal"], r["position"]))
    reports = [_report(r) for r in ordered]
    assigned, clusters = Merger(window_days).assign_to(ClusterIndex(dt.timedelta(days=window_days)), reports)
    by_id = {c.cluster_id: c for c in clusters}
    out = []
    for report in reports:
        c = by_id[assigned[report.event_id]]
        out.append((report.event_id, c.cluster_id, c.type, c.modality, c.actor.codes, c.recipient.codes,
                    c.actor.names, c.recipient.names, c.location_name, c.location_country))  # fmt: skip
    return out


def _report(row: dict[str, Any]) -> Report:
    def side(items: list[dict[str, Any]] | None) -> Any:
        return side_of([Actor(i["text"], i["name"], i["country"], i["sector"], "", 0, 0) for i in items or []])

    return Report(
        event_id=row["event_id"], type=row["type"], modality=modality_class(row["modality"]),
        actor=side(row["actors"]), recipient=side(row["recipients"]), day=row["day"],
        location_name=row["location_name"], location_country=row["location_country"],
    )  # fmt: skip


def merge_dataset(ray: Any, root: Path, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Re-merge every event of the dataset as a distributed step; returns the number of clusters.

    DuckDB writes the reports in buckets of whole partitions; one Ray task merges a bucket
    (no shuffle: a partition never spans two buckets); the result replaces `merge/` at once.
    """
    staging, fresh = root / ".merge-input", root / ".merge-new"
    for folder in (staging, fresh):
        shutil.rmtree(folder, ignore_errors=True)
    fresh.mkdir()
    buckets = max(1, int(ray.available_resources().get("CPU", 1)) * 2)
    parts = dataset.done_parts(root)
    with dataset.open_dataset(root) as con:
        if con.execute("SELECT count(*) FROM events").fetchone()[0]:  # type: ignore[index]
            reports = REPORTS_SQL.replace("$window", str(window_days))
            target = str(staging).replace("'", "''")
            con.execute(f"COPY (SELECT *, hash(part) % {buckets} AS bucket FROM ({reports})) TO '{target}' "
                        "(FORMAT parquet, PARTITION_BY (bucket))")  # fmt: skip
    inputs = sorted(str(p) for p in staging.rglob("*.parquet"))
    task = ray.remote(num_cpus=1, max_retries=RETRIES)(merge_file)
    written = _guarded(lambda: ray.get([task.remote(p, str(fresh / f"merged-{i}.parquet"), window_days)
                                        for i, p in enumerate(inputs)]), ray)  # fmt: skip
    if not inputs:
        _write_merged([], str(fresh / "empty.parquet"))
    (fresh / MERGED_PARTS).write_text("\n".join(sorted(parts)), encoding="utf-8")
    _swap(fresh, root / dataset.MERGE)
    shutil.rmtree(staging, ignore_errors=True)
    return sum(written)


def merged_parts(root: Path) -> set[str]:
    """The parts the current merge covers."""
    path = root / dataset.MERGE / MERGED_PARTS
    return set(path.read_text(encoding="utf-8").split()) if path.exists() else set()


def merge_file(reports: str, out: str, window_days: int) -> int:
    """Merge each partition in one bucket file of reports (a Ray task); returns its clusters."""
    import pyarrow.parquet as pq

    rows: dict[str, list[dict[str, Any]]] = {}
    for row in pq.read_table(reports).to_pylist():
        rows.setdefault(row["part"], []).append(row)
    merged = [m for part in sorted(rows) for m in merge_part(rows[part], window_days)]
    _write_merged(merged, out)
    return len({m[1] for m in merged})


def _write_merged(rows: list[tuple], out: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*rows, strict=True)) if rows else [()] * len(MERGE_COLUMNS)
    table = pa.table(
        {name: pa.array(list(values), pa.string()) for name, values in zip(MERGE_COLUMNS, columns, strict=True)}
    )
    pq.write_table(table, out)


def _swap(fresh: Path, target: Path) -> None:
    old = target.with_name(".merge-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


# --- the whole job -----------------------------------------------------------------------


def ingest_ray(
    paths: Sequence[str],
    out: str | Path = DEFAULT_OUT,
    workers: int = 1,
    address: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    published: str | None = None,
    codebook: list[str] | None = None,
    actors: list[str] | None = None,
    max_bytes: int = MAX_BYTES,
    num_cpus: int | None = None,
    err: Any = sys.stderr,
    make_coder: CoderFactory = build_coder,
    force_language: bool = False,
) -> RayRun:
    """Read, code, store and merge every article under `paths` into the Parquet dataset `out`."""
    if workers < 1 or batch_size < 1:
        raise InputError("--workers and --batch-size must be at least 1")
    files, missing = list_inputs(paths)
    root = dataset.create(out)
    run = RayRun(out=str(out))
    with ray_session(address, num_cpus) as ray:
        _quiet_bars(ray, err)
        dataset.remove_unfinished(root)
        started = time.perf_counter()
        read = _read(ray, files, {"published": published, "max_bytes": max_bytes, "force_language": force_language})
        keys = read.select_columns(["kind", "id", "content_hash", "ordinal", "origin", "message", "level"]).take_all()
        _record_read_errors(root, missing, [k for k in keys if k["kind"] == "error"], run, err)
        keep = to_code([k for k in keys if k["kind"] == "article"], dataset.stored_keys(root), run)
        run.seconds["read"] = time.perf_counter() - started
        if keep:
            options = {"codebook": codebook, "actors": actors}
            _code(ray, read, keep, root, workers, batch_size, make_coder, options, run)
        run.seconds["code"] = time.perf_counter() - started - run.seconds["read"]
        if merged_parts(root) != dataset.done_parts(root):  # new parts, or a job killed before its merge
            run.clusters = _guarded(lambda: merge_dataset(ray, root), ray)
        run.seconds["merge"] = time.perf_counter() - started - run.seconds["read"] - run.seconds["code"]
    return run


def _read(ray: Any, files: list[dict[str, Any]], options: dict[str, Any]) -> Any:
    if not files:
        return ray.data.from_items([_error_row(ReadError("-", "nothing to read"), 0)]).filter(lambda r: False)
    items = ray.data.from_items(files, override_num_blocks=min(len(files), 200))
    rows = items.flat_map(read_rows, fn_kwargs=options)
    return _guarded(rows.materialize, ray)


def _record_read_errors(
    root: Path, missing: list[ReadError], rows: list[dict[str, Any]], run: RayRun, err: Any
) -> None:
    from dotterel.store.workers import CodingError

    errors = [CodingError(e.origin, e.message, e.level) for e in missing]
    errors += [CodingError(r["origin"], r["message"], r["level"]) for r in sorted(rows, key=lambda r: r["ordinal"])]
    for error in errors:
        print(f"dotterel: {error}", file=err)
        run.skipped += error.level == "error"
        run.warnings += error.level != "error"
    if errors:
        key = dataset.part_key((e.origin, e.message) for e in errors)
        PartWriter().write(root, f"read-{key}", [], errors, [])


def _code(ray: Any, read: Any, keep: list[int], root: Path, workers: int, batch_size: int,
          make_coder: CoderFactory, options: dict[str, Any], run: RayRun) -> None:  # fmt: skip
    todo = read.map_batches(_keep_rows, fn_kwargs={"keep": keep}, batch_format="pyarrow")
    # Materialised before the actors start: with as many actors as CPUs, a filter task queued
    # behind them would wait for ever.
    todo = _guarded(todo.repartition(target_num_rows_per_block=batch_size).materialize, ray)
    coded = todo.map_batches(
        CodeBatches,
        fn_constructor_kwargs={"out": str(root.resolve()), "run_id": time.time_ns(), "make_coder": make_coder,
                               "options": options},
        batch_size=batch_size, batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES,
    )  # fmt: skip
    for row in _guarded(lambda: list(coded.iter_rows()), ray):
        run.articles += row["articles"]
        run.events += row["events"]
        run.skipped += row["errors"]
        run.duplicates += row["already"]


def _guarded(step: Any, ray: Any) -> Any:
    """Run a Ray step; a dead worker or a failed task ends as one clear message."""
    try:
        return step()
    except (DotterelError, KeyboardInterrupt):
        raise
    except Exception as exc:
        died = isinstance(exc, ray.exceptions.RayActorError | ray.exceptions.WorkerCrashedError)
        what = "a Ray worker died" if died else "a Ray task failed"
        raise DotterelError(
            f"{what} ({_first_line(exc)}) after {RETRIES} retries; every batch written so far is kept: "
            "run the same command again to resume"
        ) from None


def cmd_ingest_ray(args: argparse.Namespace) -> int:
    """`dotterel ingest --engine ray`."""
    out = args.out or DEFAULT_OUT
    run = ingest_ray(
        args.paths, out, workers=args.workers, address=args.address, batch_size=args.batch_size,
        published=args.published, codebook=args.codebook, actors=args.actors,
        max_bytes=args.max_bytes, force_language=args.force_language,
    )  # fmt: skip
    print(run.summary(), file=sys.stderr)
    return 1 if run.skipped else 0
