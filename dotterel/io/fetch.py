"""Web pages by URL: `dotterel code https://...` fetches the page and reads it like an .html file.

This is the only place dotterel touches the network, and only for a URL the user names:
http and https only, a timeout, and the same size cap as a file. A page that cannot be
fetched (offline, no such host, an error status) is a `ReadError` naming the URL, so a batch
goes on past it.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from dotterel.io.decoding import Unreadable, decode, too_large
from dotterel.io.errors import ReadError
from dotterel.io.html import looks_like_html, read_html
from dotterel.io.records import Item
from dotterel.io.text import read_text
from dotterel.model import Article

SCHEMES = ("http", "https")
TIMEOUT_S = 20.0
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html", "application/xhtml+xml")
UNSPECIFIED_TYPES = ("application/octet-stream",)  # servers that do not say: the text decides
OFFLINE_HINT = "check the address and the connection, or save the page and code the file"


def is_url(name: str) -> bool:
    """True for anything written as scheme://..., which is never a path dotterel reads."""
    scheme, sep, _ = name.partition("://")
    return bool(sep) and scheme.isalpha()


def read_url(url: str, published: str | None, max_bytes: int, timeout: float = TIMEOUT_S) -> Iterator[Item]:
    """The article on the page at `url`, or a ReadError saying why there is none."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        yield ReadError(url, f"only http:// and https:// addresses are fetched, not {scheme}://")
        return
    try:
        data, kind, final = _download(url, max_bytes, timeout)
    except _FetchError as error:
        yield ReadError(url, str(error))
        return
    if kind not in (*HTML_TYPES, *TEXT_TYPES, *UNSPECIFIED_TYPES) and not kind.startswith("text/"):
        yield ReadError(url, f"the page is {kind}, not a web page or text; dotterel reads HTML and plain text")
        return
    try:
        text = decode(data, max_bytes)
    except Unreadable as error:
        yield ReadError(url, str(error))
        return
    html = kind in HTML_TYPES or (kind not in TEXT_TYPES and looks_like_html(text))
    items = read_html(text, url, published) if html else read_text(text, url, published)
    for item in items:
        if isinstance(item, Article) and not item.url:
            item.url = final
        yield item


class _FetchError(Exception):
    """Why a page could not be fetched, in words for the user."""


def _download(url: str, max_bytes: int, timeout: float) -> tuple[bytes, str, str]:
    """The page's bytes (at most `max_bytes`), its content type and the address it came from."""
    from dotterel import __version__

    request = Request(url, headers={"User-Agent": f"dotterel/{__version__}", "Accept": "text/html, text/plain"})
    try:
        with urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            if urlsplit(final).scheme.lower() not in SCHEMES:
                raise _FetchError(f"the server redirected to {final}, which is not http or https")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _FetchError(too_large(int(declared), max_bytes))
            data = response.read(max_bytes + 1)
            kind = response.headers.get_content_type()
    except HTTPError as error:
        raise _FetchError(f"the server answered {error.code} {error.reason}") from None
    except URLError as error:
        raise _FetchError(f"cannot fetch it ({_reason(error.reason)}); {OFFLINE_HINT}") from None
    except TimeoutError:
        raise _FetchError(f"no answer within {timeout:g} s; {OFFLINE_HINT}") from None
    except (ValueError, OSError) as error:
        raise _FetchError(f"cannot fetch it ({error}); {OFFLINE_HINT}") from None
    if len(data) > max_bytes:
        raise _FetchError(too_large(len(data), max_bytes))
    return data, kind, final


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "no such host, or no network"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return str(getattr(reason, "strerror", None) or reason)
