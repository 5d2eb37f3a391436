"""The queries behind the API and the dashboard, built on the store's own filters.

Filtering is `dotterel.store.query.where`, the same function behind `dotterel events` and
`dotterel series`, so a filter means the same thing on the command line and in a browser.
The API adds two filters the dashboard needs (any-side country, quad class); they are extra
parameterised terms on top. Negated, hypothetical and future events are left out unless asked
for (`modality=`, or `all_modalities`), by the store's own default.
Every value travels as a parameter; names that choose a column come from fixed tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from dotterel.store import EventFilter, series_query
from dotterel.store.query import ALL_MODALITIES, SIDES, where

SORTS = {"date": "event_date", "type": "type", "score": "score", "reports": "n_reports", "confidence": "confidence"}
EVENT_COLUMNS = """e.event_date AS date, e.type, e.mode, e.modality, e.quad, e.score, s.actor, s.recipient,
       e.location_name AS place, e.location_country AS place_country, e.location_lat AS lat,
       e.location_lon AS lon, e.source_speaker AS said_by, e.trigger_text AS trigger, e.evidence_text AS evidence,
       e.n_reports, e.n_sources, e.cluster_id, e.id, e.article_id"""
JOIN_CLUSTERS = "FROM events e LEFT JOIN clusters c ON c.cluster_id = e.cluster_id"


@dataclass
class Selection:
    """Which events a request is about: the CLI's `EventFilter` plus the dashboard's extras."""

    filter: EventFilter = field(default_factory=EventFilter)
    country: str | None = None  # actor, recipient or place country
    quad: int | None = None
    all_modalities: bool = False  # include negated, hypothetical and future events

    def __post_init__(self) -> None:
        # The modality default (what happened) is the store's, as on the command line.
        if self.all_modalities and not self.filter.modality:
            self.filter.modality = ALL_MODALITIES

    def extra_terms(self) -> tuple[list[str], list[Any]]:
        terms: list[str] = []
        params: list[Any] = []
        if self.country:
            terms.append("(e.location_country = ? OR EXISTS (SELECT 1 FROM event_actors x "
                         "WHERE x.event_id = e.id AND x.country = ?))")  # fmt: skip
            params += [self.country.upper()] * 2
        if self.quad:
            terms.append("e.quad = ?")
            params.append(self.quad)
        return terms, params

    def where(self) -> tuple[str, list[Any]]:
        """The store's WHERE clause over events `e` and clusters `c`, with the extras ANDed on."""
        clause, params = where(self.filter)
        terms, extra = self.extra_terms()
        if not terms:
            return clause, params
        joined = " AND ".join(terms)
        return (f"{clause} AND {joined}" if clause else f" WHERE {joined}"), params + extra


