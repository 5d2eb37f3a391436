"""The JSON API: code text, query events, series and actors, read articles, ingest.

Names and filters are those of the CLI (`dotterel events`, `dotterel series`), so a query
moves between the shell and a script unchanged. Reads use a read-only cursor; writes go
through `Store` and need the server's token.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field, field_validator

from dotterel.io import detect_language, iso_date
from dotterel.model import Article
from dotterel.server import detail, downloads, reads
from dotterel.server.coding import Coding
from dotterel.server.database import Database
from dotterel.server.problems import Problem
from dotterel.server.settings import Settings
from dotterel.store import EventFilter
from dotterel.store.checks import check_type_and_mode
from dotterel.store.query import PERIODS

MAX_PAGE = 1000
Text = Annotated[str | None, Query(max_length=200)]


class ArticleIn(BaseModel):
    """An article to code or store; the same fields as a JSONL input record."""

    text: str = Field(min_length=1, description="the article's text")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, description="publication date, YYYY-MM-DD", max_length=40)
    id: str | None = Field(None, max_length=200, description="stable id; made from the text when absent")
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():  # the rule of the file readers: whitespace is no article
            raise ValueError("the text is only whitespace; send the article's text")
        return value

    @field_validator("published")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        if value is not None and iso_date(value) is None:
            raise ValueError("write the publication date as YYYY-MM-DD")
        return iso_date(value) if value else None

    def article(self) -> Article:
        return Article(id=self.id or Article.make_id(self.text, self.title), text=self.text, title=self.title,
                       published=self.published, url=self.url, source=self.source, origin="api",
                       language=detect_language(self.text))  # fmt: skip


class IngestResult(BaseModel):
    articles: int = Field(description="articles stored")
    events: int = Field(description="event reports stored")
    duplicates: int = Field(description="articles skipped: their id or text was stored already")


def selection(
    type: Text = None,
    mode: Text = None,
    modality: Annotated[
        str | None, Query(max_length=200, description="comma-separated modalities, or all; default: what happened")
    ] = None,
    actor_country: Text = None,
    recipient_country: Text = None,
    actor: Annotated[str | None, Query(max_length=200, description="part of an actor's name, any case")] = None,
    since: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD, inclusive")] = None,
    until: Annotated[str | None, Query(max_length=40, description="YYYY-MM-DD, inclusive")] = None,
    place: Annotated[str | None, Query(max_length=200, description="part of a place name, or its country")] = None,
    min_reports: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    country: Annotated[str | None, Query(max_length=200, description="actor, recipient or place country")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="quad class 1-4")] = None,
    all_modalities: Annotated[bool, Query(description="include negated, hypothetical and future events")] = False,
    dyad: Annotated[str | None, Query(max_length=400, description="one network edge: LEVEL:SOURCE > TARGET")] = None,
) -> reads.Selection:
    """The filters of `dotterel events`, plus the dashboard's country, quad and modality switch."""
    found = EventFilter(type=type, mode=mode, modality=modality, actor_country=actor_country,
                        recipient_country=recipient_country, actor=actor, since=since, until=until, place=place,
                        min_reports=min_reports)  # fmt: skip
    check_type_and_mode(found)  # a type or mode that cannot match is a 400 naming the valid ones
    return reads.Selection(found, country=country, quad=quad, all_modalities=all_modalities, dyad=dyad)


