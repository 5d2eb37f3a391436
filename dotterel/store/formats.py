"""The exchange formats other event data come in: POLECAT's public release and GDELT 2.0 events.

An analyst's scripts for POLECAT or GDELT should read dotterel's files unchanged: the same
columns in the same order, with the same types (GDELT: integer ids and dates, FIPS 10-4
country codes, no header). What dotterel adds comes in trailing columns a script that reads
the published columns never sees (modality, dotterel's own event id, fatalities). What
dotterel cannot fill is empty; docs/database.md lists those columns.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from dotterel.data import read_shipped
from dotterel.store.query import export_query

FIPS_FILE = "fips_countries.yaml"


@lru_cache(maxsize=1)
def fips_codes() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country codes (data/fips_countries.yaml); countries without one are left out."""
    table = read_shipped(FIPS_FILE) or {}
    return {str(iso3): str(fips) for iso3, fips in table.items() if fips}


def global_event_id(event_id: str) -> int:
    """A stable 63-bit integer for a dotterel id: the first 8 bytes of its MD5, halved to stay positive.

    GDELT code reads GLOBALEVENTID as a signed 64-bit integer; the SQL in GDELT_QUERY computes
    the same number, and the trailing DotterelEventID column keeps the id it came from.
    """
    return int(hashlib.md5(event_id.encode()).hexdigest()[:16], 16) >> 1


POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
)  # fmt: skip
# dotterel's own, after the release's columns.
POLECAT_EXTRA = ("Story ID", "Event Text", "Modality", "Fatalities")


def _side(role: str) -> dict[str, str]:
    """One side's POLECAT columns from its list in `event_actor_lists` (`s`): lists joined with ";"."""
    each = f"for one in s.{role}"  # `one`, not `a`: in the query `a` is the article
    return {
        "name": f"array_to_string([coalesce(one.name, one.text) {each}], ';')",
        "country": f"array_to_string([coalesce(one.country, '') {each}], ';')",
        "primary_sector": f"[one.sector {each} if one.sector IS NOT NULL][1]",  # the first known
        "sectors": f"array_to_string([coalesce(one.sector, '') {each}], ';')",
        "raw": f"array_to_string([one.text {each}], ';')",
    }


_ACTOR, _RECIPIENT = _side("actor"), _side("recipient")

# One row per event report, named as in the POLECAT public release.
POLECAT_QUERY = f"""
WITH story AS (
    SELECT article_id,
           string_agg(name, ';' ORDER BY position) FILTER (WHERE kind = 'person') AS people,
           string_agg(name, ';' ORDER BY position) FILTER (WHERE kind IN ('org', 'group')) AS orgs
    FROM entities GROUP BY article_id
),
locs AS (SELECT article_id, string_agg(DISTINCT name, ';') AS names FROM places GROUP BY article_id)
SELECT e.id AS "Event ID", CAST(e.event_date AS VARCHAR) AS "Event Date", e.type AS "Event Type",
       e.mode AS "Event Mode", e.score AS "Intensity", e.quad AS "Quad Code",
       array_to_string(e.contexts, ';') AS "Contexts",
       {_ACTOR["name"]} AS "Actor Name", {_ACTOR["country"]} AS "Actor Country",
       NULL::INTEGER AS "Actor COW", {_ACTOR["primary_sector"]} AS "Primary Actor Sector",
       {_ACTOR["sectors"]} AS "Actor Sectors", NULL AS "Actor Title", {_ACTOR["raw"]} AS "Actor Name Raw",
       NULL AS "Wikipedia Actor ID",
       {_RECIPIENT["name"]} AS "Recipient Name", {_RECIPIENT["country"]} AS "Recipient Country",
       NULL::INTEGER AS "Recipient COW", {_RECIPIENT["primary_sector"]} AS "Primary Recipient Sector",
       {_RECIPIENT["sectors"]} AS "Recipient Sectors", NULL AS "Recipient Title",
       {_RECIPIENT["raw"]} AS "Recipient Name Raw", NULL AS "Wikipedia Recipient ID",
       e.location_name AS "Placename",
       CASE WHEN e.location_feature = 'city' THEN e.location_name END AS "City",
       coalesce(e.location_admin2_name, CASE WHEN e.location_feature = 'admin2' THEN e.location_name END)
           AS "District",
       coalesce(e.location_admin1_name, CASE WHEN e.location_feature = 'admin1' THEN e.location_name END)
           AS "Province",
       e.location_country AS "Country", e.location_lat AS "Latitude", e.location_lon AS "Longitude",
       e.location_geonameid AS "GeoNames ID", e.location_text AS "Raw Placename",
       e.location_feature AS "Feature Type", a.source AS "Source",
       CAST(a.published AS VARCHAR) AS "Publication Date",
       st.people AS "Story People", st.orgs AS "Story Organizations", l.names AS "Story Locations",
       a.language AS "Language", ?::VARCHAR AS "Version",
       a.id AS "Story ID", e.evidence_text AS "Event Text", e.modality AS "Modality",
       e.casualties_killed AS "Fatalities"
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN event_actor_lists s ON s.event_id = e.id
LEFT JOIN story st ON st.article_id = e.article_id
LEFT JOIN locs l ON l.article_id = e.article_id
WHERE @keep@
ORDER BY a.ingested_at, a.id, e.position
"""


