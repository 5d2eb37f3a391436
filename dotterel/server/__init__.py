"""`dotterel serve`: the event database as a JSON API and a dashboard in the browser.

`add_serve_command(sub)` registers the command on the `dotterel` parser (as
`dotterel.store.commands.add_commands` does for the database commands). The server binds
to 127.0.0.1 unless told otherwise; writing needs a token (`--token` or DOTTEREL_TOKEN).
"""

from __future__ import annotations

import argparse
import os
import sys

from dotterel.errors import InputError
from dotterel.server.settings import (
    DEFAULT_CODE_QUEUE,
    DEFAULT_CODE_TIMEOUT,
    DEFAULT_HOST,
    DEFAULT_MAX_BODY,
    DEFAULT_MAX_CODE_CHARS,
    DEFAULT_PORT,
    Settings,
)
from dotterel.store.writer import DEFAULT_DB


def settings_from(args: argparse.Namespace) -> Settings:
    token = args.token or os.environ.get("DOTTEREL_TOKEN") or None
    if args.max_body < 1024:
        raise InputError(f"--max-body {args.max_body} is too small: give at least 1024 bytes")
    if args.max_code_chars < 1 or args.code_timeout <= 0 or args.code_queue < 1:
        raise InputError("--max-code-chars, --code-timeout and --code-queue must be more than 0")
    return Settings(db=args.db, host=args.host, token=token, max_body=args.max_body, cors=tuple(args.cors or ()),
                    allowed_hosts=tuple(args.allowed_host or ()), max_code_chars=args.max_code_chars,
                    code_timeout=args.code_timeout, code_queue=args.code_queue)  # fmt: skip


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from dotterel.server.app import create_app

    settings = settings_from(args)
    if not settings.loopback and not settings.token:
        print(f"dotterel: serving on {settings.host} without a token: /api/code and /api/ingest are disabled",
              file=sys.stderr)  # fmt: skip
    if args.host in ("0.0.0.0", "::") and not settings.allowed_hosts:
        print("dotterel: listening on all addresses: give --allowed-host NAME for each name clients use",
              file=sys.stderr)  # fmt: skip
    print(f"dotterel: serving {settings.db} at http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0


def add_serve_command(sub: argparse._SubParsersAction) -> None:
    """Register `dotterel serve` on the `dotterel` parser."""
    serve = sub.add_parser("serve", help="serve the event database as a JSON API and a dashboard")
    serve.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"database file (default: {DEFAULT_DB})")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    serve.add_argument("--token", help="token for write endpoints (default: $DOTTEREL_TOKEN)")
    serve.add_argument("--max-body", dest="max_body", type=int, default=DEFAULT_MAX_BODY, metavar="BYTES",
                       help=f"largest request body accepted (default: {DEFAULT_MAX_BODY})")  # fmt: skip
    serve.add_argument("--cors", action="append", metavar="ORIGIN", help="allow browser calls from ORIGIN")
    serve.add_argument(
        "--allowed-host",
        dest="allowed_host",
        action="append",
        metavar="NAME",
        help="also answer requests for this host name (default: 127.0.0.1, localhost, --host)",
    )
    serve.add_argument(
        "--max-code-chars",
        dest="max_code_chars",
        type=int,
        default=DEFAULT_MAX_CODE_CHARS,
        metavar="N",
        help=f"longest text /api/code accepts (default: {DEFAULT_MAX_CODE_CHARS:,})",
    )
    serve.add_argument(
        "--code-timeout",
        dest="code_timeout",
        type=float,
        default=DEFAULT_CODE_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit for coding one article (default: {DEFAULT_CODE_TIMEOUT:g})",
    )
    serve.add_argument(
        "--code-queue",
        dest="code_queue",
        type=int,
        default=DEFAULT_CODE_QUEUE,
        metavar="N",
        help=f"coding requests running or waiting before 429 (default: {DEFAULT_CODE_QUEUE})",
    )
    serve.set_defaults(func=cmd_serve)
