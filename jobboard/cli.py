"""Command line.

    python build.py [build] [--today YYYY-MM-DD] [--content DIR] [--out DIR]
    python build.py check [--today YYYY-MM-DD] [--content DIR] [--format human|github|json]
    python build.py new offer|employer [--content DIR] [field options]
    python build.py serve [--content DIR] [--out DIR] [--port N]
    python build.py import FILE_OR_DIR_OR_URL... [--employer SLUG] [--force] [--content DIR]
    python build.py notify --previous FILE_OR_DIR [--out DIR] [--dry-run] [--endpoint URL]

Exit codes: 0 done, 1 content errors (nothing written), 2 usage or system error; an
internal error (a bug) prints "build.py: internal error" and Python's traceback, exit 1.
Each command takes typed values (`BuildOptions`, `NewOptions`…), not argparse's Namespace.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from jobboard.build.pipeline import TEMPLATES, THEME, broken_links, build_site
from jobboard.build.writer import UnsafeOutput
from jobboard.commands import report
from jobboard.commands.options import (
    BuildOptions,
    CheckOptions,
    ImportOptions,
    NewOptions,
    NotifyOptions,
    Options,
    ServeOptions,
)
from jobboard.content.checks import warnings
from jobboard.content.reader import read_content
from jobboard.dates import resolve_today
from jobboard.problems import ContentError, UsageError, printable

COMMANDS = ("build", "check", "new", "serve", "import", "notify")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build, check and preview the job board's static site.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser, out=True, today=True):
        p.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                       help="content folder (default: content)")
        if out:
            p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                           help="output folder, replaced as a whole (default: site)")
        if today:
            p.add_argument("--today", metavar="YYYY-MM-DD",
                           help="the day that decides which offers are open (default: "
                                "SOURCE_DATE_EPOCH, else the current date in Paris)")

    def overrides(p: argparse.ArgumentParser):
        p.add_argument("--templates", type=Path, metavar="DIR",
                       help="a folder of templates searched before the built-in ones "
                            "(override one template: base.html, partials/offers.html…)")
        p.add_argument("--theme", type=Path, metavar="DIR",
                       help="a folder of theme files searched before the built-in ones "
                            "(override style.css…), served under /theme/")

    build = sub.add_parser("build", help="build the site (the default command)")
    common(build)
    overrides(build)
    check = sub.add_parser("check", help="validate the content without writing the site")
    common(check, out=False)
    overrides(check)
    check.add_argument("--format", choices=("human", "github", "json"), default="human",
                       help="output for people, GitHub Actions annotations, or JSON")
    new = sub.add_parser("new", help="write a new offer or employer file, every field commented")
    # `what`, not `kind`: --kind is the employer's kind.
    new.add_argument("what", choices=("offer", "employer"), metavar="offer|employer")
    common(new, out=False)
    from jobboard.commands.new import add_arguments
    add_arguments(new)
    serve = sub.add_parser("serve", help="preview the site, rebuilt and reloaded on every change")
    common(serve, today=False)
    overrides(serve)
    serve.add_argument("--host", default="127.0.0.1")
    from jobboard.commands.serve import port_number
    serve.add_argument("--port", type=port_number, default=8000)
    imp = sub.add_parser("import", help="turn postings (.txt, .md, .docx, .pdf, .html) into "
                                        "draft offers")
    imp.add_argument("sources", nargs="+", metavar="FILE_OR_DIR_OR_URL",
                     help="a posting, a folder (every supported file in it, sorted), or the "
                          "web address of a posting (http:// or https://)")
    imp.add_argument("--force", action="store_true",
                     help="import a posting even when an offer with the same reference (or "
                          "title, employer and deadline) is already in content/offers/")
    imp.add_argument("--employer", action="append", metavar="SLUG",
                     help="the employer's file name, instead of the one found in the posting "
                          "(repeat it for a joint recruitment, lead employer first)")
    common(imp, out=False, today=False)
    notify = sub.add_parser("notify", help="send the offer URLs added, changed or closed since "
                                           "the deployed build to search engines (IndexNow)")
    from jobboard.commands.notify import add_arguments as notify_arguments
    notify_arguments(notify)
    return parser


def options(args: argparse.Namespace) -> Options:
    """The parsed command line as the typed values its command takes; UsageError on a
    value argparse cannot check (a date, a folder that must exist)."""
    if args.command == "build":
        today = resolve_today(args.today)
        templates, theme = search_paths(args.templates, args.theme)
        return BuildOptions(args.content, args.out, today, templates, theme)
    if args.command == "check":
        today = resolve_today(args.today)
        _, theme = search_paths(args.templates, args.theme)
        return CheckOptions(args.content, today, theme, args.format)
    if args.command == "serve":
        templates, theme = search_paths(args.templates, args.theme)
        return ServeOptions(args.content, args.out, args.host, args.port, templates, theme)
    if args.command == "new":
        # Only an offer has dates: `new employer` never reads --today.
        day = resolve_today(args.today) if args.what == "offer" else None
        return NewOptions(what=args.what, content=args.content, today=day,
                          **{name: getattr(args, name) for name in NewOptions.FIELDS})
    if args.command == "import":
        return ImportOptions(tuple(args.sources), args.content, tuple(args.employer or ()),
                             args.force)
    return NotifyOptions(args.out, args.previous, args.dry_run, args.endpoint, args.timeout)


def parse(argv: list[str]) -> Options:
    """`argv` (without the program name) as typed options: `build` when no command is
    named; argparse's own errors exit 2, ours raise UsageError."""
    argv = list(argv)
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv.insert(0, "build")
    return options(make_parser().parse_args(argv))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that is not UTF-8 (LANG=C, PYTHONIOENCODING=ascii) gets
        # escapes (\xe9) for what it cannot show, instead of a codec error (exit 2).
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if threading.current_thread() is threading.main_thread():
        # `kill` (SIGTERM) unwinds like Ctrl-C: the temporary folder is removed.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        return run(parse(argv))
    except (UsageError, UnsafeOutput) as e:
        print(f"build.py: error: {printable(str(e))}", file=sys.stderr)
        return 2
    except OSError as e:  # the machine, not the content: disk full, read-only, no access
        print(f"build.py: system error: {system_error(e)}", file=sys.stderr)
        return 2
    except Exception:
        # Anything else is a bug of the generator, not a mistake of the user: say so, and
        # let it propagate, so that Python prints the traceback a developer needs and
        # exits with 1 (content errors, also 1, are reported before, without one).
        print("build.py: internal error (a bug in the site generator, not in your content "
              "or options); please report it with the traceback below.", file=sys.stderr)
        raise


