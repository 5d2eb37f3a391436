"""The dashboard's HTML pages, rendered on the server; small static scripts enhance them.

Each page works as plain HTML (the first page of events, the event's highlighted article);
`static/dashboard.js` then draws the map, the timeline and the network from the same API
an analyst can call, and keeps every view on the same filters.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from dotterel.server import basemap, detail, reads
from dotterel.server.api import selection
from dotterel.server.codebook_entries import entry_yaml, type_definition, type_quads
from dotterel.server.database import Database
from dotterel.server.highlight import KINDS, event_marks, runs
from dotterel.server.problems import Problem

TEMPLATES = Jinja2Templates(directory=str(FilePath(__file__).parent / "templates"))
MODALITIES = ("asserted", "reported", "negated", "hypothetical", "future", "historical")
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
FIRST_PAGE = 50


def _filters(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v}


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def dashboard(request: Request, sel: Annotated[reads.Selection, Depends(selection)]) -> HTMLResponse:
        with db.cursor() as cursor:
            total = reads.count_events(cursor, sel)
            first = reads.events_page(cursor, sel, "date", True, FIRST_PAGE, 0)
        context = {"total": total, "events": first, "filters": _filters(request), "types": type_quads(),
                   "modalities": MODALITIES, "quads": QUADS}  # fmt: skip
        return TEMPLATES.TemplateResponse(request, "dashboard.html", context)

    @pages.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(request: Request, event_id: Annotated[str, Path(max_length=300)]) -> HTMLResponse:
        with db.cursor() as cursor:
            found = detail.event_detail(cursor, event_id)
            if found is None:
                raise Problem(404, "No such event", f"no event has id {event_id!r}")
            article = detail.article_detail(cursor, found["article"]["id"])
        return TEMPLATES.TemplateResponse(request, "event.html", _event_context(found, article))

    @pages.get("/try", response_class=HTMLResponse)
    def try_page(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "try.html", {"kinds": KINDS, "quads": QUADS})

    @pages.get("/basemap.json")
    def outlines() -> JSONResponse:
        # Never changes while the server runs: let the browser keep it.
        return JSONResponse(basemap.countries(), headers={"Cache-Control": "public, max-age=86400"})

    return pages


def _event_context(found: dict[str, Any], article: dict[str, Any] | None) -> dict[str, Any]:
    event = found["event"]
    text = article["text"] if article else ""
    quotes = article["quotes"] if article else []
    return {
        **found, "text_runs": runs(text, event_marks(event, quotes)), "kinds": KINDS, "quads": QUADS,
        "rule_yaml": entry_yaml(event["evidence"]["rule"]), "definition": type_definition(event["type"]),
    }  # fmt: skip
