"""Reading the database back: filters to parameterised SQL, time series, and export queries.

Every value a user gives travels as a query parameter, never spliced into SQL text, so a
filter cannot change what a query does. The same `EventFilter` drives `dotterel events`,
`dotterel series` and (later) the HTTP API, so a filter means the same thing everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from dotterel.errors import InputError
from dotterel.store.schema import EVENT_SIDES

PERIODS = ("day", "week", "month")
MODALITIES = ("asserted", "reported", "negated", "hypothetical", "future", "historical")
# What happened: counted unless a query names other modalities (`--modality negated`, `all`).
OCCURRED = ("asserted", "reported", "historical")
ALL_MODALITIES = "all"


@dataclass
class EventFilter:
    """Which events to select; None leaves a filter off."""

    type: str | None = None
    mode: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    actor: str | None = None  # part of an actor's name or text, any case
    since: str | None = None  # ISO date, inclusive, on the event's filing day
    until: str | None = None  # ISO date, inclusive
    place: str | None = None  # part of the location's name, or its country code
    min_reports: int | None = None  # articles reporting the merged event
    modality: str | None = None  # comma-separated modalities or "all"; None: what happened (OCCURRED)
    limit: int | None = None

    @classmethod
    def from_args(cls, args: object) -> EventFilter:
        return cls(**{f.name: getattr(args, f.name, None) for f in fields(cls)})


def _iso(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--{name} {value!r} is not a date; write it as YYYY-MM-DD") from None


def modalities(value: str | None) -> tuple[str, ...] | None:
    """The modalities a filter keeps: None keeps every one ("all"); no value keeps what happened."""
    if not value:
        return OCCURRED
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    if names == (ALL_MODALITIES,):
        return None
    unknown = [n for n in names if n not in MODALITIES]
    if unknown or not names:
        raise InputError(
            f"modality {value!r} matches nothing: use one or more of {', '.join(MODALITIES)} "
            f"(comma-separated), or {ALL_MODALITIES}; the default is {','.join(OCCURRED)}"
        )
    return names


def _side(role: str, condition: str) -> str:
    # An uncorrelated IN (event_id is never NULL): one pass over the actors, where a correlated
    # EXISTS makes DuckDB carry every selected event through a join on its id.
    return f"e.id IN (SELECT x.event_id FROM event_actors x WHERE x.role = '{role}' AND {condition})"


def where(f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (over events `e` and clusters `c`) and its parameters."""
    terms: list[str] = []
    params: list[Any] = []

    def add(term: str, *values: Any) -> None:
        terms.append(term)
        params.extend(values)

    if f.type:
        add("e.type = ?", f.type.upper())
    if f.mode:
        add("e.mode = ?", f.mode.lower())
    wanted = modalities(f.modality)
    if wanted is not None:
        add("list_contains(?::VARCHAR[], e.modality)", list(wanted))
    if f.actor_country:
        add(_side("actor", "x.country = ?"), f.actor_country.upper())
    if f.recipient_country:
        add(_side("recipient", "x.country = ?"), f.recipient_country.upper())
    if f.actor:
        add(_side("actor", "contains(lower(coalesce(x.name, '') || ' ' || x.text), lower(?))"), f.actor)
    if f.since:
        add("e.event_date >= ?", _iso(f.since, "since"))
    if f.until:
        add("e.event_date <= ?", _iso(f.until, "until"))
    if f.place:
        add("(contains(lower(e.location_name), lower(?)) OR e.location_country = upper(?))", f.place, f.place)
    if f.min_reports:
        add("coalesce(c.n_reports, 1) >= ?", f.min_reports)
    return (" WHERE " + " AND ".join(terms) if terms else ""), params


# The actors of the picked events only, as the `event_sides` view gathers them (narrowed: see View).
SIDES = f"""sides AS (
{EVENT_SIDES.select("event_id IN (SELECT id FROM picked)")}
)"""


def events_query(f: EventFilter) -> tuple[str, list[Any]]:
    """One row per event report, with its actors, place, who says so, and its cluster's size."""
    clause, params = where(f)
    limit = ""
    if f.limit:
        limit = "LIMIT ?"
        params.append(f.limit)
    # Filter and limit first, then gather the actors of the events kept only.
    sql = f"""WITH picked AS (
    SELECT e.*, c.n_reports, c.n_sources
    FROM events e LEFT JOIN clusters c ON c.cluster_id = e.cluster_id
    {clause}
    ORDER BY e.event_date NULLS LAST, e.article_id, e.position
    {limit}
),
{SIDES}
SELECT e.event_date AS date, e.type, e.mode, e.modality, s.actor, s.recipient,
       e.location_name AS place, e.location_country AS place_country,
       e.source_speaker AS said_by, e.trigger_text AS trigger, e.evidence_text AS evidence,
       e.n_reports, e.n_sources, e.cluster_id, e.id, e.article_id
FROM picked e
LEFT JOIN sides s ON s.event_id = e.id
ORDER BY e.event_date NULLS LAST, e.article_id, e.position"""
    return sql, params


