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
from functools import cache
from typing import Any

import duckdb

from dotterel.data import read_shipped
from dotterel.errors import InputError
from dotterel.store import EventFilter, series_query
from dotterel.store.query import ALL_MODALITIES, SIDES, where

SORTS = {"date": "event_date", "type": "type", "score": "score", "reports": "n_reports", "confidence": "confidence"}
EVENT_COLUMNS = """e.event_date AS date, e.type, e.mode, e.modality, e.quad, e.score, s.actor, s.recipient,
       e.location_name AS place, e.location_country AS place_country, e.location_lat AS lat,
       e.location_lon AS lon, e.source_speaker AS said_by, e.trigger_text AS trigger, e.evidence_text AS evidence,
       e.casualties_killed AS killed, e.casualties_injured AS injured,
       e.n_reports, e.n_sources, e.cluster_id, e.id, e.article_id,
       e.trigger_start - e.evidence_start AS trigger_at"""
JOIN_CLUSTERS = "FROM events e LEFT JOIN clusters c ON c.cluster_id = e.cluster_id"
# The joined cluster (its primary key) is at most one row per event, so leaving the join out
# keeps the same rows; a selection that does not read `c` skips it and is much cheaper.
EVENTS_ONLY = "FROM events e"
CLUSTER_COUNTS = ", c.n_reports, c.n_sources"
LATE_CLUSTERS = f"SELECT e.*{CLUSTER_COUNTS} FROM cut e LEFT JOIN clusters c ON c.cluster_id = e.cluster_id"


@dataclass
class Selection:
    """Which events a request is about: the CLI's `EventFilter` plus the dashboard's extras."""

    filter: EventFilter = field(default_factory=EventFilter)
    country: str | None = None  # actor, recipient or place country
    quad: int | None = None
    all_modalities: bool = False  # include negated, hypothetical and future events
    dyad: str | None = None  # one network edge, "LEVEL:SOURCE > TARGET"

    def __post_init__(self) -> None:
        # Countries may be given by name ("Kenya") as well as by code.
        if self.country:
            self.country = country_code(self.country)
        for side in ("actor_country", "recipient_country"):
            if getattr(self.filter, side):
                setattr(self.filter, side, country_code(getattr(self.filter, side)))
        # The modality default (what happened) is the store's, as on the command line.
        if self.all_modalities and not self.filter.modality:
            self.filter.modality = ALL_MODALITIES

    def extra_terms(self) -> tuple[list[str], list[Any]]:
        terms: list[str] = []
        params: list[Any] = []
        if self.country:
            # An uncorrelated IN: one pass over the actors, not a lookup per event (EXISTS).
            terms.append("(e.location_country = ? OR e.id IN (SELECT x.event_id FROM event_actors x "
                         "WHERE x.country = ?))")  # fmt: skip
            params += [self.country.upper()] * 2
        if self.quad:
            terms.append("e.quad = ?")
            params.append(self.quad)
        if self.dyad:
            term, values = dyad_term(self.dyad)
            terms.append(term)
            params += values
        return terms, params

    def where(self) -> tuple[str, list[Any]]:
        """The store's WHERE clause over events `e` and clusters `c`, with the extras ANDed on."""
        clause, params = where(self.filter)
        terms, extra = self.extra_terms()
        if not terms:
            return clause, params
        joined = " AND ".join(terms)
        return (f"{clause} AND {joined}" if clause else f" WHERE {joined}"), params + extra

    def source(self) -> str:
        """The FROM clause its WHERE needs: clusters only when a filter reads them (`min_reports`)."""
        return JOIN_CLUSTERS if self.filter.min_reports else EVENTS_ONLY


