"""The event database: coded articles in one DuckDB file, merged across reports, queryable.

    from dotterel.store import Store
    with Store("news.duckdb") as store:
        stats = store.ingest(coder.code_articles(articles))

`Store` writes (idempotent, crash-safe batches); `dotterel.store.query` turns filters into
parameterised SQL; `dotterel.store.commands` holds the CLI subcommands. The tables, their
columns and the merge rule are described in docs/database.md.
"""

from dotterel.store.merge import DEFAULT_WINDOW_DAYS, Merger
from dotterel.store.query import EventFilter, events_query, series_query
from dotterel.store.schema import SCHEMA_VERSION, migrate
from dotterel.store.writer import DEFAULT_DB, IngestStats, Store, content_hash

__all__ = [
    "DEFAULT_DB",
    "DEFAULT_WINDOW_DAYS",
    "SCHEMA_VERSION",
    "EventFilter",
    "IngestStats",
    "Merger",
    "Store",
    "content_hash",
    "events_query",
    "migrate",
    "series_query",
]
