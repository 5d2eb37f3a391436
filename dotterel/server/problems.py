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


class CatchAll:
    """Answer an unexpected exception with a 500 problem, and end there.

    Starlette's own last-resort handler sends the 500 and then re-raises, and uvicorn
    answers a re-raised exception by closing the connection: the client's next request on
    that keep-alive connection was reset. Here the error ends with its own response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            log.exception("unexpected error on %s", scope.get("path"))
            if not started:
                detail = "this is a bug in dotterel; the server log has the details"
                await problem(500, "Internal server error", detail)(scope, receive, send)


class TrustedHosts:
    """Answer only requests addressed to this server's own names.

    A web page the user opens can rebind its own domain to 127.0.0.1 and then read the
    API from the browser; its requests still carry that domain in the Host header.
    """

    def __init__(self, app: ASGIApp, names: list[str]) -> None:
        self.app, self.names = app, {name.lower() for name in names}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and _host_name(scope) not in self.names:
            detail = "this server answers only to its own host names; start it with --allowed-host NAME to add one"
            await problem(400, "Unknown host", detail)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _host_name(scope: Scope) -> str:
    host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
    if host.startswith("["):  # [::1]:8000
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# No third-party origin anywhere; inline styles only, for Swagger UI's widgets.
CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])  # fmt: skip
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Every response says: no scripts from elsewhere, no framing, no sniffing, no referrer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
