"""`build.py serve`: local preview, kept in memory and reloaded in the browser on every change.

The whole site is held in memory, as Hugo's server does: the content as read, the
plan (every output: its path, template and variables), the compiled templates, and
the static files (theme, logos, web editor). Pages are rendered when the browser asks
for them, from the plan; nothing is written to the output folder (`build.py` does
that). On a save, only the changed files are read and validated again (the checks
across files run on the whole tree, as in a build), the site is planned again
(per-offer work reused: plan/planner.py `PlanMemo`), and the browser is told to
reload. A change of template, theme or site.yaml renders nothing eagerly either,
but every page is planned and rendered again when asked for.

While the content has errors, every page is replaced by the error report, in the
browser as in the terminal; the last good state keeps serving the other files, and
fixing the file recovers without a restart. The search index is planned outputs like
any page (plan/search_terms.py, patched per changed offer), so it is served too.
"""

from __future__ import annotations

import argparse
import errno
import gc
import html
import mimetypes
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import TemplateError

from jobboard.build import resume
from jobboard.build.admin import admin_files
from jobboard.build.pipeline import TEMPLATES, THEME, source_states
from jobboard.build.writer import check_output_dir
from jobboard.cache import default_folder
from jobboard.commands.options import ServeOptions
from jobboard.content.reader import Reading, reread
from jobboard.dates import resolve_today
from jobboard.files import ignored
from jobboard.plan.planner import Output, Plan, PlanMemo, plan_site
from jobboard.plan.policies import HEADERS_FILE
from jobboard.problems import ContentError
from jobboard.render import headers
from jobboard.render.links import LinkChecker, content_problems
from jobboard.render.renderer import (
    SERIALISED,
    Renderer,
    TemplateFailure,
    asset_files,
    search_path,
    template_problem,
    theme_files,
)

mimetypes.add_type("application/atom+xml", ".atom")
mimetypes.add_type("text/calendar", ".ics")