def polecat_query(version: str, modality: str | None = None) -> tuple[str, list[Any]]:
    sql, params = export_query(POLECAT_QUERY, modality)
    return sql, [version, *params]


GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{suffix}" for n in (1, 2) for suffix in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{suffix}" for who in ("Actor1", "Actor2", "Action") for suffix in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
# dotterel's own, after GDELT's 61: read GDELT's columns by position and these are never seen.
GDELT_EXTRA = ("Modality", "DotterelEventID", "Fatalities")

# GDELT 2.0 event table layout, one row per merged event, from its first report. Text has its
# runs of white space made one space (GDELT readers split the file on line ends). Geography
# codes are FIPS 10-4; ActionGeo_Type follows GDELT (1 country, 2 US state, 3 US city,
# 4 world city, 5 world state).
GDELT_QUERY = r"""
WITH fips AS (SELECT map(?::VARCHAR[], ?::VARCHAR[]) AS code),
first AS (
    SELECT e.*, a.url, a.id AS story, c.n_events, c.n_sources, c.n_reports, a.ingested_at
    FROM clusters c
    JOIN events e ON e.id = c.first_report
    JOIN articles a ON a.id = e.article_id
    WHERE @keep@
),
toll AS (SELECT cluster_id, max(casualties_killed) AS killed FROM events GROUP BY cluster_id),
side AS (
    SELECT event_id, role, coalesce(country, '') || coalesce(sector, '') AS code,
           upper(trim(regexp_replace(coalesce(name, text), '\s+', ' ', 'g'))) AS name, country, sector
    FROM event_actors WHERE position = 0
),
geo AS (
    SELECT f.id, fips.code[f.location_country] AS country,
           CASE WHEN f.location_feature = 'country' THEN 1
                WHEN f.location_feature = 'admin1' THEN CASE WHEN f.location_country = 'USA' THEN 2 ELSE 5 END
                WHEN f.location_feature IN ('city', 'admin2')
                    THEN CASE WHEN f.location_country = 'USA' THEN 3 ELSE 4 END
           END AS type
    FROM first f CROSS JOIN fips
)
SELECT (('0x' || left(md5(f.cluster_id), 16))::UBIGINT >> 1)::BIGINT,
       CAST(strftime(f.event_date, '%Y%m%d') AS INTEGER), CAST(strftime(f.event_date, '%Y%m') AS INTEGER),
       year(f.event_date), round(year(f.event_date) + dayofyear(f.event_date) / 365.0, 4),
       x.code, x.name, x.country, NULL, NULL, NULL, NULL, x.sector, NULL, NULL,
       r.code, r.name, r.country, NULL, NULL, NULL, NULL, r.sector, NULL, NULL,
       CASE WHEN f.depth = 0 THEN 1 ELSE 0 END, f.cameo, left(f.cameo, 3), left(f.cameo, 2), f.quad, f.score,
       f.n_events, f.n_sources, f.n_reports, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       g.type,
       regexp_replace(concat_ws(', ', f.location_name, nullif(f.location_admin1_name, f.location_name)),
                      '\s+', ' ', 'g'),
       g.country,
       CASE WHEN g.type = 1 THEN g.country
            WHEN f.location_admin1_code IS NOT NULL THEN g.country || split_part(f.location_admin1_code, '.', 2)
       END,
       NULL, f.location_lat, f.location_lon, f.location_geonameid,
       CAST(strftime(f.ingested_at, '%Y%m%d%H%M%S') AS BIGINT), coalesce(f.url, f.story),
       f.modality, f.cluster_id, t.killed
FROM first f
JOIN geo g ON g.id = f.id
LEFT JOIN toll t ON t.cluster_id = f.cluster_id
LEFT JOIN side x ON x.event_id = f.id AND x.role = 'actor'
LEFT JOIN side r ON r.event_id = f.id AND r.role = 'recipient'
ORDER BY f.event_date NULLS LAST, f.cluster_id
"""


def gdelt_query(modality: str | None = None) -> tuple[str, list[Any]]:
    sql, params = export_query(GDELT_QUERY, modality)
    codes = fips_codes()
    return sql, [list(codes), list(codes.values()), *params]
