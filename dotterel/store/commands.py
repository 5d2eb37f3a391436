"""The database subcommands: `ingest`, `events`, `sql`, `export` and `series`.

`add_commands(subparsers)` registers them on the main `dotterel` parser; each command is
a small function over a `Store` (writing) or a read-only connection (everything else), so
an analyst can query a database while nothing else writes to it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import duckdb

from dotterel.errors import DotterelError, InputError
from dotterel.io import MAX_BYTES, ReadError, english_only, read_paths
from dotterel.model import Article, CodedArticle
from dotterel.progress import stored_summary
from dotterel.store import checks, formats, query
from dotterel.store.dataset import open_dataset
from dotterel.store.schema import SCHEMA_VERSION, create_views, current_version, same_tables
from dotterel.store.tables import write_table
from dotterel.store.workers import CodingError, LocalCoder
from dotterel.store.writer import DEFAULT_BATCH, DEFAULT_DB, IngestStats, Store, batches

EXIT_OK, EXIT_SKIPPED = 0, 1
Connection = duckdb.DuckDBPyConnection
ROW_FORMATS = ("table", "json", "jsonl", "csv")
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "polecat", "gdelt")


class ArticleCoder(Protocol):
    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]: ...


# --- ingest ------------------------------------------------------------------------------


@dataclass
class IngestRun:
    """What one `dotterel ingest` did, for its summary and exit code."""

    stats: IngestStats = field(default_factory=IngestStats)
    known: int = 0  # articles skipped before coding: stored already
    coded: int = 0
    skipped: int = 0  # inputs that could not be read
    warnings: int = 0

    def summary(self, db: str) -> str:
        s = self.stats
        return stored_summary(db, s.articles, s.events, self.known + s.duplicates, self.skipped, self.warnings)


class Progress:
    """Articles/s and ETA on one redrawn stderr line, only for a person watching a terminal."""

    def __init__(self, run: IngestRun, total: int | None, stream: IO[str]) -> None:
        self.run, self.total, self.stream = run, total, stream
        self.shown = stream.isatty()
        self.started = self.last = time.monotonic()

    def update(self) -> None:
        now = time.monotonic()
        if not self.shown or now - self.last < 0.5:
            return
        self.last = now
        done = self.run.coded + self.run.known + self.run.skipped
        rate = self.run.coded / max(now - self.started, 1e-9)
        line = f"\r{done:,}{f' / {self.total:,}' if self.total else ''} articles, {rate:.1f} articles/s"
        if self.total and rate > 0:
            line += f", ETA {_duration(max(self.total - done, 0) / rate)}"
        self.stream.write(line + "   ")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def count_inputs(paths: Sequence[str]) -> int | None:
    """A quick count of the articles under `paths` (a line per JSONL record), for the ETA."""
    from dotterel.io.readers import known_files

    total = 0
    for name in paths:
        path = Path(name)
        if name == "-" or not path.exists():
            return None
        for file in known_files(path) if path.is_dir() else [path]:
            total += _records_in(file)
    return total


def _records_in(file: Path) -> int:
    if file.suffix.lower() not in (".jsonl", ".csv"):
        return 1
    with file.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    return lines - (file.suffix.lower() == ".csv")


def _unstored(items: Iterable[Article | ReadError], store: Store, run: IngestRun, err: IO[str]) -> Iterator[Article]:
    """Articles to code: read problems are recorded and counted, stored articles skipped."""
    for item in items:
        if isinstance(item, ReadError):
            print(f"dotterel: {item}", file=err)
            store.add_error(item.origin, item.message, item.level)
            run.skipped += item.skipped
            run.warnings += not item.skipped
        elif store.known(item):
            run.known += 1
        else:
            yield item


def ingest_paths(
    paths: Sequence[str],
    store: Store,
    coder: ArticleCoder,
    published: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    err: IO[str] | None = None,
    on_batch: Callable[[IngestRun], None] | None = None,
    max_bytes: int = MAX_BYTES,
    force_language: bool = False,
) -> IngestRun:
    """Read, code and store every article under `paths`; what is stored already is not coded again.

    Articles detected as not English are recorded as errors unless `force_language`.
    """
    err = err or sys.stderr  # looked up now: a default bound at import would miss a redirected stderr
    run = IngestRun()
    progress = Progress(run, count_inputs(paths) if err.isatty() else None, err)
    items = read_paths(paths, published=published, max_bytes=max_bytes)
    articles = _unstored(items if force_language else english_only(items), store, run, err)

    def counted(records: Iterator[CodedArticle | CodingError]) -> Iterator[CodedArticle]:
        for record in records:
            if isinstance(record, CodingError):  # the coder raised on this article: recorded, the rest go on
                print(f"dotterel: {record}", file=err)
                store.add_error(record.origin, record.message, record.level)
                run.skipped += 1
                continue
            run.coded += 1
            progress.update()
            yield record

    for batch in batches(counted(coder.code_articles(articles)), batch_size):
        run.stats.add(store.write_batch(batch))
        if on_batch:
            on_batch(run)
    progress.finish()
    return run


def make_coder(args: argparse.Namespace) -> ArticleCoder:
    from dotterel.pipeline import Coder  # loading spaCy is slow: only for this command
    from dotterel.store.lifetime import workers_die_with_parent

    if args.workers != 1:
        workers_die_with_parent()  # a killed ingest must not leave its parser processes behind
    # the whole pipeline runs in the workers; this process only writes
    return LocalCoder(Coder(codebook=args.codebook, actors=args.actors), args.workers)


def cmd_ingest(args: argparse.Namespace) -> int:
    if args.engine == "ray":
        from dotterel.distributed import cmd_ingest_ray  # Ray is an optional extra

        return cmd_ingest_ray(args)
    coder = make_coder(args)
    with Store(args.db) as store:
        run = ingest_paths(args.paths, store, coder, args.published, args.batch_size,
                           max_bytes=args.max_bytes, force_language=args.force_language)  # fmt: skip
    print(run.summary(args.db), file=sys.stderr)
    return EXIT_SKIPPED if run.skipped else EXIT_OK


# --- reading -----------------------------------------------------------------------------


def open_read_only(db: str, need_schema: bool = True, config: dict[str, Any] | None = None) -> Connection:
    """A read-only connection to a database file, or DuckDB views over a Parquet dataset folder."""
    if not Path(db).exists():
        raise InputError(f"no database at {db}; build one with `dotterel ingest PATH --db {db}`")
    if Path(db).is_dir():  # written by `dotterel ingest --engine ray`: DuckDB views over its Parquet files
        return open_dataset(db, config)
    try:
        con = duckdb.connect(db, read_only=True, config=config or {})
    except duckdb.Error as exc:
        raise DotterelError(f"cannot open {db}: {exc}") from exc
    version = current_version(con)
    if need_schema and version == 0:
        con.close()
        raise InputError(f"{db} is not a dotterel database (it has no schema_version table)")
    if version < SCHEMA_VERSION and same_tables(version):
        # an older file whose upgrade only adds views: read it as it is, with the views made
        # for this connection (the file is not written; the next `ingest` upgrades it)
        create_views(con)
    elif need_schema and version != SCHEMA_VERSION:
        con.close()
        raise InputError(
            f"{db} has schema version {version}, this dotterel reads {SCHEMA_VERSION}; "
            "run `dotterel ingest` on it (with no new input) to upgrade it"
        )
    return con


def _output(path: str | None) -> Any:
    return open_output(path) if path else nullcontext(sys.stdout)


def open_output(path: str) -> IO[str]:
    """The file to write to; a folder that does not exist or cannot be written is a user mistake."""
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        reason = exc.strerror or exc
        raise InputError(f"cannot write {path}: {reason}; check the folder exists and is writable") from None


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def write_rows(columns: list[str], rows: Iterable[Sequence[Any]], fmt: str, out: IO[str]) -> None:
    """Query results as a terminal table, a JSON array, JSON lines or CSV."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=_jsonable) + "\n")
    elif fmt == "json":
        items = [dict(zip(columns, row, strict=True)) for row in rows]
        out.write(json.dumps(items, ensure_ascii=False, indent=2, default=_jsonable) + "\n")
    else:
        write_table(columns, list(rows), out)


