"""Errors as RFC 9457 problem details: JSON a client can read, never a traceback.

Every failure leaves the server as `application/problem+json` with a status, a title and a
`detail` that says what to do next. Unexpected exceptions are logged on the server and
answered with a generic 500, so nothing about the code or the data leaks to the caller.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dotterel.errors import DotterelError, InputError

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("dotterel.server")


class Problem(Exception):
    """An error the API answers with its own status and a message for people."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers


class DatabaseBusy(Problem):
    """Another process (a running `dotterel ingest`) holds the database file's write lock."""

    def __init__(self, db: str, reason: str) -> None:
        super().__init__(
            503, "Database busy",
            f"{db} is locked by another process (is `dotterel ingest` running on it?). "
            f"Try again when it has finished. ({reason})",
            {"Retry-After": "30"},
        )  # fmt: skip


def problem(status: int, title: str, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only where and what: echoing the rejected input back could be large or odd bytes.
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()]


def install(app: FastAPI) -> None:
    """Answer every error raised by a route, FastAPI or Starlette as a problem document."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, exc.headers)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, _title(exc.status_code), exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, "Invalid request", _validation_detail(exc))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        return problem(400, "Bad request", str(exc))

    @app.exception_handler(DotterelError)
    async def _dotterel(request: Request, exc: DotterelError) -> JSONResponse:
        return problem(503, "Service unavailable", str(exc))

    @app.exception_handler(duckdb.Error)
    async def _duckdb(request: Request, exc: duckdb.Error) -> JSONResponse:
        log.exception("database error on %s", request.url.path)
        return problem(500, "Database error", "the query failed; the server log has the details")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem(500, "Internal server error", "this is a bug in dotterel; the server log has the details")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class BodyLimit:
    """Refuse request bodies over `limit` bytes, whether or not they announce their length.

    Checked before a route reads the body, so a huge upload costs the server nothing.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, self._detail())
            return message

        return counted

    def _detail(self) -> str:
        return f"request bodies are limited to {self.limit:,} bytes; send fewer articles per request"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await problem(413, "Request too large", self._detail())(scope, receive, send)