Selected = Annotated[reads.Selection, Depends(selection)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _authorised(settings: Settings, authorization: str | None) -> bool:
    if not settings.token or not authorization or not authorization.startswith("Bearer "):
        return False
    return hmac.compare_digest(authorization[7:].encode(), settings.token.encode())


def check_token(settings: Settings, authorization: str | None, what: str) -> None:
    if not settings.token:
        raise Problem(403, "Writing is disabled", f"{what} needs a token: start the server with --token "
                      "or DOTTEREL_TOKEN, and send it as 'Authorization: Bearer TOKEN'")  # fmt: skip
    if not _authorised(settings, authorization):
        raise Problem(401, "Token required", f"{what} needs 'Authorization: Bearer TOKEN' with the server's token",
                      {"WWW-Authenticate": "Bearer"})  # fmt: skip


def router(db: Database, settings: Settings, coding: Coding) -> APIRouter:
    api = APIRouter(prefix="/api")

    @api.post("/code", summary="Code one article; nothing is stored")
    def code(body: ArticleIn, authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        if not settings.loopback:
            check_token(settings, authorization, "coding text on a server reachable from other machines")
        _check_length(body, settings)
        return coding.code([body.article()], settings.code_timeout, settings.code_queue)[0].to_dict()

    @api.get("/events", summary="Event reports matching the filters of `dotterel events`")
    def events(
        sel: Selected,
        sort: Literal["date", "type", "score", "reports", "confidence"] = "date",
        order: Literal["asc", "desc"] = "desc",
        limit: Limit = 50,
        offset: Offset = 0,
        per: Annotated[Literal["event", "act"], Query(description="act: one row per trigger, and its modes")] = "event",
    ) -> dict[str, Any]:
        with db.cursor() as cursor:
            total = reads.count_events(cursor, sel, per == "act")
            page: list[dict[str, Any]] = []
            if offset < total:  # past the last row (or nothing selected) the page is empty: no need to ask
                page = reads.events_page(cursor, sel, sort, order == "desc", limit, offset, per == "act")
        return {"total": total, "limit": limit, "offset": offset, "events": page}

    @api.get("/events.{fmt}", summary="Every selected event report as one CSV, JSON or Parquet file")
    def download(sel: Selected, fmt: Literal["csv", "json", "parquet"]) -> FileResponse:
        return downloads.export(db, sel, fmt)

    @api.get("/facets", summary="Top values of type, actor and recipient country, modality and place")
    def facets(sel: Selected, limit: Annotated[int, Query(ge=1, le=100)] = 8) -> dict[str, Any]:
        with db.cursor() as cursor:
            return {"facets": reads.facets(cursor, sel, limit)}

    @api.get("/events/{event_id}", summary="One event with its evidence and every report of its cluster")
    def event(event_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
        with db.cursor() as cursor:
            return _found(detail.event_detail(cursor, event_id), "event", event_id)

    @api.get("/articles/{article_id}", summary="An article's text with all its annotations and offsets")
    def article(article_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
        with db.cursor() as cursor:
            return _found(detail.article_detail(cursor, article_id), "article", article_id)

    @api.get("/series", summary="Events, clusters and mean score per period, by type or by dyad")
    def series(
        sel: Selected,
        by: Literal[PERIODS] = "day",  # type: ignore[valid-type]
        group: Literal["type", "dyad"] = "type",
    ) -> dict[str, Any]:
        with db.cursor() as cursor:
            found = reads.series(cursor, sel, by, group == "dyad")
        return {"by": by, "group": group, "series": found}

    @api.get("/actors", summary="Actors and recipients of the selected events, with event counts")
    def actors(sel: Selected, name: Text = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        with db.cursor() as cursor:
            return {"actors": reads.actors(cursor, sel, name, limit, offset)}

    @api.get("/map", summary="Event counts on a grid of `cell` degrees, by quad class (for the map)")
    def map_cells(
        sel: Selected,
        cell: Annotated[float, Query(ge=0.01, le=45)] = 2.0,
        limit: Annotated[int, Query(ge=1, le=20_000)] = 5000,
    ) -> dict[str, Any]:
        with db.cursor() as cursor:
            return {"cell": cell, "cells": reads.map_cells(cursor, sel, cell, limit)}

    @api.get("/map/types", summary="The commonest event types in one cell of /api/map (its lat, lon and cell)")
    def map_cell_types(
        sel: Selected,
        lat: Annotated[float, Query(ge=-90, le=90)],
        lon: Annotated[float, Query(ge=-180, le=180)],
        cell: Annotated[float, Query(ge=0.01, le=45)] = 2.0,
    ) -> dict[str, Any]:
        with db.cursor() as cursor:
            return {"types": reads.cell_types(cursor, sel, cell, lat, lon)}

    @api.get("/network", summary="Coded dyads, actor -> recipient: weight = events, colour = mean score")
    def network(
        sel: Selected,
        level: Annotated[
            Literal["sector", "country", "named"], Query(description="country + sector, country, or entity name")
        ] = "sector",
        limit: Annotated[int, Query(ge=1, le=500)] = 30,
    ) -> dict[str, Any]:
        with db.cursor() as cursor:
            return {"level": level, "edges": reads.dyads(cursor, sel, level, limit)}

    @api.post("/ingest", summary="Code and store articles (needs the token)")
    def ingest(
        body: Annotated[list[ArticleIn], Field(max_length=1000)],
        authorization: Annotated[str | None, Header()] = None,
    ) -> IngestResult:
        check_token(settings, authorization, "ingest")
        for item in body:
            _check_length(item, settings)
        coded = coding.code([item.article() for item in body], settings.code_timeout * len(body), settings.code_queue)
        stats = db.ingest(coded)
        return IngestResult(articles=stats.articles, events=stats.events, duplicates=stats.duplicates)

    return api


def _check_length(body: ArticleIn, settings: Settings) -> None:
    if len(body.text) > settings.max_code_chars:
        raise Problem(413, "Text too long", f"the text has {len(body.text):,} characters; the server codes at most "
                      f"{settings.max_code_chars:,} (--max-code-chars): split the article")  # fmt: skip


def _found(record: dict[str, Any] | None, kind: str, key: str) -> dict[str, Any]:
    """The record asked for by id, or a 404 problem naming it."""
    if record is None:
        raise Problem(404, f"No such {kind}", f"no {kind} has id {key!r}")
    return record