ERROR_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Erreurs dans le contenu</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5}}
pre{{background:#fde8e8;border:2px solid #a51d1d;padding:1rem;white-space:pre-wrap}}</style>
</head>
<body>
<h1>Le site n'a pas pu être reconstruit</h1>
<p>Corrigez les erreurs ci-dessous et enregistrez le fichier : la page se recharge toute seule.</p>
<pre>{report}</pre>
</body>
</html>
"""


@dataclass
class SiteState:
    """One good state of the site, everything the preview serves."""
    today: date
    reading: Reading
    plan: Plan
    renderer: Renderer
    outputs: dict[str, Output]  # by output path
    static: dict[str, bytes]  # theme, logos, web editor: by output path
    theme: dict[str, bytes]
    admin: dict[str, bytes]  # the web editor's files (from site.yaml)
    rules: list  # the plan's _headers, parsed
    checker: LinkChecker
    rendered: dict[str, bytes] = field(default_factory=dict)  # pages already asked for

    def file(self, path: str) -> bytes | None:
        """The bytes of a file of the site, rendered on first request."""
        if path in self.rendered:
            return self.rendered[path]
        if path in self.static:
            return self.static[path]
        output = self.outputs.get(path)
        if output is None:
            return None
        data = self.rendered[path] = self.renderer.render(output)
        return data


@dataclass
class Preview:
    content: Path
    out: Path
    templates: list[Path] = field(default_factory=lambda: [TEMPLATES])
    theme: list[Path] = field(default_factory=lambda: [THEME])
    error: str | None = None
    state: SiteState | None = None
    # Changes seen since the last good state: read again until they are valid.
    pending: set[Path] = field(default_factory=set)
    memo: PlanMemo = field(default_factory=PlanMemo)

    def __post_init__(self) -> None:
        self.templates, self.theme = search_path(self.templates), search_path(self.theme)

    def rebuild(self, changed: set[Path] | None = None) -> bool:
        """Bring the state up to date with `changed` paths (None: read everything);
        False when nothing the site is made from changed (nothing to reload)."""
        started = time.perf_counter()
        if changed is not None:
            self.pending |= {Path(os.path.abspath(p)) for p in changed}
        try:
            # Everything (None): nothing reused; the current state serves until then.
            state, stats = self._update(self.pending, None if changed is None else self.state)
        except ContentError as e:
            self.error = e.report()
            print(self.error, file=sys.stderr, flush=True)
            return True
        except TemplateFailure as e:
            self.error = ContentError([e.problem]).report()
            print(self.error, file=sys.stderr, flush=True)
            return True
        except Exception as e:  # a broken template while editing it: show it, keep serving
            self.error = f"{type(e).__name__}: {e}"
            print(self.error, file=sys.stderr, flush=True)
            return True
        if state is self.state and self.error is None:
            self.pending = set()
            return False
        self.state, self.error, self.pending = state, None, set()
        # The state is long-lived: out of the cyclic collector's sight, so that a full
        # collection (about 1 s over 10,000 offers' objects) never lands on a save.
        gc.freeze()
        for warning in state.reading.content.skipped:  # an invalid draft left out, named
            print(warning.format(), file=sys.stderr, flush=True)
        plan = state.plan
        print(f"Ready: {len(plan.open_offers)} open offers, {len(plan.closed_offers)} "
              f"closed; {len(state.outputs)} outputs planned{stats} in "
              f"{time.perf_counter() - started:.2f} s (pages rendered on request)", flush=True)
        return True

    def _update(self, changed: set[Path], old: SiteState | None) -> tuple[SiteState, str]:
        """The new state, reusing what `old` holds that `changed` leaves valid."""
        today = resolve_today(None)
        content_dir = Path(os.path.abspath(self.content))
        within = [(p, _under(p, [content_dir])) for p in changed]
        templates_changed = any(_under(p, self.templates) for p in changed)
        theme_changed = any(_under(p, self.theme) for p in changed)
        cache = default_folder(self.out) / resume.PARSED
        if old is None:
            reading, stats = self._start(today)
        else:
            content_changes = {p for p, inside in within if inside}
            if content_changes or today != old.today:
                reading = reread(old.reading, content_changes, today, cache)
            else:
                reading = old.reading
            stats = f" (re-read {len(content_changes)} file" \
                    f"{'s' * (len(content_changes) != 1)})"
        if old is not None and reading is old.reading and today == old.today \
                and not templates_changed and not theme_changed:
            return old, stats  # nothing the site is made from
        content = reading.content
        plan = plan_site(content, today, self.memo) \
            if old is None or reading is not old.reading else old.plan
        renderer = Renderer(self.templates) if old is None or templates_changed \
            else old.renderer
        if old is not None and renderer is old.renderer and plan is not old.plan:
            renderer.forget()  # offers' fragments (feeds, JSON-LD) rendered from old views
        theme = theme_files(self.theme) if old is None or theme_changed else old.theme
        if old is not None and plan.assets == old.plan.assets and \
                content.site == old.reading.content.site and \
                not any(_under(p, [content_dir / "employers"]) for p in changed):
            static = {p: old.static[p] for p in plan.assets}  # the logos as read before
        else:
            static = asset_files(plan)
        admin = old.admin if old is not None and content.site is old.reading.content.site \
            else admin_files(content.site)
        static |= theme | admin
        outputs = {o.path: o for o in plan.outputs}
        checker = LinkChecker(list(outputs) + list(static), content.site.base_url) \
            if old is None or plan is not old.plan or static.keys() != old.static.keys() \
            else old.checker
        # Links written in Markdown: those of the changed pages, or all of them when a
        # file of the site is gone (a link elsewhere may lead to it now).
        written = plan.written
        if old is not None and checker.files >= old.checker.files:
            written = {p: w for p, w in written.items() if old.plan.written.get(p) != w}
        if problems := content_problems(written, checker):
            raise ContentError(problems)
        state = SiteState(today, reading, plan, renderer, outputs, static, theme, admin,
                          headers.parse(renderer.render(outputs[HEADERS_FILE]).decode()),
                          checker)
        if old is None or templates_changed:
            _try_templates(state, render=old is not None)
        return state, stats

    def _start(self, today: date) -> tuple[Reading, str]:
        """The content read, from what the last build of this site kept (resume.py: its
        reading and its planner's memo, the files changed since read again) if it left
        it, as `build.py` starts; else read whole."""
        begun = resume.start(default_folder(self.out), self.content,
                             source_states([self.content]), today)
        self.memo = begun.memo
        n = len(begun.changed)
        return begun.reading, "" if begun.last is None else \
            f" (from the last build's state, {n} file{'s' * (n != 1)} read again)"

    def app(self, environ, start_response):
        """WSGI: the site's files, or the error report while the content is invalid."""
        path = environ.get("PATH_INFO", "/")
        state = self.state
        target = self._resolve(path)
        is_page = target is None or target.endswith(".html")
        if (self.error or state is None) and is_page:
            report = self.error or "Le site n'a pas encore été lu."
            body = ERROR_PAGE.format(report=html.escape(report)).encode("utf-8")
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/html; charset=utf-8"),
                            ("Cache-Control", "no-store")])
            return [body]
        assert state is not None
        status = "200 OK"
        if target is None:
            target, status = "404.html", "404 Not Found"
        try:
            body = state.file(target)
        except TemplateFailure as e:  # a template that fails for this page only
            report = ContentError([e.problem]).report()
            print(report, file=sys.stderr, flush=True)
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/html; charset=utf-8"),
                            ("Cache-Control", "no-store")])
            return [ERROR_PAGE.format(report=html.escape(report)).encode("utf-8")]
        if body is None:
            body = b"404"
        kind = mimetypes.guess_type(target.rsplit("/", 1)[-1])[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("xml", "json")):
            kind += "; charset=utf-8"
        # Served as the hosts that read site/_headers serve it (the error page above, with
        # its inline style, is the preview's own).
        start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store"),
                                *headers.for_path(state.rules, path)])
        return [body]

    def _resolve(self, url_path: str) -> str | None:
        """The site's file a URL path names (a folder: its index.html), or None."""
        state = self.state
        if state is None or "\x00" in url_path:
            return None
        rel = url_path.lstrip("/")
        if any(part in (".", "..") for part in rel.split("/")):
            return None  # browsers never send them: outside the site, or a trick
        for candidate in (rel, rel.rstrip("/") + "/index.html" if rel else "index.html"):
            if candidate in state.outputs or candidate in state.static:
                return candidate
        return None