def checked_filter(args: argparse.Namespace) -> query.EventFilter:
    """The command's filters; a value that cannot match fails, a country name is turned into its code."""
    found, notes = checks.checked(query.EventFilter.from_args(args))
    for note in notes:
        print(f"dotterel: {note}", file=sys.stderr)
    return found


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(sql, params)
    return [d[0] for d in cursor.description or []], cursor.fetchall()


def cmd_events(args: argparse.Namespace) -> int:
    sql, params = query.events_query(checked_filter(args))
    with open_read_only(args.db) as con, _output(None) as out:
        write_rows(*_run(con, sql, params), args.format, out)
    return EXIT_OK


# `dotterel sql` runs whatever it is given: without these, DuckDB could read any file on the
# machine (read_csv('/etc/passwd')), write one (COPY ... TO), or install and load extensions.
LOCKED_DOWN = {"enable_external_access": False, "lock_configuration": True}
SQL_LIMIT, SQL_TIMEOUT = 10_000, 60
SQL_MEMORY = "2GB"  # a runaway join fails with a message instead of taking the laptop's memory


def cmd_sql(args: argparse.Namespace) -> int:
    if args.limit < 0 or args.timeout < 0:
        raise InputError("--limit and --timeout must be 0 (no limit) or more")
    config = {"memory_limit": SQL_MEMORY, **({} if args.allow_files else LOCKED_DOWN)}
    with open_read_only(args.db, need_schema=False, config=config) as con, _output(None) as out:
        timer = threading.Timer(args.timeout, con.interrupt) if args.timeout else None
        if timer:
            timer.start()
        try:
            cursor = con.execute(args.query)
            columns = [d[0] for d in cursor.description or []]
            rows, capped = _capped(cursor, args.limit)
            write_rows(columns, rows, args.format, out)
        except duckdb.InterruptException:
            raise InputError(f"the query ran past --timeout {args.timeout} s and was stopped") from None
        except duckdb.PermissionException as exc:
            raise InputError(f"the query needs files outside the database ({exc}); add --allow-files") from None
        except duckdb.Error as exc:
            raise InputError(f"the query failed: {exc}") from None
        finally:
            if timer:
                timer.cancel()
    if capped.stopped:
        print(f"dotterel: stopped at --limit {args.limit} rows; give --limit 0 for all", file=sys.stderr)
    return EXIT_OK


