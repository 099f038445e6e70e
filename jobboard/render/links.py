"""Link integrity: every internal link and asset reference leads to a file of the site.

Two checks, one rule:
- `content_problems` looks at the links editors write in Markdown, before
  anything is rendered, and names the file and line (build and `check`);
- `LinkChecker` looks at every output as it is written, HTML attributes and the
  site's own absolute URLs in feeds, sitemap, JSON, CSV and iCalendar alike: a
  template or theme that links to a page the site does not have fails the
  build before the new site replaces the old one.
Links to other sites are not followed (no network at build time).

Cost: a site repeats the same links on every page (navigation, theme, cards), so
`LinkChecker` resolves each distinct URL once (by its directory for a relative one)
and finds attributes with literal-prefix patterns, which the regular expression
engine searches for much faster than an alternation; every output is still read.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jobboard.content.markup import PackedHtml, html_links
from jobboard.files import shown
from jobboard.problems import Problem
from jobboard.urls import site_path

_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_URL_END = r"""[^\s"'<>)\],\\&]*"""
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Broken:
    page: str  # output path of the file holding the link
    url: str


class LinkChecker:
    """Knows the site's files; finds the links of one output that lead nowhere."""

    def __init__(self, files: Iterable[str], base_url: str):
        self.files = frozenset(files)
        self.base_url = base_url  # ends with "/"
        self.base_path = urlsplit(base_url).path or "/"
        # The site's own URLs never hold "&": a URL ends where an entity begins.
        self._absolute = re.compile(re.escape(base_url) + _URL_END)
        # The same, searched in the bytes of a site-wide file (the job feed is 20 MB at
        # 2,000 open offers: as text, twice that and more). Bytes patterns know only ASCII
        # spaces: what is found is cut at the first other space (`_cut`).
        self._absolute_bytes = re.compile(re.escape(base_url.encode()) + _URL_END.encode())

        # Memos (most links repeat from page to page): URL -> (path, fragment) on the
        # site or None; (path, folder of the page, "" for an absolute path) -> file.
        self._local: dict[str, tuple[str, str] | None] = {}
        self._resolved: dict[tuple[str, str], str] = {}

    def target(self, url: str, page: str) -> tuple[str, str] | None:
        """(file, fragment) an internal link leads to; None for another site or scheme.
        A link out of the site's folder leads to '..' (never a file of the site).
        URLs are read as browsers read them (`/\\host`, `http:host` lead elsewhere)."""
        if url in self._local:
            local = self._local[url]
        else:
            local = self._local[url] = self._split(url)
        if local is None:
            return None
        path, fragment = local
        if not path:
            return page, fragment  # "#contenu", "?q=…": this page
        # An absolute path leads to the same file from every page.
        key = (path, "" if path.startswith("/") else posixpath.dirname(page))
        rel = self._resolved.get(key)
        if rel is None:
            rel = self._resolved[key] = self._resolve(*key)
        return rel, fragment

    def _split(self, url: str) -> tuple[str, str] | None:
        local = site_path(url, self.base_url)
        if local is None:
            return None
        parts = urlsplit(local)
        return unquote(parts.path), parts.fragment

    def _resolve(self, path: str, folder: str) -> str:
        here = self.base_path + folder
        absolute = posixpath.join(here if here.endswith("/") else here + "/", path)
        normal = posixpath.normpath(absolute) + ("/" if absolute.endswith("/") else "")
        if not (normal + "/").startswith(self.base_path):
            return ".."
        rel = normal[len(self.base_path):].lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return rel

    def _links(self, page: str, text: str) -> list[str]:
        """The URLs a page, a style sheet or a calendar refers to."""
        if page.endswith(".html"):
            return html_links(text)
        if page.endswith(".css"):
            found = _CSS_URL.findall(text)
        else:  # iCalendar folds its long lines
            found = self._absolute.findall(text.replace("\r\n ", ""))
        return [u for u in found if not u.startswith("data:")]

    def broken(self, page: str, data: bytes, fragments: bool = True) -> list[Broken]:
        """The links of an output that lead nowhere; `fragments`: check links to a
        part of the same page (only a whole page has all its ids)."""
        if not page.endswith((".html", ".xml", ".json", ".css", ".csv", ".ics", ".txt",
                              ".atom")):
            return []
        if page.endswith((".html", ".css", ".ics")):
            text = data.decode("utf-8", errors="replace")
            urls = self._links(page, text)
        else:  # feeds, sitemap, JSON, CSV: the site's absolute URLs, found in the bytes
            text = ""
            urls = [_cut(m.decode("utf-8", errors="replace"))
                    for m in self._absolute_bytes.findall(data)]
        return self.broken_urls(page, urls, text, fragments)

    def broken_urls(self, page: str, urls: list[str] | tuple[str, ...], text: str = "",
                    fragments: bool = False) -> list[Broken]:
        """Those of `urls` (found in `page`, whose text is `text`) that lead nowhere."""
        found = []
        for url in dict.fromkeys(urls):
            target = self.target(url, page)
            if target is None:
                continue
            rel, fragment = target
            if rel == page:
                if not fragment or not fragments or not page.endswith(".html"):
                    continue
                if not _has_id(text, fragment):
                    found.append(Broken(page, url))
            elif rel not in self.files \
                    and f"{rel}/index.html" not in self.files:  # servers add the "/"
                found.append(Broken(page, url))
        return found


def _cut(url: str) -> str:
    """A URL found in bytes, cut where a text search would have stopped (a space outside
    ASCII, such as the no-break space French puts before ':')."""
    space = _SPACE.search(url)
    return url[:space.start()] if space else url


def _has_id(text: str, name: str) -> bool:
    """Whether the page has an element of that id (a string search: most pages have
    one or two links to a part of themselves, the skip link at least)."""
    if '"' in name:
        return False
    wanted = f'id="{name}"'
    at = text.find(wanted)
    while at > 0:
        if text[at - 1].isspace():
            return True
        at = text.find(wanted, at + 1)
    return False


def output_problems(broken: list[Broken], out: Path,
                    written: dict[str, tuple[str, str | PackedHtml]]) -> list[Problem]:
    """Broken links of the rendered site: a template's or the theme's mistake, or an
    anchor written in an offer or page (`written`: output path -> (Markdown file,
    HTML)), which only the whole page can tell."""
    problems = []
    for b in sorted(broken, key=lambda b: (b.page, b.url)):
        source = written[b.page][0] if b.page in written else None
        line = _line_of(source, b.url) if source else None
        if source and line:
            problems.append(Problem(shown(source), line, None,
                                    f"the link {b.url} leads to no part of its page",
                                    "check the name after '#'"))
        else:
            problems.append(Problem(f"{out.name}/{b.page}", None, None,
                                    f"broken link: {b.url} leads to no file of the site",
                                    "a template or theme file links to a page the site "
                                    "does not have"))
    return problems


def content_problems(written: dict[str, tuple[str, str | PackedHtml]],
                     checker: LinkChecker) -> list[Problem]:
    """Links written in Markdown (offers and static pages) that lead nowhere."""
    problems = []
    for page, (source, body) in written.items():
        urls = body.links if isinstance(body, PackedHtml) else html_links(body)
        for b in checker.broken_urls(page, urls):
            problems.append(Problem(shown(source), _line_of(source, b.url), None,
                                    f"the link {b.url} leads to no page of the site",
                                    _suggest(b.url, page, checker)))
    return problems


def _suggest(url: str, page: str, checker: LinkChecker) -> str:
    target = checker.target(url, page)
    pages = sorted(p for p in checker.files if p.endswith("index.html"))
    close = difflib.get_close_matches(target[0], pages, n=1, cutoff=0.75) if target else []
    if close:
        wanted = checker.base_path + close[0].removesuffix("index.html")
        return f"did you mean {wanted}?"
    return ("check the address; links inside the board start with "
            f"{checker.base_path} (an offer: {checker.base_path}offres/<file name>/)")


def _line_of(source: Path | str, url: str) -> int | None:
    """The line of the Markdown file where the link is written, if it is found as is."""
    try:
        lines = Path(source).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None
    wanted = [url, unquote(url), html.escape(url)]
    for number, line in enumerate(lines, 1):
        if any(w in line for w in wanted):
            return number
    return None
