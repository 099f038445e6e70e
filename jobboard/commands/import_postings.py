"""`build.py import FILE_OR_DIR_OR_URL... [--employer SLUG] [--force]`: the command
around `import_file`.

A folder imports every supported file directly in it, in name order (other
files, such as a README, are left alone); a web address is fetched first. A file
that cannot be imported (empty, unreadable, unsupported, a page that cannot be
fetched) is reported with its name and nothing is written for it; the other files
are still imported, and every problem is listed at the end. A posting already on
the board (same reference, or same title, employer and deadline) is reported and
not written again unless --force. Exit codes: 0 all imported (or skipped as
duplicates), 1 some file not imported, 2 usage error (an unknown --employer).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from jobboard.commands.options import ImportOptions
from jobboard.importer import SUFFIXES, UnreadableFile, import_file
from jobboard.importer.duplicates import DuplicateIndex
from jobboard.importer.employers import load_employers, suggest
from jobboard.importer.fetch import fetch, is_url
from jobboard.problems import printable


def run(args: ImportOptions) -> int:
    employers = load_employers(args.content)
    known = [e.slug for e in employers]
    for slug in args.employers:
        if slug not in known:
            close = suggest(slug, known)
            hint = f"; did you mean '{close}'?" if close else ""
            print(f"build.py import: unknown employer '{printable(slug)}'{hint} known: "
                  + (", ".join(known) or f"none (no file in {args.content / 'employers'})"),
                  file=sys.stderr)
            return 2
    override = list(args.employers) or None
    files, problems = _sources(list(args.sources))
    index = DuplicateIndex.load(args.content / "offers")  # read once for the whole run
    for source in files:
        try:
            if isinstance(source, str):  # a web address
                with tempfile.TemporaryDirectory() as tmp:
                    result = import_file(fetch(source, Path(tmp)), args.content, employers,
                                         override, args.force, name=source, index=index)
            else:
                result = import_file(source, args.content, employers, override,
                                     args.force, index=index)
        except UnreadableFile as e:
            problems.append(f"{printable(str(source))}: {printable(str(e))}; nothing written")
            continue
        if result.path is None and result.duplicate:  # a duplicate, not written
            existing, why = result.duplicate
            print(f"Skipped {printable(str(source))}: already on the board as {existing} ({why}); "
                  "use --force to import it again")
            continue
        if result.new_employer:
            print(f"Wrote {result.new_employer} (a new employer, from the posting: check it)")
            employers = load_employers(args.content)
        print(f"Wrote {printable(str(result.path))} (a draft: set draft: false to publish)")
        if result.duplicate:
            print(f"    imported again (--force): {result.duplicate[0]} has the "
                  f"{result.duplicate[1]}")
        if result.unsure:
            print("    to check: " + ", ".join(result.unsure))
        if result.missing:
            print("    not found: " + ", ".join(result.missing))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        n = len(problems)
        print(f"{n} file{'s' if n > 1 else ''} not imported.", file=sys.stderr)
        return 1
    return 0


def _sources(sources: list[str]) -> tuple[list[Path | str], list[str]]:
    files: list[Path | str] = []
    problems: list[str] = []
    for source in sources:
        if is_url(source):
            files.append(source)
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file()
                           and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
            if not found:
                problems.append(f"{printable(str(path))}: no posting in this folder (expected "
                                f"files ending with {', '.join(SUFFIXES)})")
            files += found
        elif path.is_file():
            files.append(path)
        elif path.exists():  # a FIFO or a device: never opened
            problems.append(f"{printable(str(path))}: not a regular file")
        else:
            problems.append(f"{printable(str(path))}: no such file or folder")
    return files, problems