@dataclass
class _Cap:
    stopped: bool = False


def _capped(cursor: duckdb.DuckDBPyConnection, limit: int) -> tuple[Iterator[tuple], _Cap]:
    """Rows fetched as they are written, at most `limit` of them (0: all)."""
    cap = _Cap()

    def rows() -> Iterator[tuple]:
        sent = 0
        while chunk := cursor.fetchmany(1000):
            for row in chunk:
                if limit and sent == limit:
                    cap.stopped = True
                    return
                sent += 1
                yield row

    return rows(), cap


def cmd_series(args: argparse.Namespace) -> int:
    sql, params = query.series_query(checked_filter(args), args.by, args.dyad)
    with open_read_only(args.db) as con:
        if args.format == "parquet":
            copy_parquet(con, sql, params, args.out)
        else:
            with _output(args.out) as out:
                write_rows(*_run(con, sql, params), "csv", out)
    return EXIT_OK


# --- export ------------------------------------------------------------------------------


def copy_parquet(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], path: str | None) -> None:
    if not path:
        raise InputError("Parquet is a binary format: give a file with --out FILE.parquet")
    target = path.replace("'", "''")  # COPY takes the file name as a literal, not a parameter
    try:
        con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)", params)
    except duckdb.IOException as exc:
        raise InputError(f"cannot write {path}: {exc}") from None


def export_jsonl(con: duckdb.DuckDBPyConnection, out: IO[str], modality: str | None = None) -> None:
    cursor = con.execute(*query.export_query(query.RECORDS_QUERY, modality))
    while rows := cursor.fetchmany(500):
        for row in rows:
            out.write(json.dumps(record_of(row), ensure_ascii=False) + "\n")


def record_of(row: Sequence[Any]) -> dict[str, Any]:
    """A RECORDS_QUERY row as the record of DESIGN.md (NULL lists become [])."""
    article, events, entities, quotes, places, dates, warnings = row
    for event in events or []:
        event["actor"] = event["actor"] or []
        event["recipient"] = event["recipient"] or []
        event["contexts"] = event["contexts"] or []
    for entity in entities or []:
        entity["mentions"] = entity["mentions"] or []
    return {
        "article": article, "events": events or [], "entities": entities or [], "quotes": quotes or [],
        "places": places or [], "dates": dates or [], "warnings": warnings or [],
    }  # fmt: skip


def export_delimited(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], out: IO[str], **style: Any) -> None:
    header = style.pop("header", True)
    cursor = con.execute(sql, params)
    # RFC 4180 quoting with LF line ends: what pandas, DuckDB, R and GDELT's own tools read.
    writer = csv.writer(out, lineterminator="\n", **style)
    if header:
        writer.writerow([d[0] for d in cursor.description or []])
    while rows := cursor.fetchmany(1000):
        writer.writerows(rows)


def cmd_export(args: argparse.Namespace) -> int:
    from dotterel import __version__

    modality = args.modality
    query.modalities(modality)  # a modality that matches nothing fails before the file is opened
    with open_read_only(args.db) as con:
        if args.format == "parquet":
            copy_parquet(con, *query.export_query(query.PARQUET_QUERY, modality), args.out)
            return EXIT_OK
        with _output(args.out) as out:
            if args.format == "jsonl":
                export_jsonl(con, out, modality)
            elif args.format == "csv":
                export_delimited(con, *query.export_query(query.CSV_QUERY, modality), out)
            elif args.format == "polecat":
                sql, params = formats.polecat_query(f"dotterel {__version__}", modality)
                export_delimited(con, sql, params, out, delimiter="\t")
            else:
                export_delimited(con, *formats.gdelt_query(modality), out, delimiter="\t", header=False)
    return EXIT_OK


