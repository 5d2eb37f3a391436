"""A Parquet dataset of coded articles: what `dotterel ingest --engine ray` writes, read through DuckDB views.

Layout of a dataset folder (one folder per table, one file per coded batch, "part"):

    DIR/dotterel-dataset.json          marker: format and schema version
    DIR/<table>/part-<key>.parquet     articles, events, event_actors, entities, mentions,
                                       quotes, places, dates, errors, article_order
    DIR/merge/*.parquet                the cross-article merge: event_id -> cluster and its keys

A part's key is a hash of its articles' ids and content hashes, and its `articles` file is
written last, each file by an atomic rename: a part is done when its articles file exists.
A killed job leaves at most some other tables' files of unfinished parts; the next run
deletes them (`remove_unfinished`) and codes those articles again, so nothing is doubled.

`open_dataset(DIR)` gives a DuckDB connection whose tables are views over these files with
the same columns as the tables of a database file, and the views a database file has
(schema.VIEWS) over those, so `dotterel events|sql|series|export|serve --db DIR` work on a
cluster's output without a copy.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from dotterel.errors import DotterelError, InputError
from dotterel.store.merge import CLUSTER_COUNTS
from dotterel.store.schema import CLUSTERS, SCHEMA_VERSION, migrate, same_tables

MARKER = "dotterel-dataset.json"
FORMAT = "dotterel-parquet"
MERGE = "merge"
ORDER = "article_order"  # article_id, run, ordinal: the order the single-machine path would store them in
NOT_PARTS = ("clusters", "schema_version")  # computed by the merge, or kept in the marker
PART_GLOB = "part-*.parquet"
CLUSTER_COLUMNS = tuple(c.name for c in CLUSTERS.columns)
# What the clusters view counts from the events; the rest are the merge's keys.
COUNTED = ("first_date", "last_date", "n_events", "n_reports", "n_sources", "first_report", "last_report")


def is_dataset(path: str | Path) -> bool:
    return Path(path, MARKER).is_file()


def part_key(keys: Iterable[tuple[str, str]]) -> str:
    """The name of the part holding these (article id, content hash) pairs: the same batch, the same name."""
    digest = hashlib.sha256("\n".join(sorted(f"{i}\t{h}" for i, h in keys)).encode())
    return digest.hexdigest()[:24]


def create(folder: str | Path) -> Path:
    """Make `folder` a dataset (or check that it is one of this schema version)."""
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise InputError(f"--out {root} is a file; give a folder for the Parquet dataset")
    if root.is_dir() and any(root.iterdir()) and not is_dataset(root):
        raise InputError(f"--out {root} is a folder that is not a dotterel dataset; give an empty or new folder")
    root.mkdir(parents=True, exist_ok=True)
    if is_dataset(root):
        check_version(root)
    else:
        write_atomic(root / MARKER, json.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION}).encode())
    return root


def check_version(root: Path) -> None:
    try:
        marker = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{root / MARKER} cannot be read ({exc}); is {root} a dotterel dataset?") from None
    version = marker.get("schema_version")
    # a dataset of an older version whose tables are today's needs only the views, made on opening
    if version != SCHEMA_VERSION and not (isinstance(version, int) and same_tables(version)):
        raise InputError(
            f"{root} holds schema version {version}, this dotterel writes and reads "
            f"{SCHEMA_VERSION}; code it again into a new folder"
        )


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def part_path(root: Path, table: str, key: str) -> Path:
    return root / table / f"part-{key}.parquet"


def done_parts(root: Path) -> set[str]:
    return {p.name[len("part-") : -len(".parquet")] for p in (root / "articles").glob(PART_GLOB)}


def remove_unfinished(root: Path) -> int:
    """Delete the files of parts whose articles file was never written (a killed job); returns how many."""
    done = done_parts(root)
    removed = 0
    for folder in root.iterdir():
        if not folder.is_dir() or folder.name == MERGE:
            continue
        for path in list(folder.glob(PART_GLOB)) + list(folder.glob(".*.tmp")):
            key = path.name[len("part-") : -len(".parquet")]
            if path.name.endswith(".tmp") or key not in done:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def stored_keys(root: Path) -> list[tuple[str, str]]:
    """(id, content hash) of every article stored in finished parts."""
    files = sorted((root / "articles").glob(PART_GLOB))
    if not files:
        return []
    with duckdb.connect() as con:
        return con.execute("SELECT id, content_hash FROM read_parquet(?)", [[str(f) for f in files]]).fetchall()


def _files(root: Path, table: str, done: set[str]) -> list[str]:
    """The table's files of finished parts (a killed job's leftovers are not read)."""
    return [str(p) for p in sorted((root / table).glob(PART_GLOB)) if p.name[5:-8] in done]


def _list_sql(files: list[str]) -> str:
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"


def open_dataset(folder: str | Path, config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection whose tables are views over the dataset's Parquet files."""
    root = Path(folder).resolve()
    if not is_dataset(root):
        raise InputError(f"{folder} is a folder but not a dotterel dataset (no {MARKER}); give a database file")
    check_version(root)
    con = duckdb.connect()
    try:
        # empty tables and the views of the current schema: a table no part has yet stays empty, not
        # missing; the views (event_sides ...) read whatever the tables become below
        migrate(con)
        _create_views(con, root)
        if config:
            # The views read this folder only; a locked-down connection may read nothing else.
            con.execute(f"SET allowed_directories = [{_literal(str(root) + os.sep)}]")
            for name, value in config.items():
                con.execute(f"SET {name} = {_literal(value)}")
    except duckdb.Error as exc:
        con.close()
        raise DotterelError(f"cannot read the dataset in {folder}: {exc}") from exc
    return con


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _create_views(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    done = done_parts(root)
    tables = [row[0] for row in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_type = 'BASE TABLE'").fetchall()]  # fmt: skip
    for table in tables:
        files = _files(root, table, done) if table not in NOT_PARTS else []
        if not files:
            continue
        source = f"read_parquet({_list_sql(files)}, union_by_name = true)"
        con.execute(f"DROP TABLE {table}")
        if table == "events":
            con.execute(f"CREATE VIEW events AS {_events_sql(root, source)}")
        elif table == "errors":
            # the same problem seen by two runs is one error, as in a database file
            con.execute(f'CREATE VIEW errors AS SELECT origin, message, level, min("at") AS "at" FROM {source} '
                        "GROUP BY origin, message, level")  # fmt: skip
        else:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {source}")
    order = _files(root, ORDER, done)
    if order:
        con.execute(f"CREATE VIEW {ORDER} AS SELECT * FROM read_parquet({_list_sql(order)})")
    merged = sorted(str(p) for p in (root / MERGE).glob("*.parquet"))
    if merged and "events" in tables and _files(root, "events", done):
        con.execute("DROP TABLE clusters")
        con.execute(f"CREATE VIEW clusters AS {_clusters_sql(_list_sql(merged))}")


def _events_sql(root: Path, source: str) -> str:
    merged = sorted(str(p) for p in (root / MERGE).glob("*.parquet"))
    if not merged:  # coded, not merged yet (a killed job): no cluster ids
        return f"SELECT * REPLACE (CAST(NULL AS VARCHAR) AS cluster_id) FROM {source}"
    return (
        f"SELECT e.* REPLACE (m.cluster_id AS cluster_id) FROM {source} e "
        f"LEFT JOIN read_parquet({_list_sql(merged)}) m ON m.event_id = e.id"
    )


def _clusters_sql(merged: str) -> str:
    """The clusters table: the merge's keys, counted from the events as the database's recount does."""
    columns = ", ".join(f"{'c' if name in COUNTED else 'k'}.{name}" for name in CLUSTER_COLUMNS)
    keys = ", ".join(name for name in CLUSTER_COLUMNS if name not in COUNTED)
    return f"""
    WITH keys AS (SELECT DISTINCT {keys} FROM read_parquet({merged})),
    counts AS ({CLUSTER_COUNTS.format(where="")})
    SELECT {columns}
    FROM keys k JOIN counts c USING (cluster_id)
    """