def _under(path: Path, folders: list[Path]) -> bool:
    return any(path == Path(os.path.abspath(f)) or Path(os.path.abspath(f)) in path.parents
               for f in folders)


def _try_templates(state: SiteState, render: bool) -> None:
    """Compile every Jinja template the plan uses, and with `render` (a template was
    saved) render one output of each, so that a template that cannot render is
    reported on saving it, not on the first page that uses it. (At start-up, compiling
    only: rendering indeed.xml alone takes seconds on a large board.)"""
    seen: set[str] = set(SERIALISED)
    for output in state.outputs.values():
        if output.template not in seen:
            seen.add(output.template)
            if render:
                state.file(output.path)
            else:
                try:
                    state.renderer.env.get_template(output.template)
                except TemplateError as e:
                    raise TemplateFailure(template_problem(e, output.template,
                                                           state.renderer.folders)) from None


class _ChangeWatcher:
    """Tells the preview which files changed, as soon as they change.

    watchdog's observer (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
    Windows) records the paths from its own thread; the server's loop takes them
    QUIET seconds after the last event (an editor's save is often several events:
    truncate, write, rename), updates the preview, and reloads the browser. livereload's
    own watcher instead walks and stats every watched file on each tick (10,000 offers:
    tens of milliseconds, five times a second) and tells which folder changed, not
    which file.
    """

    QUIET = 0.02  # seconds without an event before the changes are read
    TICK = 10  # ms between two looks at the recorded paths (no file system access)

    def __init__(self, preview: Preview, folders: list[Path]):
        from livereload.watcher import Watcher
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.preview = preview
        self.folders = [Path(os.path.abspath(f)) for f in folders]
        self.paths: set[Path] = set()
        self.lock = threading.Lock()
        self.last = 0.0
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write") or \
                        (event.is_directory and event.event_type == "modified"):
                    return  # reads change nothing; a folder "modified" is a file's event
                with watcher.lock:  # the observer's thread; take() runs in the server's
                    for path in (event.src_path, getattr(event, "dest_path", "")):
                        if path:
                            watcher.paths.add(Path(os.path.abspath(os.fsdecode(path))))
                    watcher.last = time.monotonic()

        self.observer = Observer()
        for folder in folders:
            if folder.is_dir():
                self.observer.schedule(Handler(), str(folder), recursive=True)

        class Examiner(Watcher):
            """livereload's interface: examine() runs the task and names what changed;
            '__livereload__' makes it reload the browser at once (for another path it
            ignores changes within 3 s of the last reload)."""
            def start(self, callback):
                from tornado import ioloop
                ioloop.PeriodicCallback(callback, _ChangeWatcher.TICK).start()
                return True

            def examine(self):
                return ("__livereload__", None) if watcher.take() else (None, None)

        self.livereload = Examiner()

    def start(self) -> None:
        self.observer.daemon = True
        self.observer.start()

    def _ignored(self, path: Path) -> bool:
        """Whether a build skips `path`: a name editors' tools leave, in the watched folder
        or in one of its subfolders (.git/…)."""
        for folder in self.folders:
            if path == folder or folder in path.parents:
                return any(ignored(part) for part in path.relative_to(folder).parts)
        return False

    def take(self) -> bool:
        """Update the preview with the paths recorded, once they are quiet."""
        with self.lock:
            if not self.paths or time.monotonic() - self.last < self.QUIET:
                return False
            changed, self.paths = self.paths, set()
        # Editors' swap files, backups, lock links: no build reads them.
        changed = {p for p in changed if not self._ignored(p)}
        return bool(changed) and self.preview.rebuild(changed)