# --- the parser --------------------------------------------------------------------------


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", help="PLOVER event type, e.g. PROTEST")
    parser.add_argument("--mode", help="PLOVER mode, e.g. demonstrate")
    _add_modality(parser)
    parser.add_argument("--actor-country", dest="actor_country", metavar="CODE",
                        help="actor country: a code (KEN) or a name (Kenya)")  # fmt: skip
    parser.add_argument("--recipient-country", dest="recipient_country", metavar="CODE",
                        help="recipient country: a code or a name")  # fmt: skip
    parser.add_argument("--actor", metavar="NAME", help="part of an actor's name, any case")
    parser.add_argument("--since", metavar="DATE", help="events on or after this day (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="events on or before this day (YYYY-MM-DD)")
    parser.add_argument("--place", help="part of the event location's name, or its country code")
    parser.add_argument("--min-reports", dest="min_reports", type=int, metavar="N",
                        help="only events reported by at least N articles")  # fmt: skip
    parser.add_argument("--limit", type=positive, metavar="N", help="at most N rows")


def _add_modality(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--modality", metavar="NAMES",
                        help=f"comma-separated, from {', '.join(query.MODALITIES)}; or all "
                             f"(default: what happened, {','.join(query.OCCURRED)})")  # fmt: skip


def positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return number


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"database file (default: {DEFAULT_DB})")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ingest, events, sql, export and series on the `dotterel` parser."""
    ingest = sub.add_parser("ingest", help="code articles and store them in an event database")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    _add_db(ingest)
    ingest.add_argument("--workers", type=positive, default=1, metavar="N",
                        help="coding processes, or Ray actors with --engine ray (default: 1)")  # fmt: skip
    ingest.add_argument("--published", metavar="DATE", help="publication date for inputs without one")
    ingest.add_argument("--batch-size", dest="batch_size", type=positive, default=DEFAULT_BATCH, metavar="N",
                        help=f"articles per transaction (default: {DEFAULT_BATCH})")  # fmt: skip
    ingest.add_argument("--max-bytes", dest="max_bytes", type=positive, default=MAX_BYTES, metavar="BYTES",
                        help=f"largest file or JSONL line to read (default: {MAX_BYTES:,})")  # fmt: skip
    ingest.add_argument("--force-language", action="store_true", dest="force_language",
                        help="code articles detected as not English (by default they are skipped)")  # fmt: skip
    ingest.add_argument("--codebook", action="append", metavar="FILE", help="extra trigger file (repeatable)")
    ingest.add_argument("--actors", action="append", metavar="FILE", help="extra actor file (repeatable)")
    ingest.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="local: this machine, into --db; ray: a Ray cluster, into the Parquet dataset --out")
    ingest.add_argument("--address", metavar="ADDR",
                        help="--engine ray: join the Ray cluster at ADDR (default: start Ray on this machine)")
    ingest.add_argument("--out", metavar="DIR",
                        help="--engine ray: the Parquet dataset folder (default: dotterel-dataset)")  # fmt: skip
    ingest.set_defaults(func=cmd_ingest)

    events = sub.add_parser("events", help="list stored events that match filters")
    _add_db(events)
    _add_filters(events)
    events.add_argument("--format", choices=ROW_FORMATS, default="table")
    events.set_defaults(func=cmd_events)

    sql = sub.add_parser("sql", help="run a read-only SQL query on the database")
    sql.add_argument("query", metavar="SQL", help='e.g. "SELECT type, count(*) FROM events GROUP BY type"')
    _add_db(sql)
    sql.add_argument("--format", choices=ROW_FORMATS, default="table")
    sql.add_argument("--limit", type=int, default=SQL_LIMIT, metavar="N",
                     help=f"at most N rows, 0 for all (default: {SQL_LIMIT:,})")  # fmt: skip
    sql.add_argument("--timeout", type=float, default=SQL_TIMEOUT, metavar="SECONDS",
                     help=f"stop the query after this long, 0 for never (default: {SQL_TIMEOUT})")  # fmt: skip
    sql.add_argument("--allow-files", action="store_true", dest="allow_files",
                     help="let the query read and write files and load extensions")  # fmt: skip
    sql.set_defaults(func=cmd_sql)

    export = sub.add_parser("export", help="write the whole database in an exchange format")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--out", metavar="FILE", help="write here instead of stdout (required for parquet)")
    _add_modality(export)
    _add_db(export)
    export.set_defaults(func=cmd_export)

    series = sub.add_parser("series", help="event counts per day, week or month")
    series.add_argument("--by", choices=query.PERIODS, default="day")
    series.add_argument("--dyad", action="store_true", help="also split by actor and recipient country")
    _add_filters(series)
    _add_db(series)
    series.add_argument("--format", choices=["csv", "parquet"], default="csv")
    series.add_argument("--out", metavar="FILE", help="write here instead of stdout (required for parquet)")
    series.set_defaults(func=cmd_series)
