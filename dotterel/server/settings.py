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


@dataclass(frozen=True)
class Settings:
    db: str
    host: str = DEFAULT_HOST
    token: str | None = None  # needed by write endpoints; None disables them
    max_body: int = DEFAULT_MAX_BODY
    cors: tuple[str, ...] = ()  # origins allowed to call the API from a browser page elsewhere

    @property
    def loopback(self) -> bool:
        """True when only this machine can reach the server (then /api/code needs no token)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False
