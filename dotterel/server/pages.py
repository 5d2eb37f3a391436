"""The dashboard's HTML pages, rendered on the server; small static scripts enhance them.

Each page works as plain HTML (the first page of events, the event's highlighted article);
`static/dashboard.js` then draws the map, the timeline, the dyad network and the facets from
the same API an analyst can call, and keeps every view on the same filters. Every script and
style is a file under /static (or Swagger UI's, from the fastapi-offline wheel): no CDN and
no inline script, so the pages run offline and under a strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path as FilePath
from typing import Annotated, Any

import fastapi_offline
from fastapi import APIRouter, FastAPI, Path, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from dotterel.errors import InputError
from dotterel.server import basemap, detail, problems, reads
from dotterel.server.api import selection
from dotterel.server.codebook_entries import entry_yaml, type_definition, type_quads
from dotterel.server.database import Database
from dotterel.server.highlight import KINDS, event_marks, runs, trigger_parts

TEMPLATES = Jinja2Templates(directory=str(FilePath(__file__).parent / "templates"))
# A missing value prints as nothing, never as Python's "None".
TEMPLATES.env.finalize = lambda value: "" if value is None else value
MODALITIES = ("asserted", "reported", "negated", "hypothetical", "future", "historical")
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
FIRST_PAGE = 50
SORTS = tuple(reads.SORTS)
DATE_FIELDS = {"since": "From", "until": "To"}
SWAGGER = FilePath(fastapi_offline.__file__).parent / "static"  # Swagger UI 5, as that wheel ships it
SWAGGER_ASSETS = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript"}
CACHED = {"Cache-Control": "public, max-age=86400"}  # never changes while the server runs


def _filters(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if v}


def _date_problem(filters: dict[str, str]) -> str | None:
    """A message for a date filter that is not a date, in the dashboard's words."""
    for name, label in DATE_FIELDS.items():
        value = filters.get(name)
        if value is None:
            continue
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"{label} date {value!r} is not a date: pick one in the calendar, or write it as 2025-03-14."
    return None


def _page_request(request: Request, filters: dict[str, str]) -> tuple[reads.Selection, str, bool]:
    """The dashboard's selection, sort and order from its query string (the API's own parsing)."""
    keys = ("type", "mode", "modality", "actor_country", "recipient_country", "actor", "since", "until", "place",
            "country", "dyad")  # fmt: skip
    quad = filters.get("quad")
    sel = selection(**{k: filters.get(k) for k in keys}, quad=int(quad) if quad and quad in "1234" else None,
                    all_modalities=filters.get("all_modalities") == "true", min_reports=None)  # fmt: skip
    sort = filters.get("sort", "date")
    return sel, (sort if sort in SORTS else "date"), filters.get("order") != "asc"


def _dashboard_context(db: Database, request: Request) -> tuple[dict[str, Any], int]:
    filters = _filters(request)
    error = _date_problem(filters)
    total, first, status = 0, [], 200
    if error is None:
        try:
            sel, sort, descending = _page_request(request, filters)
            with db.cursor() as cursor:
                total = reads.count_events(cursor, sel, per_act=True)
                first = reads.events_page(cursor, sel, sort, descending, FIRST_PAGE, 0, per_act=True)
        except InputError as exc:
            error = str(exc)
    if error is not None:
        status = 400
    for row in first:
        row["evidence_parts"] = trigger_parts(row["evidence"], row["trigger"], row["trigger_at"])
    context = {"total": total, "events": first, "filters": filters, "types": type_quads(), "modalities": MODALITIES,
               "quads": QUADS, "countries": reads.country_names(), "error": error}  # fmt: skip
    return context, status


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def dashboard(request: Request) -> HTMLResponse:
        context, status = _dashboard_context(db, request)
        return TEMPLATES.TemplateResponse(request, "dashboard.html", context, status_code=status)

    @pages.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(request: Request, event_id: Annotated[str, Path(max_length=300)]) -> HTMLResponse:
        with db.cursor() as cursor:
            found = detail.event_detail(cursor, event_id)
            if found is None:
                return not_found(request, f"No event has the id {event_id!r}.")
            article = detail.article_detail(cursor, found["article"]["id"])
        return TEMPLATES.TemplateResponse(request, "event.html", _event_context(found, article))

    @pages.get("/try", response_class=HTMLResponse)
    def try_page(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "try.html", {"kinds": KINDS, "quads": QUADS})

    @pages.get("/basemap.json")
    def outlines(detail: str = "110m") -> JSONResponse:
        if detail not in basemap.DETAILS:
            detail = "110m"
        return JSONResponse(basemap.countries(detail), headers=CACHED)

    @pages.get("/basemap/areas.json")
    def areas() -> JSONResponse:
        return JSONResponse(basemap.areas(), headers=CACHED)

    @pages.get("/api/docs", response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "docs.html", {})

    @pages.get("/api/docs/{asset}")
    def docs_asset(request: Request, asset: str) -> Response:
        if asset not in SWAGGER_ASSETS:
            raise HTTPException(404, f"no documentation asset {asset!r}")
        return FileResponse(SWAGGER / asset, media_type=SWAGGER_ASSETS[asset], headers=CACHED)

    return pages


def not_found(request: Request, detail: str) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "error.html", {"title": "Not found", "detail": detail},
                                      status_code=404)  # fmt: skip


def _wants_html(request: Request) -> bool:
    path = request.url.path
    machine = path.startswith(("/api/", "/static/", "/basemap")) or path == "/openapi.json"
    return not machine and "text/html" in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    """A person's browser asking for a page that is not there gets a page, not JSON."""

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404 and _wants_html(request):
            return not_found(request, f"There is no page at {request.url.path}.")
        return problems.problem(exc.status_code, _title(exc.status_code), exc.detail, getattr(exc, "headers", None))


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _event_context(found: dict[str, Any], article: dict[str, Any] | None) -> dict[str, Any]:
    event = found["event"]
    text = article["text"] if article else ""
    quotes = article["quotes"] if article else []
    return {
        **found, "text_runs": runs(text, event_marks(event, quotes)), "kinds": KINDS, "quads": QUADS,
        "rule_yaml": entry_yaml(event["evidence"]["rule"]), "definition": type_definition(event["type"]),
    }  # fmt: skip
