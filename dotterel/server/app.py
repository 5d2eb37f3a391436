"""The FastAPI application: API, pages, static files, and the security around them.

`create_app(settings)` is what `dotterel serve` runs and what the tests start: one
database handle, one coding worker, problem-details errors, a request body cap, answers
only to the server's own host names, security headers on every response, and CORS only
for origins named with `--cors`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from dotterel import __version__
from dotterel.server import api, pages, problems
from dotterel.server.coding import CODING
from dotterel.server.database import Database
from dotterel.server.settings import Settings

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings) -> FastAPI:
    db = Database(settings.db)
    db.ensure_exists()
    app = FastAPI(
        title="dotterel",
        version=__version__,
        description="PLOVER political events coded from news articles, each with its evidence.",
        docs_url=None,  # pages.router serves /api/docs from packaged Swagger UI assets (no CDN)
        redoc_url=None,
    )
    app.state.db = db
    problems.install(app)
    pages.install(app)  # HTML error pages for the HTML routes
    CODING.warm()
    app.include_router(api.router(db, settings, CODING))
    app.include_router(pages.router(db))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if settings.cors:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])  # fmt: skip
    app.add_middleware(problems.BodyLimit, limit=settings.max_body)
    app.add_middleware(problems.TrustedHosts, names=settings.host_names)
    app.add_middleware(problems.CatchAll)
    app.add_middleware(problems.SecurityHeaders)  # outermost: on every answer, errors included
    app.router.add_event_handler("shutdown", db.close)
    return app
