"""What one `dotterel serve` runs with: the database, the address, the token, the limits.

Kept in one frozen object so the app, its security checks and its tests read the same
values, and so a test can build an app without going through the command line.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY = 2 * 1024 * 1024  # bytes: a long article is ~50 kB; 2 MB is a batch of them
DEFAULT_MAX_CODE_CHARS = 100_000  # characters of one article sent to the API: a long article is ~50,000
DEFAULT_CODE_TIMEOUT = 60.0  # seconds of coding per article before the worker is stopped
DEFAULT_CODE_QUEUE = 20  # coding requests running or waiting; past it, 429 (reads keep their own threads)
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class Settings:
    db: str
    host: str = DEFAULT_HOST
    token: str | None = None  # needed by write endpoints; None disables them
    max_body: int = DEFAULT_MAX_BODY
    cors: tuple[str, ...] = ()  # origins allowed to call the API from a browser page elsewhere
    allowed_hosts: tuple[str, ...] = ()  # Host header names accepted besides local ones and `host`
    max_code_chars: int = DEFAULT_MAX_CODE_CHARS
    code_timeout: float = DEFAULT_CODE_TIMEOUT
    code_queue: int = DEFAULT_CODE_QUEUE

    @property
    def host_names(self) -> list[str]:
        """Host header values to answer: a page on another name (DNS rebinding) gets 400."""
        return list(dict.fromkeys([*LOCAL_NAMES, self.host, *self.allowed_hosts]))

    @property
    def loopback(self) -> bool:
        """True when only this machine can reach the server (then /api/code needs no token)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False