def run(args: ServeOptions) -> int:
    from livereload import Server
    from tornado.netutil import bind_sockets

    # Try the port first: one in use is a clear error, not a traceback after a build.
    try:
        sockets = bind_sockets(args.port, args.host)
    except OSError as e:
        print(f"build.py serve: error: cannot listen on {args.host}:{args.port}: "
              f"{e.strerror or e}" + (" (another server uses it: pass another --port)"
                                      if e.errno == errno.EADDRINUSE else ""),
              file=sys.stderr)
        return 2
    for sock in sockets:
        sock.close()
    preview = Preview(args.content, args.out, args.templates, args.theme)
    # Before serving: an unsafe --out is a usage error (exit 2), not a page to show (the
    # preview writes nothing there, but its parse cache lives next to it).
    check_output_dir(preview.out, [preview.content, *preview.templates, *preview.theme])
    watcher = _ChangeWatcher(preview, [preview.content, *preview.templates, *preview.theme])
    watcher.start()  # before the first reading: a save during it is not lost
    preview.rebuild()
    server = Server(preview.app, watcher=watcher.livereload)
    print(f"Serving {args.content} from memory on http://{args.host}:{args.port}/ "
          "(Ctrl+C to stop)", flush=True)
    server.serve(host=args.host, port=args.port, debug=False, restart_delay=0)
    return 0


def port_number(text: str) -> int:
    """argparse type for --port: 1 to 65535 (sockets would silently take the number
    modulo 65536: --port 70000 would bind 4464)."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"found '{text}', expected a port number from 1 "
                                         "to 65535, such as 8000")
    return port
