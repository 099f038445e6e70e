"""Command line: `python build.py [--today YYYY-MM-DD] [--content DIR] [--out DIR]`.

Exit codes: 0 built, 1 content errors (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dates import resolve_today
from .pipeline import build_site
from .problems import ContentError
from .writer import UnsafeOutput


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the job board's static site.")
    parser.add_argument("--today", metavar="YYYY-MM-DD",
                        help="the build day, which decides which offers are open "
                             "(default: SOURCE_DATE_EPOCH, else the current date in Paris)")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="content folder (default: content)")
    parser.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                        help="output folder, replaced as a whole (default: site)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        today = resolve_today(args.today)
    except ValueError as e:
        parser.print_usage(sys.stderr)
        print(f"build.py: error: {e}", file=sys.stderr)
        return 2
    try:
        result = build_site(args.content, args.out, today)
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    except UnsafeOutput as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        return 2
    print(result.summary(args.out))
    return 0