def series_query(f: EventFilter, by: str, dyad: bool) -> tuple[str, list[Any]]:
    """Counts per period and type (and per actor/recipient country with `dyad`)."""
    if by not in PERIODS:
        raise InputError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    clause, params = where(f)
    clause += (" AND " if clause else " WHERE ") + "e.event_date IS NOT NULL"
    keys = "period, e.type" + (", actor_country, recipient_country" if dyad else "")
    # A dyad is the first actor's and the first recipient's country.
    sides = """LEFT JOIN event_actors x ON x.event_id = e.id AND x.role = 'actor' AND x.position = 0
LEFT JOIN event_actors r ON r.event_id = e.id AND r.role = 'recipient' AND r.position = 0"""
    sql = f"""SELECT date_trunc('{by}', e.event_date)::DATE AS period, e.type AS type,
       {"x.country AS actor_country, r.country AS recipient_country," if dyad else ""}
       count(*) AS events, count(DISTINCT e.cluster_id) AS clusters, round(avg(e.score), 3) AS mean_score
FROM events e
{sides if dyad else ""}
LEFT JOIN clusters c ON c.cluster_id = e.cluster_id
{clause}
GROUP BY {keys}
ORDER BY {keys}"""
    if f.limit:
        sql += "\nLIMIT ?"
        params.append(f.limit)
    return sql, params


# --- export ------------------------------------------------------------------------------

KEEP = "@keep@"  # where an export query's modality filter goes, over events `e`


def export_query(template: str, modality: str | None = None) -> tuple[str, list[Any]]:
    """An export query keeping the events of `modality` (default: what happened; "all": every one)."""
    wanted = modalities(modality)
    if wanted is None:
        return template.replace(KEEP, "TRUE"), []
    return template.replace(KEEP, "list_contains(?::VARCHAR[], e.modality)"), [list(wanted)]


# An area ({p}_name, {p}_code) as the record's {'name', 'code'}, or NULL when neither is known.
_area = "CASE WHEN coalesce({p}_name, {p}_code) IS NOT NULL THEN {{'name': {p}_name, 'code': {p}_code}} END"

# The record of DESIGN.md rebuilt from the tables, one row per article; each event also
# carries its `cluster_id`. Lists are NULL when empty; the exporter writes them as [].
RECORDS_QUERY = f"""
WITH ev AS (
    SELECT e.article_id, list({{
        'id': e.id, 'type': e.type, 'mode': e.mode, 'contexts': e.contexts, 'quad': e.quad, 'score': e.score,
        'cameo': e.cameo, 'actor': s.actor, 'recipient': s.recipient,
        'date': {{'text': e.date_text, 'value': e.date_value, 'value_end': e.date_value_end,
                  'granularity': e.date_granularity, 'start': e.date_start, 'end': e.date_end,
                  'reason': e.date_reason}},
        'location': CASE WHEN e.location_text IS NOT NULL THEN {{
                  'text': e.location_text, 'name': e.location_name, 'geonameid': e.location_geonameid,
                  'country': e.location_country, 'lat': e.location_lat, 'lon': e.location_lon,
                  'start': e.location_start, 'end': e.location_end, 'feature': e.location_feature,
                  'rule': e.location_rule,
                  'admin1': {_area.format(p="e.location_admin1")}, 'admin2': {_area.format(p="e.location_admin2")}
                  }} END,
        'source': CASE WHEN e.source_quoted IS NOT NULL THEN {{
                  'speaker': CASE WHEN coalesce(e.source_speaker, e.source_speaker_country,
                                                e.source_speaker_sector) IS NOT NULL
                             THEN {{'name': e.source_speaker, 'country': e.source_speaker_country,
                                    'sector': e.source_speaker_sector}} END,
                  'cue': e.source_cue, 'quoted': e.source_quoted}} END,
        'modality': e.modality,
        'evidence': {{'sentence': e.sentence, 'text': e.evidence_text, 'start': e.evidence_start,
                      'end': e.evidence_end,
                      'trigger': {{'text': e.trigger_text, 'start': e.trigger_start, 'end': e.trigger_end}},
                      'rule': e.rule, 'depth': e.depth}},
        'confidence': e.confidence,
        'casualties': CASE WHEN e.casualties_text IS NOT NULL THEN {{
                  'killed': e.casualties_killed, 'injured': e.casualties_injured, 'text': e.casualties_text,
                  'start': e.casualties_start, 'end': e.casualties_end}} END,
        'cluster_id': e.cluster_id
    }} ORDER BY e.position) AS events
    FROM events e LEFT JOIN event_actor_lists s ON s.event_id = e.id WHERE @keep@ GROUP BY e.article_id
),
ment AS (
    SELECT article_id, entity_position,
           list({{'text': text, 'start': start, 'end': "end"}} ORDER BY position) AS mentions
    FROM mentions GROUP BY article_id, entity_position
),
ent AS (
    SELECT n.article_id, list({{'name': n.name, 'country': n.country, 'sector': n.sector, 'kind': n.kind,
                               'mentions': m.mentions, 'resolution': n.resolution}} ORDER BY n.position) AS entities
    FROM entities n LEFT JOIN ment m ON m.article_id = n.article_id AND m.entity_position = n.position
    GROUP BY n.article_id
),
quo AS (
    SELECT article_id, list({{'text': text,
        'speaker': CASE WHEN coalesce(speaker_name, speaker_country, speaker_sector) IS NOT NULL
                   THEN {{'name': speaker_name, 'country': speaker_country, 'sector': speaker_sector}} END,
        'cue': cue, 'direct': direct, 'start': start, 'end': "end"}} ORDER BY position) AS quotes
    FROM quotes GROUP BY article_id
),
pla AS (
    SELECT article_id, list({{'text': text, 'name': name, 'geonameid': geonameid, 'country': country, 'lat': lat,
        'lon': lon, 'start': start, 'end': "end", 'feature': feature, 'rule': rule,
        'admin1': {_area.format(p="admin1")}, 'admin2': {_area.format(p="admin2")}}} ORDER BY position) AS places
    FROM places GROUP BY article_id
),
dat AS (
    SELECT article_id, list({{'text': text, 'value': value, 'value_end': value_end, 'granularity': granularity,
        'start': start, 'end': "end", 'reason': reason}} ORDER BY position) AS dates
    FROM dates GROUP BY article_id
)
SELECT {{'id': a.id, 'title': a.title, 'published': CAST(a.published AS VARCHAR), 'url': a.url,
         'source': a.source}} AS article,
       ev.events, ent.entities, quo.quotes, pla.places, dat.dates, a.warnings
FROM articles a
LEFT JOIN ev ON ev.article_id = a.id
LEFT JOIN ent ON ent.article_id = a.id
LEFT JOIN quo ON quo.article_id = a.id
LEFT JOIN pla ON pla.article_id = a.id
LEFT JOIN dat ON dat.article_id = a.id
ORDER BY a.ingested_at, a.id
"""

