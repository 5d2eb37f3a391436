"""`dotterel demo`: the whole tool in one minute, on articles shipped with it.

Codes the bundled demo corpus (dotterel/data/demo/*.txt: stories written for dotterel, some
of them reporting the same event), stores it in a fresh database, and prints what a new
user should see first: how many events of each type, the busiest dyads, the events that
several articles merged into one, and the commands to explore the database further.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from typing import IO

import duckdb

from dotterel.io import ReadError, read_paths
from dotterel.model import Article

TOP_DYADS = 5

DYADS_SQL = """
SELECT coalesce(x.country, '---') || ' -> ' || coalesce(r.country, '---') AS dyad, count(*) AS n
FROM events e
JOIN event_actors x ON x.event_id = e.id AND x.role = 'actor' AND x.position = 0
JOIN event_actors r ON r.event_id = e.id AND r.role = 'recipient' AND r.position = 0
WHERE x.country IS NOT NULL AND r.country IS NOT NULL
GROUP BY dyad ORDER BY n DESC, dyad LIMIT ?
"""

MERGED_SQL = """
SELECT type, modality, coalesce(nullif(actor_key, ''), actor_names),
       coalesce(nullif(recipient_key, ''), recipient_names),
       first_date, n_reports, n_sources, location_name
FROM clusters WHERE n_reports > 1 ORDER BY n_reports DESC, first_date, cluster_id
"""


def demo_articles() -> list[Article]:
    with as_file(files("dotterel.data").joinpath("demo")) as folder:
        items = list(read_paths([str(folder)]))
    problems = [item for item in items if isinstance(item, ReadError)]
    if problems:  # the corpus ships with dotterel: a problem here is a packaging bug
        raise RuntimeError(f"the bundled demo corpus is damaged: {problems[0]}")
    return [item for item in items if isinstance(item, Article)]


def fresh(db_path: str) -> None:
    for path in (Path(db_path), Path(db_path + ".wal")):
        path.unlink(missing_ok=True)


def run_demo(db_path: str, out: IO[str]) -> int:
    """Code the demo corpus into `db_path` (replacing an old demo database) and summarise it."""
    from dotterel.events.codebook import load_types
    from dotterel.pipeline import Coder
    from dotterel.store import Store

    fresh(db_path)
    articles = demo_articles()
    with Store(db_path) as store:
        stats = store.ingest(Coder().code_articles(articles))
    types, _ = load_types()
    with duckdb.connect(db_path, read_only=True) as con:
        summarise(con, list(types), out)
    out.write(f"\n{stats.articles} articles, {stats.events} events stored in {db_path}. Try:\n")
    for command in example_commands(db_path):
        out.write(f"  {command}\n")
    out.write(f"\nOpen the dashboard on it (then browse http://127.0.0.1:8000/):\n  dotterel serve --db {db_path}\n")
    return 0


def summarise(con: duckdb.DuckDBPyConnection, type_names: list[str], out: IO[str]) -> None:
    articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    counts = dict(con.execute("SELECT type, count(*) FROM events GROUP BY type").fetchall())
    out.write(f"Articles: {articles}\nEvents: {sum(counts.values())}\n\nEvents by type:\n")
    for name in type_names:
        out.write(f"  {name:<10} {counts.get(name, 0):>4}\n")
    out.write(f"\nTop {TOP_DYADS} dyads (actor country -> recipient country):\n")
    dyads = con.execute(DYADS_SQL, [TOP_DYADS]).fetchall()
    for dyad, n in dyads:
        out.write(f"  {dyad:<14} {n:>4}\n")
    if not dyads:
        out.write("  (no event has both an actor and a recipient country)\n")
    merged = con.execute(MERGED_SQL).fetchall()
    out.write(f"\nEvents reported by more than one article: {len(merged)}\n")
    for kind, modality, actors, recipients, day, n_reports, n_sources, place in merged:
        where = f" in {place}" if place else ""
        out.write(
            f"  {day or '?'} {kind}{'' if modality == 'asserted' else f' [{modality}]'} "
            f"{actors or '-'} -> {recipients or '-'}{where}: {n_reports} reports, {n_sources} sources\n"
        )


def example_commands(db_path: str) -> list[str]:
    return [
        f"dotterel events --db {db_path} --type PROTEST",
        f'dotterel sql "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC" --db {db_path}',
        f"duckdb {db_path}   # any DuckDB client opens the file; the tables are described in docs/database.md",
    ]
