"""`build.py serve`: local preview, rebuilt and reloaded in the browser on every change.

livereload watches content/, templates/ and theme/; each change rebuilds the
site (the atomic writer keeps the last good site in place) and tells the
browser to reload. While the content has errors, every page is replaced by
the error report, in the browser as in the terminal; fixing the file
recovers without a restart.
"""

from __future__ import annotations

import argparse
import errno
import html
import mimetypes
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jobboard.build.pipeline import TEMPLATES, THEME, build_site
from jobboard.build.writer import check_output_dir
from jobboard.commands.options import ServeOptions
from jobboard.dates import resolve_today
from jobboard.plan.policies import HEADERS_FILE
from jobboard.problems import ContentError
from jobboard.render import headers

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
class Preview:
    content: Path
    out: Path
    templates: list[Path] = field(default_factory=lambda: [TEMPLATES])
    theme: list[Path] = field(default_factory=lambda: [THEME])
    error: str | None = None

    def rebuild(self) -> None:
        try:
            result = build_site(self.content, self.out, resolve_today(None),
                                templates=self.templates, theme=self.theme)
        except ContentError as e:
            self.error = e.report()
            print(self.error, file=sys.stderr, flush=True)
        except Exception as e:  # a broken template while editing it: show it, keep serving
            self.error = f"{type(e).__name__}: {e}"
            print(self.error, file=sys.stderr, flush=True)
        else:
            self.error = None
            for warning in result.warnings:  # an invalid draft left out, named
                print(warning.format(), file=sys.stderr, flush=True)
            print(result.summary(self.out), flush=True)

    def app(self, environ, start_response):
        """WSGI: the built files, or the error report while the content is invalid."""
        path = environ.get("PATH_INFO", "/")
        target = self._resolve(path)
        is_page = target is None or target.suffix == ".html"
        if self.error and is_page:
            body = ERROR_PAGE.format(report=html.escape(self.error)).encode("utf-8")
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/html; charset=utf-8"),
                            ("Cache-Control", "no-store")])
            return [body]
        if target is None:
            target = self.out / "404.html"
            status = "404 Not Found"
        else:
            status = "200 OK"
        body = target.read_bytes() if target.is_file() else b"404"
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("xml", "json")):
            kind += "; charset=utf-8"
        # Served as the hosts that read site/_headers serve it (the error page above, with
        # its inline style, is the preview's own).
        start_response(status, [("Content-Type", kind), ("Cache-Control", "no-store"),
                                *self._headers(path)])
        return [body]

    def _headers(self, url_path: str) -> list[tuple[str, str]]:
        """What site/_headers gives this path (the web editor has its own policy)."""
        try:
            rules = headers.parse((self.out / HEADERS_FILE).read_text(encoding="utf-8"))
        except OSError:
            rules = []
        return headers.for_path(rules, url_path)

    def _resolve(self, url_path: str) -> Path | None:
        if "\x00" in url_path:  # %00: no file name holds one (and os calls refuse it)
            return None
        root = self.out.resolve()
        try:
            candidate = (root / url_path.lstrip("/")).resolve()
            if root != candidate and root not in candidate.parents:
                return None  # outside the site
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (OSError, ValueError):  # a name too long, a loop of links...: not found
            return None


def _fast_watcher():
    """livereload's polling watcher checks every 800 ms; 200 ms keeps a save-to-reload
    round trip under a second (a rebuild of the sample site takes about 0.3 s)."""
    from livereload.watcher import Watcher
    from tornado import ioloop

    class FastWatcher(Watcher):
        def start(self, callback):
            ioloop.PeriodicCallback(callback, 200).start()
            return True  # livereload then starts no slower timer of its own

    return FastWatcher()


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
    # Before serving: an unsafe --out is a usage error (exit 2), not a page to show.
    check_output_dir(preview.out, [preview.content, *preview.templates, *preview.theme])
    preview.rebuild()
    server = Server(preview.app, watcher=_fast_watcher())
    for folder in (preview.content, *preview.templates, *preview.theme):
        server.watch(str(folder), preview.rebuild)
    print(f"Serving {args.out} on http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
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