# One row per event, the same columns as `dotterel code --format csv`.
CSV_QUERY = """
SELECT a.id AS article_id, a.title AS article_title, CAST(a.published AS VARCHAR) AS published,
       e.id AS event_id, e.type, e.mode, array_to_string(e.contexts, '; ') AS contexts, e.quad, e.score, e.cameo,
       coalesce(x.text, '') AS actor_text, coalesce(x.name, '') AS actor_name,
       coalesce(x.country, '') AS actor_country, coalesce(x.sector, '') AS actor_sector,
       coalesce(r.text, '') AS recipient_text, coalesce(r.name, '') AS recipient_name,
       coalesce(r.country, '') AS recipient_country, coalesce(r.sector, '') AS recipient_sector,
       e.date_text, e.date_value, e.date_value_end, e.date_granularity,
       e.location_name, e.location_country, e.location_lat, e.location_lon,
       e.source_speaker, e.source_cue, e.source_quoted, e.modality,
       e.sentence, e.evidence_text, e.evidence_start, e.evidence_end, e.trigger_text, e.trigger_start,
       e.trigger_end, e.rule, e.confidence, e.casualties_killed AS fatalities, e.casualties_injured AS injured,
       e.casualties_text, e.location_admin1_name, e.location_admin1_code, e.location_admin2_name,
       e.location_admin2_code, e.event_date, e.cluster_id
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN event_roles x ON x.event_id = e.id AND x.role = 'actor'
LEFT JOIN event_roles r ON r.event_id = e.id AND r.role = 'recipient'
WHERE @keep@
ORDER BY a.ingested_at, a.id, e.position
"""

# An actor as the Parquet export has held it since its first version: who, not where in the text.
# (`one`, not `a`: inside the query `a` is the article.)
_BRIEF = (
    "[{{'text': one.text, 'name': one.name, 'country': one.country, 'sector': one.sector, 'kind': one.kind}} "
    "for one in s.{0}]"
)

# A flat table for Parquet: every event column, its article's header and its cluster's counts.
PARQUET_QUERY = f"""
SELECT e.*, {_BRIEF.format("actor")} AS actor, {_BRIEF.format("recipient")} AS recipient,
       a.title AS article_title, a.published, a.url, a.source, c.n_reports, c.n_sources
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN event_actor_lists s ON s.event_id = e.id
LEFT JOIN clusters c ON c.cluster_id = e.cluster_id
WHERE @keep@
ORDER BY a.ingested_at, a.id, e.position
"""