def run(opts: Options) -> int:
    if isinstance(opts, BuildOptions):
        return cmd_build(opts)
    if isinstance(opts, CheckOptions):
        return cmd_check(opts)
    if isinstance(opts, NewOptions):
        from jobboard.commands.new import run as run_new
        return run_new(opts)
    if isinstance(opts, NotifyOptions):
        from jobboard.commands.notify import run as run_notify
        return run_notify(opts)
    if isinstance(opts, ImportOptions):
        from jobboard.commands.import_postings import run as run_import
        return run_import(opts)
    from jobboard.commands.serve import run as serve
    return serve(opts)


def system_error(e: OSError) -> str:
    """`strerror: file` without Python's decoration ([Errno 28] ...)."""
    where = f": {e.filename}" if e.filename else ""
    return printable(f"{e.strerror or e}{where}")


def search_paths(templates: Path | None, theme: Path | None) -> tuple[list[Path], list[Path]]:
    """The template and theme folders, a board's own first (--templates, --theme)."""
    found = []
    for option, own, builtin in (("templates", templates, TEMPLATES), ("theme", theme, THEME)):
        if own is not None and not own.is_dir():
            raise UsageError(f"--{option} {own}: folder not found")
        found.append([own, builtin] if own is not None else [builtin])
    return found[0], found[1]


def cmd_build(opts: BuildOptions) -> int:
    try:
        result = build_site(opts.content, opts.out, opts.today, templates=opts.templates,
                            theme=opts.theme)
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    except OSError as e:
        # Raised before the swap (the writer removes its temporary folder) or by the
        # swap itself, which is one step: the previous site is whole.
        print(f"build.py: system error: {system_error(e)}\n"
              f"The site was not built; {opts.out} is unchanged.", file=sys.stderr)
        return 2
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    print(result.summary(opts.out))
    return 0


def cmd_check(opts: CheckOptions) -> int:
    try:
        content = read_content(opts.content, opts.today)
        problems = broken_links(content, opts.today, opts.theme) + warnings(content, opts.today)
    except ContentError as e:
        problems = e.problems
    formatter = {"human": report.human, "github": report.github, "json": report.as_json}
    text = formatter[opts.format](problems)
    if text:
        print(text)
    return 1 if any(p.severity == "error" for p in problems) else 0
