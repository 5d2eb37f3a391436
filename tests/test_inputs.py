"""Inputs from the web: `dotterel code URL` against a local http.server (never the internet),
and a web page piped on stdin."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dotterel.io import ReadError, read_paths, read_stdin
from dotterel.model import Article

STORY = ("Kenyan police arrested twelve activists in Nairobi on Friday, a spokesman said. "
         "The activists had marched to parliament against a new fuel tax, and their lawyers "
         "said they would challenge the arrests in court on Monday morning.")  # fmt: skip
PAGE = f"""<!DOCTYPE html>
<html><head><title>Activists held in Nairobi</title>
<meta name="date" content="2025-03-15"></head>
<body><nav>Home | World | Sport</nav>
<article><h1>Activists held in Nairobi</h1><p>{STORY}</p><p>{STORY}</p></article>
<footer>Sign up for our newsletter</footer></body></html>"""
PAGES = {
    "/article.html": ("text/html; charset=utf-8", PAGE.encode()),
    "/notes.txt": ("text/plain; charset=utf-8", STORY.encode()),
    "/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    "/huge.html": ("text/html", b"<html><body>" + b"x" * 5000 + b"</body></html>"),
}


class Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
            return
        if self.path not in PAGES:
            self.send_error(404, "Not Found")
            return
        kind, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        return


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def read(*names: str, max_bytes: int | None = None) -> list[Article | ReadError]:
    limits = {"max_bytes": max_bytes} if max_bytes else {}
    return list(read_paths(list(names), **limits))


def test_a_url_is_fetched_and_its_article_extracted(site: str) -> None:
    [article] = read(f"{site}/article.html")
    assert isinstance(article, Article), article
    assert article.title == "Activists held in Nairobi"
    assert "arrested twelve activists" in article.text
    assert "newsletter" not in article.text and "<p>" not in article.text
    assert article.url == f"{site}/article.html" and article.origin == f"{site}/article.html"


def test_plain_text_and_redirects(site: str) -> None:
    [text] = read(f"{site}/notes.txt")
    assert isinstance(text, Article) and text.text == STORY
    [moved] = read(f"{site}/moved")
    assert isinstance(moved, Article) and moved.url == f"{site}/article.html"


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing.html", "answered 404"), ("/logo.png", "image/png"), ("/huge.html", "too large")],
)
def test_pages_that_are_no_article_are_named_errors(site: str, path: str, message: str) -> None:
    [problem] = read(f"{site}{path}", max_bytes=2000)
    assert isinstance(problem, ReadError) and problem.origin == f"{site}{path}" and message in problem.message


def test_offline_or_refused_says_so_and_not_no_such_file() -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    [problem] = read(f"http://127.0.0.1:{port}/story.html")
    assert isinstance(problem, ReadError)
    assert "cannot fetch it" in problem.message and "no such file" not in problem.message


def test_only_http_and_https_are_fetched(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the coder", encoding="utf-8")
    [problem] = read(f"file://{secret}")
    assert isinstance(problem, ReadError) and "only http:// and https://" in problem.message


def test_a_web_page_on_stdin_is_extracted() -> None:
    [article] = read_stdin(io.BytesIO(PAGE.encode()), None)
    assert isinstance(article, Article) and article.title == "Activists held in Nairobi"
    assert "DOCTYPE" not in article.text and "arrested twelve activists" in article.text


def test_code_url_end_to_end(site: str, capsys: pytest.CaptureFixture[str]) -> None:
    from dotterel.cli import main

    code = main(["code", f"{site}/article.html", f"{site}/notes.txt", "--format", "json", "--published", "2025-03-15"])
    records = json.loads(capsys.readouterr().out)
    assert code == 0 and len(records) == 2
    assert records[0]["article"]["url"] == f"{site}/article.html"
    assert "COERCE" in {e["type"] for e in records[0]["events"]}
