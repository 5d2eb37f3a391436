"""Merging: the same event reported by several articles becomes one cluster.

Wire copy, follow-ups and rival outlets report one protest or one summit many times; an
analyst counting events must count it once, and an analyst weighing evidence wants every
report. So each event record keeps its row and gets a `cluster_id`; `clusters` holds one
row per real-world event with how many reports and sources back it.

Two reports are the same event when (docs/database.md, "Merging"):

- their type is the same, and their modality class (asserted and reported are one class;
  negated, hypothetical, future and historical each their own): a denial never merges with
  the claim it denies;
- their actors are compatible, and so are their recipients: the same set of
  country+sector codes, or the same set of names;
- their days are within `window` days of the cluster's first..last day (the day is the
  event's own date when it is resolved to a day, else the article's publication date);
- their location countries are equal, or one of them is unknown.

A report with neither a known day nor any actor or recipient cannot be matched safely and
stays alone. Merging is incremental: new reports join clusters already stored (or found
earlier in the same batch), or start their own, whose id is the first report's event id.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import duckdb

from dotterel.model import Actor, Event

DEFAULT_WINDOW_DAYS = 1
OCCURRED = "asserted"  # the class shared by asserted and reported events
MODALITY_CLASS = {"asserted": OCCURRED, "reported": OCCURRED}


@dataclass(frozen=True)
class Side:
    """An actor or recipient list reduced to what merging compares."""

    codes: str  # "KEN:GOV|TZA:GOV": sorted distinct country:sector codes
    names: str  # "joseph mutua|halima saidi": sorted distinct lower-case names

    @property
    def empty(self) -> bool:
        return not self.codes and not self.names

    def matches(self, other: Side) -> bool:
        if self.empty or other.empty:
            return self.empty and other.empty
        return bool(self.codes and self.codes == other.codes) or bool(self.names and self.names == other.names)


@dataclass(frozen=True)
class Report:
    """One event record as merging sees it."""

    event_id: str
    type: str
    modality: str
    actor: Side
    recipient: Side
    day: dt.date | None
    location_name: str | None
    location_country: str | None

    @property
    def mergeable(self) -> bool:
        return self.day is not None and not (self.actor.empty and self.recipient.empty)


@dataclass
class Cluster:
    """A real-world event: the key its reports share and the days they span."""

    cluster_id: str
    type: str
    modality: str
    actor: Side
    recipient: Side
    location_name: str | None
    location_country: str | None
    first_date: dt.date | None
    last_date: dt.date | None

    def accepts(self, report: Report, window: dt.timedelta) -> bool:
        return (
            report.mergeable
            and self.first_date is not None
            and self.last_date is not None
            and self.first_date - window <= report.day <= self.last_date + window  # type: ignore[operator]
            and (not self.location_country or not report.location_country
                 or self.location_country == report.location_country)
            and self.actor.matches(report.actor)
            and self.recipient.matches(report.recipient)
        )  # fmt: skip

    def add(self, report: Report) -> None:
        day = report.day
        if day is not None:
            self.first_date = min(self.first_date or day, day)
            self.last_date = max(self.last_date or day, day)
        if not self.location_country and report.location_country:
            self.location_name, self.location_country = report.location_name, report.location_country

    def distance(self, day: dt.date) -> int:
        if self.first_date and day < self.first_date:
            return (self.first_date - day).days
        return (day - self.last_date).days if self.last_date and day > self.last_date else 0


def modality_class(modality: str | None) -> str:
    value = modality or OCCURRED
    return MODALITY_CLASS.get(value, value)


def side_of(actors: list[Actor]) -> Side:
    codes = {f"{a.country or ''}:{a.sector or ''}" for a in actors if a.country or a.sector}
    names = {(a.name or a.text).strip().lower() for a in actors if (a.name or a.text or "").strip()}
    return Side("|".join(sorted(codes)), "|".join(sorted(names)))


def report_of(event: Event, day: dt.date | None) -> Report:
    loc = event.location
    return Report(
        event_id=event.id,
        type=event.type,
        modality=modality_class(event.modality),
        actor=side_of(event.actor),
        recipient=side_of(event.recipient),
        day=day,
        location_name=loc.name if loc else None,
        location_country=loc.country if loc else None,
    )


def start_cluster(report: Report) -> Cluster:
    return Cluster(
        report.event_id, report.type, report.modality, report.actor, report.recipient,
        report.location_name, report.location_country, report.day, report.day,
    )  # fmt: skip


class ClusterIndex:
    """Clusters by type, modality, side keys and day, so a report is compared with few.

    A cluster is filed under each day it spans and under each pair of its actor and
    recipient keys (codes or names); a report looks up the days within the window of its
    own, under its own key pairs.
    """

    def __init__(self, window: dt.timedelta) -> None:
        self.window = window
        self._at: defaultdict[tuple, list[Cluster]] = defaultdict(list)
        self._spans: dict[str, tuple[dt.date, dt.date]] = {}

    @staticmethod
    def _keys(type: str, modality: str, actor: Side, recipient: Side) -> list[tuple[str, ...]]:
        return [(type, modality, *a, *r) for a in _side_keys(actor) for r in _side_keys(recipient)]

    def add(self, cluster: Cluster) -> None:
        """File a new cluster, or the days a grown one now spans as well."""
        if cluster.first_date is None or cluster.last_date is None:
            return
        filed = self._spans.get(cluster.cluster_id)
        keys = self._keys(cluster.type, cluster.modality, cluster.actor, cluster.recipient)
        for day in _days(cluster.first_date, cluster.last_date):
            if filed is None or not filed[0] <= day <= filed[1]:
                for key in keys:
                    self._at[(*key, day)].append(cluster)
        self._spans[cluster.cluster_id] = (cluster.first_date, cluster.last_date)

    def candidates(self, report: Report) -> list[Cluster]:
        if not report.mergeable or report.day is None:
            return []
        days = _days(report.day - self.window, report.day + self.window)
        keys = self._keys(report.type, report.modality, report.actor, report.recipient)
        found = {c.cluster_id: c for key in keys for day in days for c in self._at.get((*key, day), ())}
        return list(found.values())


def _side_keys(side: Side) -> list[tuple[str, str]]:
    """The keys a side can match on: its codes, its names, or being empty."""
    if side.empty:
        return [("empty", "")]
    return [(kind, key) for kind, key in (("codes", side.codes), ("names", side.names)) if key]


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


class Merger:
    """Assigns each new report a cluster, from those stored or those made in this batch."""

    def __init__(self, window_days: int = DEFAULT_WINDOW_DAYS) -> None:
        self.window = dt.timedelta(days=window_days)

    def assign(self, con: duckdb.DuckDBPyConnection, reports: list[Report]) -> tuple[dict[str, str], list[Cluster]]:
        """Cluster id per event id, and every cluster that was created or grew."""
        return self.assign_to(self._stored(con, reports), reports)

    def assign_to(self, index: ClusterIndex, reports: list[Report]) -> tuple[dict[str, str], list[Cluster]]:
        """`assign` against the clusters in `index` (empty: a whole partition merged in one go)."""
        assigned: dict[str, str] = {}
        touched: dict[str, Cluster] = {}
        for report in reports:
            cluster = self._best(index.candidates(report), report)
            if cluster is None:
                cluster = start_cluster(report)
            else:
                cluster.add(report)
            index.add(cluster)
            assigned[report.event_id] = cluster.cluster_id
            touched[cluster.cluster_id] = cluster
        return assigned, list(touched.values())

    def _best(self, clusters: list[Cluster], report: Report) -> Cluster | None:
        # The nearest in time wins; ties go to the oldest cluster, so results are repeatable.
        fits = [c for c in clusters if c.accepts(report, self.window)]
        return min(fits, key=lambda c: (c.distance(report.day), c.first_date, c.cluster_id), default=None)  # type: ignore[arg-type]

    def _stored(self, con: duckdb.DuckDBPyConnection, reports: list[Report]) -> ClusterIndex:
        """Stored clusters that a report of this batch could join."""
        index = ClusterIndex(self.window)
        days = [r.day for r in reports if r.mergeable and r.day]
        if not days:
            return index
        rows = con.execute(
            """SELECT cluster_id, type, modality, actor_key, actor_names, recipient_key, recipient_names,
                      location_name, location_country, first_date, last_date
               FROM clusters
               WHERE type IN (SELECT unnest($types::VARCHAR[]))
                 AND last_date >= $lo AND first_date <= $hi
               ORDER BY first_date, cluster_id""",
            {
                "types": sorted({r.type for r in reports}),
                "lo": min(days) - self.window,
                "hi": max(days) + self.window,
            },
        ).fetchall()
        for row in rows:
            index.add(Cluster(row[0], row[1], row[2], Side(row[3] or "", row[4] or ""),
                              Side(row[5] or "", row[6] or ""), row[7], row[8], row[9], row[10]))  # fmt: skip
        return index


def save_clusters(con: duckdb.DuckDBPyConnection, clusters: list[Cluster]) -> None:
    """Write the clusters' keys, then recount their reports and sources from the events."""
    if not clusters:
        return
    columns = list(zip(*[_cluster_row(c) for c in clusters], strict=True))
    con.execute(
        """INSERT OR REPLACE INTO clusters
               (cluster_id, type, modality, actor_key, actor_names, recipient_key, recipient_names,
                location_name, location_country, first_date, last_date)
           SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), unnest($3::VARCHAR[]), unnest($4::VARCHAR[]),
                  unnest($5::VARCHAR[]), unnest($6::VARCHAR[]), unnest($7::VARCHAR[]), unnest($8::VARCHAR[]),
                  unnest($9::VARCHAR[]), unnest($10::DATE[]), unnest($11::DATE[])""",
        [list(c) for c in columns],
    )
    con.execute(RECOUNT, [[c.cluster_id for c in clusters]])


