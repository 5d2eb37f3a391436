"""The `dotterel` command: code articles, build and query an event database, evaluate.

Each subcommand is a small function; user mistakes end as one clear message on stderr
and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import IO

from dotterel.errors import DotterelError, InputError
from dotterel.io import ReadError, english_only, iso_date, read_paths
from dotterel.model import Article, CodedArticle
from dotterel.progress import Counter
from dotterel.store.commands import open_output, positive

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2
# `dotterel eval NAME PATH`: the gold sets and the modules that score them
EVALUATIONS = {
    "articles": "dotterel.eval.articles",
    "plover-gsr": "dotterel.eval.plover_gsr",
    "conflibert": "dotterel.eval.conflibert",
    "timex": "dotterel.eval.timex",
    "ner": "dotterel.eval.ner",
    "geoparse": "dotterel.eval.geoparse",
    "event-location": "dotterel.eval.event_location",
    "attribution": "dotterel.eval.attribution",
}


class Tally:
    """Counts what a batch did, for the one-line summary at the end."""

    def __init__(self) -> None:
        self.articles = self.events = self.skipped = self.warnings = 0

    def read(self, items: Iterator[Article | ReadError]) -> Iterator[Article]:
        """Articles from a reader; problems are reported on stderr and counted."""
        for item in items:
            if isinstance(item, ReadError):
                print(f"dotterel: {item}", file=sys.stderr)
                self.skipped += item.skipped
                self.warnings += not item.skipped
            else:
                yield item

    def count(self, records: Iterator[CodedArticle]) -> Iterator[CodedArticle]:
        for record in records:
            self.articles += 1
            self.events += len(record.events)
            yield record

    def summary(self) -> str:
        text = f"dotterel: coded {self.articles} articles, {self.events} events"
        if self.skipped:
            text += f"; skipped {self.skipped} inputs (see messages above)"
        return text


def _coder(args: argparse.Namespace):
    from dotterel.pipeline import Coder
    from dotterel.store.lifetime import workers_die_with_parent

    n_process = getattr(args, "n_process", 1)
    if n_process != 1:
        workers_die_with_parent()
    return Coder(codebook=args.codebook, actors=args.actors, n_process=n_process)


def cmd_code(args: argparse.Namespace) -> int:
    from dotterel.export import WRITERS

    fmt = args.format or ("table" if sys.stdout.isatty() and not args.out else "jsonl")
    if args.published and iso_date(args.published) is None:
        raise InputError(f"--published {args.published!r} is not a date: write it as YYYY-MM-DD.")
    with open_output(args.out) if args.out else nullcontext(sys.stdout) as out:
        coder = _coder(args)
        tally = Tally()
        limits = {"max_bytes": args.max_bytes} if args.max_bytes else {}
        items = read_paths(args.paths, published=args.published, **limits)
        articles = tally.read(items if args.force_language else english_only(items))
        WRITERS[fmt](_progress(out).counted(tally.count(coder.code_articles(articles))), out)
    print(tally.summary(), file=sys.stderr)
    return EXIT_SKIPPED if tally.skipped else EXIT_OK


def _progress(out: IO[str]) -> Counter:
    """A count on stderr while coding, unless the events themselves scroll past on the terminal."""
    return Counter(sys.stderr, shown=sys.stderr.isatty() and not (out is sys.stdout and sys.stdout.isatty()))


def cmd_demo(args: argparse.Namespace) -> int:
    from dotterel.demo import run_demo

    return run_demo(args.db, out=sys.stdout)


def cmd_eval(args: argparse.Namespace) -> int:
    from dotterel.eval import run_eval

    if args.errors and args.dataset != "articles":
        raise InputError("--errors is available for `dotterel eval articles` only")
    module = EVALUATIONS[args.dataset]
    if not Path(args.path).exists():
        raise InputError(f"eval {args.dataset}: no such file or folder: {args.path}")
    try:
        return run_eval(module, args.path, as_json=args.json, limit=args.limit, out=sys.stdout, errors=args.errors)
    except (OSError, ValueError, KeyError) as exc:  # the gold data is not where or what the scorer expects
        found = "a folder" if Path(args.path).is_dir() else "a file"
        raise InputError(f"eval {args.dataset} could not read {found} {args.path}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return str(exc) if not isinstance(exc, KeyError) else f"a record has no field {exc}"


def _add_vocab_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--codebook", action="append", metavar="FILE", help="extra trigger file (repeatable)")
    parser.add_argument("--actors", action="append", metavar="FILE", help="extra actor file (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dotterel", description="Code news into PLOVER political events.")
    sub = parser.add_subparsers(dest="command", required=True)

    code = sub.add_parser("code", help="code articles and print their events")
    code.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    code.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for inputs without one")
    code.add_argument("--format", choices=["json", "jsonl", "csv", "table"], help="default: table on a terminal")
    code.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    code.add_argument("--n-process", type=positive, default=1, dest="n_process", help="parser processes")
    code.add_argument("--max-bytes", type=positive, default=None, dest="max_bytes", help="largest file to read (bytes)")
    code.add_argument("--force-language", action="store_true", dest="force_language",
                      help="code articles detected as not English (by default they are skipped)")  # fmt: skip
    _add_vocab_options(code)
    code.set_defaults(func=cmd_code)

    demo = sub.add_parser("demo", help="code the bundled demo articles into a database and summarise")
    demo.add_argument("--db", default="demo.duckdb", help="database file to write (default: demo.duckdb)")
    demo.set_defaults(func=cmd_demo)

    from dotterel.server import add_serve_command
    from dotterel.store.commands import add_commands

    add_commands(sub)
    add_serve_command(sub)

    ev = sub.add_parser("eval", help="measure accuracy against gold data")
    ev.add_argument("dataset", choices=sorted(EVALUATIONS), help="which gold set")
    ev.add_argument("path", help="the gold file or folder")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--limit", type=positive, help="score only the first N items")
    ev.add_argument(
        "--errors", action="store_true", help="list misses, false alarms, wrong fields and quote errors (articles)"
    )
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None, stdout: IO[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DotterelError as exc:
        print(f"dotterel: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ValueError as exc:  # bad option values, e.g. --published not a date
        print(f"dotterel: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("dotterel: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
