"""The selected events as a file: CSV, JSON or Parquet, as Datasette offers `.csv` and `.json`.

DuckDB writes the file itself (`COPY ... TO`), so a download needs no extra library and the
columns and types are the table's. The file lives in a temporary folder only until it is sent.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from dotterel.server import reads
from dotterel.server.database import Database

MAX_ROWS = 1_000_000  # a download is the filtered set: a whole large store goes through `dotterel export`
FORMATS = {
    "csv": ("(FORMAT csv, HEADER true)", "text/csv; charset=utf-8"),
    "json": ("(FORMAT json, ARRAY true)", "application/json"),
    "parquet": ("(FORMAT parquet)", "application/vnd.apache.parquet"),
}


def export(db: Database, sel: reads.Selection, fmt: str) -> FileResponse:
    """The selected event reports (newest first, at most MAX_ROWS) as one file in `fmt`."""
    options, media_type = FORMATS[fmt]
    folder = Path(tempfile.mkdtemp(prefix="dotterel-download-"))
    path = folder / f"events.{fmt}"
    sql, params = reads.export_query(sel, MAX_ROWS)
    try:
        with db.cursor() as cursor:
            # The path is ours (a fresh temporary folder), never the caller's; values travel as parameters.
            cursor.execute(f"COPY ({sql}) TO '{path.as_posix()}' {options}", params)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(path, media_type=media_type, filename=f"dotterel-events.{fmt}",
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))  # fmt: skip
