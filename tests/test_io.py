"""The read stage: every format, every kind of bad input, and the batch going on past it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from dotterel.io import MAX_BYTES, ReadError, read_file, read_paths, read_stdin
from dotterel.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "io"
CORPUS = FIXTURES / "corpus"
BROKEN = FIXTURES / "broken"


def read(*paths: Path | str, published: str | None = None) -> list[Article | ReadError]:
    return list(read_paths([str(path) for path in paths], published=published))


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Article | ReadError]) -> list[ReadError]:
    return [item for item in items if isinstance(item, ReadError)]


def only_problem(path: Path | str) -> ReadError:
    items = read(path)
    assert len(items) == 1 and isinstance(items[0], ReadError), items
    return items[0]


# --- .txt ---


def test_txt_header_is_metadata_and_body_is_the_text() -> None:
    [article] = read(CORPUS / "header.txt")
    assert article.title == "Harbour workers strike in Valmora"
    assert article.published == "2031-05-04"
    assert article.text.startswith("Dock workers in the port city")
    assert "Title:" not in article.text
    assert article.origin == str(CORPUS / "header.txt")
    assert article.id == Article.make_id(article.text, article.title)


def test_txt_without_header_is_all_text() -> None:
    path = CORPUS / "plain.txt"
    [article] = read(path)
    assert article.text == path.read_text(encoding="utf-8")
    assert article.title is None and article.published is None


def test_published_argument_fills_but_does_not_override() -> None:
    [own] = read(CORPUS / "header.txt", published="2000-01-01")
    [filled] = read(CORPUS / "plain.txt", published="2000-01-01T12:30:00")
    assert own.published == "2031-05-04"
    assert filled.published == "2000-01-01"


def test_invalid_published_argument_is_refused_before_reading() -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        read_paths([str(CORPUS)], published="15/03/2024")


def test_header_without_text_is_an_error() -> None:
    assert "no article text" in only_problem(BROKEN / "header_only.txt").message


def test_byte_order_mark_is_dropped() -> None:
    [article] = read(BROKEN / "bom.txt")
    assert article.title == "With a BOM"
    assert article.text == "The text after a byte-order mark.\n"


# --- .html ---


def test_html_main_text_title_date_and_url() -> None:
    [article] = read(CORPUS / "page.html")
    assert article.title == "Talks resume in Port Lenna"
    assert article.published == "2021-06-10"
    assert article.url == "https://courier.example/talks-resume"
    assert "Negotiators from the two coastal provinces" in article.text
    assert "tracking" not in article.text and "<p>" not in article.text


def test_html_falls_back_to_visible_text() -> None:
    [article] = read(CORPUS / "tiny.htm")
    assert article.text == "The mayor resigned.\nAn election follows."
    assert article.title == "Short note"


# --- .json, .jsonl, .csv ---


def test_json_list_reads_good_records_and_names_bad_ones() -> None:
    items = read(CORPUS / "records.json")
    first, second, third = articles(items)
    assert (first.id, first.url, first.source) == ("j1", "https://example.org/j1", "Example Wire")
    assert first.origin == f"{CORPUS / 'records.json'}:2"
    assert second.id == "42"
    assert third.id == Article.make_id("Ministers met in Arlo.", None)
    assert third.published is None
    found = {(p.origin.rsplit(":", 1)[1], p.level) for p in problems(items)}
    assert found == {("5", "error"), ("6", "error"), ("7", "warning")}


def test_bad_date_warning_comes_just_before_its_article() -> None:
    items = read(CORPUS / "records.json", published="2030-12-31")
    index = next(i for i, item in enumerate(items) if isinstance(item, ReadError) and not item.skipped)
    warning, article = items[index], items[index + 1]
    assert "last Tuesday" in warning.message and "2030-12-31" in warning.message
    assert isinstance(article, Article) and article.published == "2030-12-31"


def test_malformed_json_keeps_records_before_the_error() -> None:
    items = read(BROKEN / "malformed.json")
    assert [a.text for a in articles(items)] == ["Good one."]
    [error] = problems(items)
    assert error.origin.endswith("malformed.json:3") and "malformed JSON" in error.message


def test_jsonl_bad_lines_do_not_stop_the_file() -> None:
    items = read(CORPUS / "records.jsonl")
    assert [a.id for a in articles(items)][:1] == ["l1"]
    assert articles(items)[0].published == "2031-03-03"  # datetime with offset: date kept
    assert articles(items)[1].source == "Example Post"
    lines = [p.origin.rsplit(":", 1)[1] for p in problems(items)]
    assert lines == ["3", "4", "5"]
    assert "malformed JSON line" in problems(items)[0].message
    assert '"text"' in problems(items)[1].message


def test_jsonl_invalid_utf8_line_reports_byte_offset() -> None:
    items = read(BROKEN / "bad_line.jsonl")
    assert [a.text for a in articles(items)] == ["Fine line.", "Also fine."]
    [error] = problems(items)
    assert error.origin.endswith(":2")
    assert "byte offset 36" in error.message


def test_csv_rows_with_their_line_numbers() -> None:
    items = read(CORPUS / "table.csv")
    first, second = articles(items)
    assert (first.id, first.title, first.published) == ("c1", "Curfew lifted", "2031-04-01")
    assert first.text == "The curfew in Dorne, a river town, ended."
    assert second.text == "A second line\nof text." and second.origin.endswith("table.csv:5")
    assert [p.origin.rsplit(":", 1)[1] for p in problems(items)] == ["3", "7"]


def test_csv_without_text_column() -> None:
    error = only_problem(BROKEN / "no_text_column.csv")
    assert '"text" column' in error.message and "name, body" in error.message


# --- folders and stdin ---


def test_folder_is_read_recursively_sorted_skipping_hidden_and_unknown() -> None:
    files = dict.fromkeys(str(item.origin).split(":")[0] for item in read(CORPUS))
    names = [str(Path(name).relative_to(CORPUS)) for name in files]
    assert names == [
        "header.txt", "page.html", "plain.txt", "records.json", "records.jsonl",
        "table.csv", "tiny.htm", "sub/nested.txt",
    ]  # fmt: skip


def test_empty_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("not an article")
    assert "no files to read" in only_problem(tmp_path).message


def test_stdin_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    text = b"Title: From a pipe\n\nThe minister resigned.\n"
    [article] = list(read_stdin(io.BytesIO(text), None))
    assert (article.title, article.text, article.origin) == (
        "From a pipe", "The minister resigned.\n", "<stdin>",
    )  # fmt: skip
    lines = b'\n{"text": "One."}\nnot json\n{"text": "Two."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    items = read("-", published="2031-01-02")
    assert [a.text for a in articles(items)] == ["One.", "Two."]
    assert articles(items)[0].origin == "<stdin>:2" and articles(items)[0].published == "2031-01-02"
    assert [p.origin for p in problems(items)] == ["<stdin>:3"]


def test_empty_stdin() -> None:
    [error] = list(read_stdin(io.BytesIO(b""), None))
    assert error.origin == "<stdin>" and "empty" in error.message


# --- broken files: one clear error each, and the batch goes on ---


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.txt", "empty"),
        ("blank.jsonl", "empty"),
        ("binary.txt", "binary"),
        ("utf16.txt", "UTF-16"),
        ("unknown.xyz", "unknown file type"),
        ("missing.txt", "no such file"),
    ],
)
def test_broken_file_gives_one_error(name: str, words: str) -> None:
    error = only_problem(BROKEN / name)
    assert words in error.message
    assert error.skipped and str(error).startswith(str(BROKEN / name))


def test_invalid_utf8_names_line_and_byte_offset() -> None:
    error = only_problem(BROKEN / "latin1.txt")
    assert error.origin.endswith("latin1.txt:2")
    assert "byte 0xe9 at byte offset 17" in error.message and "iconv" in error.message


def test_batch_goes_on_past_broken_files() -> None:
    items = read(BROKEN / "empty.txt", BROKEN / "nope.txt", CORPUS / "plain.txt")
    assert len(problems(items)) == 2 and len(articles(items)) == 1


def test_size_cap_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The army moved.\n" * 100)
    assert articles(list(read_file(path, None, max_bytes=10_000)))
    [error] = list(read_file(path, None, max_bytes=1_000))
    assert "1,600 bytes" in error.message and "max_bytes" in error.message


def test_jsonl_cap_applies_per_line(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    long_line = '{"text": "' + "x" * 500 + '"}'
    path.write_text(f'{{"text": "short"}}\n{long_line}\n{{"text": "after"}}\n')
    items = list(read_file(path, None, max_bytes=100))
    assert [a.text for a in articles(items)] == ["short", "after"]
    assert problems(items)[0].origin.endswith(":2")


def test_file_just_over_default_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    error = only_problem(path)
    assert "too large" in error.message and f"{MAX_BYTES:,}-byte limit" in error.message
