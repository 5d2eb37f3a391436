"""The read stage: files, folders and stdin in, `Article` records out.

    for item in read_paths(["news/", "extra.jsonl"], published="2024-03-15"):
        if isinstance(item, ReadError):
            print(item, file=sys.stderr)  # item.skipped: False for a warning
        else:
            handle(item)

Formats: .txt (optional `Title:`/`Published:` header), .html/.htm (main text found by
trafilatura), .json (an object or a list), .jsonl (one object a line) and .csv (a header
row naming at least `text`). Bad input yields `ReadError` records instead of raising.
"""

from dotterel.io.decoding import MAX_BYTES
from dotterel.io.errors import ReadError
from dotterel.io.language import detect_language, english_only
from dotterel.io.readers import KNOWN_EXTENSIONS, read_file, read_paths, read_stdin
from dotterel.io.records import iso_date

__all__ = [
    "KNOWN_EXTENSIONS",
    "MAX_BYTES",
    "ReadError",
    "detect_language",
    "english_only",
    "iso_date",
    "read_file",
    "read_paths",
    "read_stdin",
]