def _cluster_row(c: Cluster) -> tuple:
    return (
        c.cluster_id, c.type, c.modality, c.actor.codes, c.actor.names, c.recipient.codes, c.recipient.names,
        c.location_name, c.location_country, c.first_date, c.last_date,
    )  # fmt: skip


# Each cluster's counts and first and last reports, from its events: the merge's recount in
# a database file and the clusters view of a Parquet dataset both read them from here.
# n_sources counts distinct article sources; an article without a source counts as its own.
CLUSTER_COUNTS = """
    SELECT e.cluster_id,
           CAST(count(*) AS INTEGER) AS n_events,
           CAST(count(DISTINCT e.article_id) AS INTEGER) AS n_reports,
           CAST(count(DISTINCT coalesce(a.source, 'article:' || a.id)) AS INTEGER) AS n_sources,
           min(e.event_date) AS first_date,
           max(e.event_date) AS last_date,
           arg_min(e.id, coalesce(CAST(a.published AS VARCHAR), '9999-12-31') || e.id) AS first_report,
           arg_max(e.id, coalesce(CAST(a.published AS VARCHAR), '0000-01-01') || e.id) AS last_report
    FROM events e JOIN articles a ON a.id = e.article_id
    {where}
    GROUP BY e.cluster_id
"""

RECOUNT = f"""
UPDATE clusters SET
    n_events = s.n_events, n_reports = s.n_reports, n_sources = s.n_sources,
    first_date = s.first_date, last_date = s.last_date,
    first_report = s.first_report, last_report = s.last_report
FROM ({CLUSTER_COUNTS.format(where="WHERE e.cluster_id IN (SELECT unnest($1::VARCHAR[]))")}) AS s
WHERE clusters.cluster_id = s.cluster_id
"""