def rows(cursor: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = cursor.execute(sql, params)
    names = [d[0] for d in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


# One act is one trigger in one sentence coded as one type: the events coded from it (one per
# mode, say) are one row of the dashboard's table, which lists their modes.
ACT_KEY = "e.article_id, e.sentence, e.trigger_start, e.type"


def count_events(cursor: duckdb.DuckDBPyConnection, sel: Selection, per_act: bool = False) -> int:
    clause, params = sel.where()
    if per_act:
        sql = f"SELECT count(*) FROM (SELECT 1 {sel.source()}{clause} GROUP BY {ACT_KEY})"
    else:
        sql = f"SELECT count(*) {sel.source()}{clause}"
    return int(cursor.execute(sql, params).fetchone()[0])


def events_page(
    cursor: duckdb.DuckDBPyConnection,
    sel: Selection,
    sort: str,
    descending: bool,
    limit: int,
    offset: int,
    per_act: bool = False,
) -> list[dict[str, Any]]:
    """One page of event reports (or acts, with their modes) with their actors, in the order asked for."""
    if not per_act:
        page = _sorted_events(cursor, sel, sort, descending, limit, offset)
        for row in page:
            row["modes"] = [row["mode"]] if row["mode"] else []
    else:
        page = _acts(cursor, sel, sort, descending, limit, offset)
        modes = act_modes(cursor, sorted({r["article_id"] for r in page}))
        for row in page:
            row["modes"] = modes.get(_act(row), [])
    for row in page:
        del row["sentence"], row["trigger_start"]
    return page


def _act(row: dict[str, Any]) -> tuple:
    return row["article_id"], row["sentence"], row["trigger_start"], row["type"]


def _acts(
    cursor: duckdb.DuckDBPyConnection, sel: Selection, sort: str, descending: bool, limit: int, offset: int
) -> list[dict[str, Any]]:
    """One page of acts: each act's first event in the order asked for stands for it.

    Acts of several events are rare, so the events are read in order, a few more than the page
    needs, and kept when their act is new; a short harvest reads on. Cheaper than grouping the
    whole selection for one page, and it pages exactly as `count_events(per_act=True)` counts.
    """
    wanted = offset + limit
    fetch = wanted + max(limit, 20)
    while True:
        found = _sorted_events(cursor, sel, sort, descending, fetch, 0)
        kept: dict[tuple, dict[str, Any]] = {}
        for row in found:
            kept.setdefault(_act(row), row)  # dicts keep the order of first insertion: the sort order
        if len(kept) >= wanted or len(found) < fetch:
            return list(kept.values())[offset:wanted]
        fetch *= 4


def _sorted_events(
    cursor: duckdb.DuckDBPyConnection, sel: Selection, sort: str, descending: bool, limit: int, offset: int
) -> list[dict[str, Any]]:
    clause, params = sel.where()
    order = f"{SORTS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, article_id, position"
    # Filter, sort and cut the page first; join the clusters and gather the actors (SIDES: the
    # event_sides view narrowed to the page) of that page only, unless the filter or the sort
    # reads a cluster's counts.
    if sel.filter.min_reports or SORTS[sort] == "n_reports":
        cut, picked = f"SELECT e.*{CLUSTER_COUNTS} {JOIN_CLUSTERS}{clause}", "SELECT * FROM cut"
    else:
        cut, picked = f"SELECT e.* {EVENTS_ONLY}{clause}", LATE_CLUSTERS
    sql = f"""WITH cut AS (
    SELECT * FROM ({cut})
    ORDER BY {order} LIMIT ? OFFSET ?
),
picked AS ({picked}),
{SIDES}
SELECT {EVENT_COLUMNS}, e.sentence, e.trigger_start
FROM picked e LEFT JOIN sides s ON s.event_id = e.id
ORDER BY {order}"""
    return rows(cursor, sql, [*params, limit, offset])


def act_modes(cursor: duckdb.DuckDBPyConnection, articles: list[str]) -> dict[tuple, list[str]]:
    """The modes coded for each act (article, sentence, trigger, type) in these articles."""
    found = cursor.execute(
        f"""SELECT {ACT_KEY}, list(DISTINCT e.mode ORDER BY e.mode) FROM events e
        WHERE e.article_id IN (SELECT unnest(?::VARCHAR[])) AND e.mode IS NOT NULL GROUP BY ALL""",
        [articles],
    ).fetchall()
    return {tuple(row[:4]): row[4] for row in found}


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


TOP_TYPES = 3
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
    sql = MAP_SQL.format(source=sel.source(), clause=clause)
    return rows(cursor, sql, [cell, *params, limit])


# Asked for when the pointer rests on a circle, so drawing the map never pays for it.
CELL_TYPES_SQL = """SELECT e.type, count(*) AS events
{source} CROSS JOIN (SELECT ?::DOUBLE AS cell, ?::DOUBLE AS lat, ?::DOUBLE AS lon) g
{clause} round(e.location_lat / g.cell) * g.cell = g.lat AND round(e.location_lon / g.cell) * g.cell = g.lon
GROUP BY e.type ORDER BY events DESC, e.type LIMIT ?"""


def cell_types(
    cursor: duckdb.DuckDBPyConnection, sel: Selection, cell: float, lat: float, lon: float
) -> list[dict[str, Any]]:
    """The commonest event types in one map cell (as `map_cells` numbers it), for the map's hover."""
    clause, params = sel.where()
    clause = f"{clause} AND" if clause else " WHERE"
    sql = CELL_TYPES_SQL.format(source=sel.source(), clause=clause)
    return rows(cursor, sql, [cell, lat, lon, *params, TOP_TYPES])


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
    sql = ACTORS_SQL.format(source=sel.source(), clause=clause)
    return rows(cursor, sql, [*params, name, name, limit, offset])


# --- what the dashboard's explorer adds: coded dyads, facets, downloads, countries by name ---

# How an actor is named at each level of the dyad network; uncoded phrases ("nobody") drop out.
# Named actors are the entity's name after coreference, else its code (the police stay KEN COP).
CODED = (
    "CASE WHEN x.country IS NOT NULL OR x.sector IS NOT NULL "
    "THEN concat_ws(' ', coalesce(x.country, '---'), x.sector) END"
)
DYAD_KEYS = {"country": "x.country", "sector": CODED, "named": f"coalesce(x.name, {CODED})"}
DYAD_SEPARATOR = " > "

# What each side is grouped by at each level, and how the group is labelled: grouping the raw
# columns and labelling only the edges found is cheaper than labelling every actor row.
DYAD_GROUPS = {
    "country": (["x.country"], "x.country IS NOT NULL", "{0}"),
    "sector": (["x.country", "x.sector"], "x.country IS NOT NULL OR x.sector IS NOT NULL",
               "concat_ws(' ', coalesce({0}, '---'), {1})"),
    "named": ([DYAD_KEYS["named"]], "x.name IS NOT NULL OR x.country IS NOT NULL OR x.sector IS NOT NULL", "{0}"),
}  # fmt: skip

DYADS_SQL = """WITH picked AS (SELECT e.id, e.score {source}{clause}),
side AS (
    SELECT DISTINCT x.event_id, x.role, {columns} FROM event_actors x
    WHERE x.event_id IN (SELECT id FROM picked) AND ({present})
),
pairs AS (
    SELECT {pair}, count(*) AS events, round(avg(p.score), 2) AS mean_score
    FROM picked p
    JOIN side a ON a.event_id = p.id AND a.role = 'actor'
    JOIN side r ON r.event_id = p.id AND r.role = 'recipient'
    GROUP BY ALL
)
SELECT {source_label} AS source, {target_label} AS target, events, mean_score
FROM pairs ORDER BY events DESC, source, target LIMIT ?"""


def dyads(cursor: duckdb.DuckDBPyConnection, sel: Selection, level: str, limit: int) -> list[dict[str, Any]]:
    """Coded actor -> recipient edges at one level (country, country + sector, entity name), busiest first."""
    clause, params = sel.where()
    columns, present, label = DYAD_GROUPS[level]
    keys = [f"k{i}" for i in range(len(columns))]
    sql = DYADS_SQL.format(
        source=sel.source(), clause=clause, present=present,
        columns=", ".join(f"{c} AS {k}" for c, k in zip(columns, keys, strict=True)),
        pair=", ".join(f"{side}.{k} AS {side}_{k}" for side in ("a", "r") for k in keys),
        source_label=label.format(*(f"a_{k}" for k in keys)), target_label=label.format(*(f"r_{k}" for k in keys)),
    )  # fmt: skip
    return rows(cursor, sql, [*params, limit])


def dyad_term(dyad: str) -> tuple[str, list[Any]]:
    """The filter for one network edge, written `level:source > target` (what a click on it sends)."""
    level, _, pair = dyad.partition(":")
    source, _, target = pair.partition(DYAD_SEPARATOR)
    if level not in DYAD_KEYS or not source.strip() or not target.strip():
        raise InputError(f"dyad {dyad!r} is not 'LEVEL:SOURCE > TARGET' with LEVEL one of {', '.join(DYAD_KEYS)}")
    side = "e.id IN (SELECT x.event_id FROM event_actors x WHERE x.role = '{role}' AND {key} = ?)"
    term = " AND ".join(side.format(role=role, key=DYAD_KEYS[level]) for role in ("actor", "recipient"))
    return f"({term})", [source.strip(), target.strip()]


FACETS_SQL = """WITH picked AS (SELECT e.id, e.type, e.modality, e.location_name {source}{clause}),
sides AS (SELECT DISTINCT event_id, role, country FROM event_actors
          WHERE country IS NOT NULL AND event_id IN (SELECT id FROM picked)),
counted AS (
    SELECT 'type' AS facet, type AS value, count(*) AS events FROM picked GROUP BY 2
    UNION ALL SELECT 'modality', modality, count(*) FROM picked GROUP BY 2
    UNION ALL SELECT 'place', location_name, count(*) FROM picked WHERE location_name IS NOT NULL GROUP BY 2
    UNION ALL SELECT 'actor_country', country, count(*) FROM sides WHERE role = 'actor' GROUP BY 2
    UNION ALL SELECT 'recipient_country', country, count(*) FROM sides WHERE role = 'recipient' GROUP BY 2
)
SELECT facet, value, events FROM counted
QUALIFY row_number() OVER (PARTITION BY facet ORDER BY events DESC, value) <= ?
ORDER BY facet, events DESC, value"""
FACETS = ("type", "actor_country", "recipient_country", "modality", "place")


def facets(cursor: duckdb.DuckDBPyConnection, sel: Selection, limit: int) -> dict[str, list[dict[str, Any]]]:
    """The top `limit` values of each facet in the selected events, with their event counts."""
    clause, params = sel.where()
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in FACETS}
    for row in rows(cursor, FACETS_SQL.format(source=sel.source(), clause=clause), [*params, limit]):
        found[row["facet"]].append({"value": row["value"], "events": row["events"]})
    return found


EXPORT_SQL = """WITH picked AS (SELECT e.*, c.n_reports, c.n_sources {source}{clause}),
{sides}
SELECT {columns}
FROM picked e LEFT JOIN sides s ON s.event_id = e.id
ORDER BY e.event_date DESC NULLS LAST, e.article_id, e.position
LIMIT ?"""


def export_query(sel: Selection, limit: int) -> tuple[str, list[Any]]:
    """Every selected event report (the table's columns), newest first: what a download holds."""
    clause, params = sel.where()
    return EXPORT_SQL.format(source=JOIN_CLUSTERS, clause=clause, sides=SIDES, columns=EVENT_COLUMNS), [
        *params,
        limit,
    ]


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-3 code -> the English name dotterel prints (countries.yaml)."""
    return {code: spec["name"] for code, spec in _countries().items()}


@cache
def _countries() -> dict[str, dict[str, Any]]:
    return read_shipped("countries.yaml")["countries"]


@cache
def _codes_by_name() -> dict[str, str]:
    codes: dict[str, str] = {}
    for code, spec in _countries().items():
        for name in [spec.get("name"), *(spec.get("aliases") or []), *(spec.get("demonyms") or [])]:
            if isinstance(name, str):
                codes.setdefault(name.strip().lower(), code)
    return codes


def country_code(text: str) -> str:
    """A country filter as its alpha-3 code: "KEN", "ken", "Kenya" and "Kenyan" all give KEN.

    Text that names no country is kept as written (upper-cased), so it simply matches nothing.
    """
    value = text.strip()
    if value.upper() in country_names():
        return value.upper()
    return _codes_by_name().get(value.lower(), value.upper())