def rows(cursor: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = cursor.execute(sql, params)
    names = [d[0] for d in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def count_events(cursor: duckdb.DuckDBPyConnection, sel: Selection) -> int:
    clause, params = sel.where()
    return int(cursor.execute(f"SELECT count(*) {JOIN_CLUSTERS}{clause}", params).fetchone()[0])


def events_page(
    cursor: duckdb.DuckDBPyConnection, sel: Selection, sort: str, descending: bool, limit: int, offset: int
) -> list[dict[str, Any]]:
    """One page of event reports with their actors, in the order asked for."""
    clause, params = sel.where()
    order = f"{SORTS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, article_id, position"
    # Filter, sort and cut the page first; gather the actors of that page only (SIDES).
    sql = f"""WITH picked AS (
    SELECT * FROM (SELECT e.*, c.n_reports, c.n_sources {JOIN_CLUSTERS}{clause})
    ORDER BY {order} LIMIT ? OFFSET ?
),
{SIDES}
SELECT {EVENT_COLUMNS}
FROM picked e LEFT JOIN sides s ON s.event_id = e.id
ORDER BY {order}"""
    return rows(cursor, sql, [*params, limit, offset])


def scoped(sql: str, sel: Selection) -> tuple[str, list[Any]]:
    """Narrow a store query over `FROM events e` to the extra terms, without rewriting it."""
    terms, params = sel.extra_terms()
    if not terms:
        return sql, []
    marker = "FROM events e\n"
    if sql.count(marker) != 1:
        raise RuntimeError("the store's query changed shape: update dotterel.server.reads.scoped")
    narrowed = f"FROM (SELECT * FROM events e WHERE {' AND '.join(terms)}) e\n"
    return sql.replace(marker, narrowed), params


def series(cursor: duckdb.DuckDBPyConnection, sel: Selection, by: str, dyad: bool) -> list[dict[str, Any]]:
    """`dotterel series` as rows: events, clusters and mean score per period and type (or dyad)."""
    sql, params = series_query(sel.filter, by, dyad)
    sql, extra = scoped(sql, sel)
    return rows(cursor, sql, extra + params)


MAP_SQL = """SELECT round(e.location_lat / g.cell) * g.cell AS lat, round(e.location_lon / g.cell) * g.cell AS lon,
       count(*) AS events, mode(e.quad) AS quad,
       count(*) FILTER (WHERE e.quad = 1) AS q1, count(*) FILTER (WHERE e.quad = 2) AS q2,
       count(*) FILTER (WHERE e.quad = 3) AS q3, count(*) FILTER (WHERE e.quad = 4) AS q4,
       mode(e.location_country) AS country, mode(e.location_name) AS place
{source} CROSS JOIN (SELECT ?::DOUBLE AS cell) g
{clause} e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL
GROUP BY 1, 2 ORDER BY events DESC LIMIT ?"""


def map_cells(cursor: duckdb.DuckDBPyConnection, sel: Selection, cell: float, limit: int) -> list[dict[str, Any]]:
    """Events counted on a grid of `cell` degrees: a dense map stays a few thousand marks."""
    clause, params = sel.where()
    clause = f"{clause} AND" if clause else " WHERE"
    sql = MAP_SQL.format(source=JOIN_CLUSTERS, clause=clause)
    return rows(cursor, sql, [cell, *params, limit])


NETWORK_SQL = """WITH picked AS (SELECT e.id, e.score {source}{clause}),
side AS (
    SELECT event_id, role, coalesce(name, text) AS name, country FROM event_actors
    WHERE position = 0 AND event_id IN (SELECT id FROM picked)
)
SELECT x.name AS actor, any_value(x.country) AS actor_country, r.name AS recipient,
       any_value(r.country) AS recipient_country, count(*) AS events, round(avg(p.score), 2) AS mean_score
FROM picked p
JOIN side x ON x.event_id = p.id AND x.role = 'actor'
JOIN side r ON r.event_id = p.id AND r.role = 'recipient'
GROUP BY x.name, r.name ORDER BY events DESC, actor, recipient LIMIT ?"""


def network(cursor: duckdb.DuckDBPyConnection, sel: Selection, limit: int) -> list[dict[str, Any]]:
    """Actor -> recipient edges (first named of each side): weight = events, colour = mean score."""
    clause, params = sel.where()
    return rows(cursor, NETWORK_SQL.format(source=JOIN_CLUSTERS, clause=clause), [*params, limit])


ACTORS_SQL = """WITH picked AS (SELECT e.id, e.score {source}{clause})
SELECT coalesce(a.name, a.text) AS name, a.country, a.sector, count(DISTINCT a.event_id) AS events,
       count(DISTINCT a.event_id) FILTER (WHERE a.role = 'actor') AS as_actor,
       count(DISTINCT a.event_id) FILTER (WHERE a.role = 'recipient') AS as_recipient,
       round(avg(p.score), 3) AS mean_score
FROM event_actors a JOIN picked p ON p.id = a.event_id
WHERE ?::VARCHAR IS NULL OR contains(lower(coalesce(a.name, a.text)), lower(?::VARCHAR))
GROUP BY ALL ORDER BY events DESC, name NULLS LAST LIMIT ? OFFSET ?"""


def actors(
    cursor: duckdb.DuckDBPyConnection, sel: Selection, name: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    """Actors and recipients named in the selected events, busiest first."""
    clause, params = sel.where()
    sql = ACTORS_SQL.format(source=JOIN_CLUSTERS, clause=clause)
    return rows(cursor, sql, [*params, name, name, limit, offset])
