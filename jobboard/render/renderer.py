"""Render a plan: every output becomes bytes.

HTML and XML templates are autoescaped; StrictUndefined turns a typo in a
template into an error instead of an empty string on the site. A large site
is rendered on every core, straight into the output folder being prepared.
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.runtime import Macro
from markupsafe import Markup, escape

from jobboard import dates
from jobboard.cache import code_version
from jobboard.content import schema
from jobboard.content.markup import PackedHtml
from jobboard.plan import changes, facets
from jobboard.plan.planner import THEME_FOLDER, Output, Plan
from jobboard.plan.views import OfferView
from jobboard.problems import Problem
from jobboard.render import headers, html_subset, ical, jsonfeed, jsonld, opendata
from jobboard.render.links import Broken, LinkChecker
from jobboard.render.memo import Memo
from jobboard.workers import pool as worker_pool

Folders = Path | Sequence[Path]


def search_path(folders: Folders) -> list[Path]:
    """Folders searched in order: a board's own templates or theme (--templates,
    --theme) before the built-in ones, so that it overrides one file at a time."""
    return [folders] if isinstance(folders, Path) else list(folders)


def find(folders: Folders, name: str) -> Path | None:
    """The file `name` in the first folder that has it."""
    return next((f / name for f in search_path(folders) if (f / name).is_file()), None)


def make_environment(templates: Folders, compiled: Path | None = None) -> Environment:
    """`compiled`: a folder keeping the templates compiled between builds (Jinja checks
    each template's source against it; the folder is the code version's, since the
    environment's options are not part of Jinja's check): 0.2 s a build."""
    env = Environment(
        loader=FileSystemLoader([str(f) for f in search_path(templates)]),
        bytecode_cache=_compiled_templates(compiled) if compiled else None,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date_fr"] = dates.french_date
    env.filters["iso"] = lambda d: d.isoformat() if isinstance(d, date) else d
    env.filters["rfc822"] = dates.rfc822
    env.filters["rfc822_end"] = dates.rfc822_end
    env.filters["rfc3339"] = dates.rfc3339
    env.filters["iso_end"] = lambda d: dates.end_of_day(d).isoformat()
    env.filters["cdata"] = cdata
    env.filters["rss_text"] = rss_text
    env.filters["plain_text"] = plain_text
    env.filters["literal_text"] = html_subset.defuse
    env.filters["literal_html"] = html_subset.literal_html
    env.filters["indeed_salary"] = indeed_salary
    env.filters["tel_uri"] = tel_uri
    # Pre-sanitised HTML (Markdown rendered with raw HTML disabled, escaped JSON-LD).
    env.filters["trusted_html"] = Markup
    return env


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache, for which a cache that cannot be written (disk full,
    read-only) is only a slower build, as for the rest of the build cache."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates(parent: Path) -> FileSystemBytecodeCache | None:
    """The bytecode cache in this code version's folder under `parent` (the other
    versions' are removed); None if that folder cannot be made."""
    folder = parent / code_version()
    try:
        if not folder.is_dir():
            for old in parent.glob("*") if parent.is_dir() else ():
                shutil.rmtree(old, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


class Renderer:
    """Jinja templates for HTML and XML; Python serialisers for JSON, CSV and iCalendar."""

    def __init__(self, templates: Folders, memo: Path | None = None,
                 item_key: Callable[[str, OfferView], str] | None = None,
                 compiled: Path | None = None):
        """`memo`: the file that keeps each offer's pieces of site-wide files between
        builds; `item_key`: what a piece of that kind shows of an offer's view, hashed
        (None: pieces are made every time). See memo.py. `compiled`: see
        make_environment."""
        self.folders = search_path(templates)
        self.env = make_environment(templates, compiled)
        # Kept compressed: at 100,000 offers, two thousand open ones' fragments.
        self._fragments: dict[str, PackedHtml] = {}
        self.memo = Memo(memo)
        self.item_key = item_key
        self.env.globals["offer_item"] = self.offer_item
        self.env.globals["once"] = self.once
        self._once: dict[tuple[str, str, int], Markup] = {}
        self.env.filters["full_html"] = self.full_html
        self.env.globals["jsonld_script"] = lambda view, site: jsonld.script_json(
            jsonld.job_posting(view, site, self.full_html(view)))

    def full_html(self, view: OfferView) -> str:
        """The whole offer as an HTML fragment (feeds, job feed), rendered once per offer."""
        slug = view.offer.slug
        found = self._fragments.get(slug)
        if found is None:
            html = self.env.get_template("partials/offer_full.html").render(view=view)
            self._fragments[slug] = PackedHtml(html)
            return html
        return str(found)

    def forget(self) -> None:
        """Drop what was rendered from the offers' views: the plan they came from is gone
        (serve). Pieces and cards are kept by what they show, so they may stay."""
        self._fragments.clear()

    def piece(self, kind: str, view: OfferView, make: Callable[[], bytes]) -> bytes:
        """One offer's piece of a file that lists offers, made once for what it shows."""
        if self.item_key is None:
            return make()
        return self.memo.get(kind, self.item_key(kind, view), make)

    def offer_item(self, template: str, v: OfferView, site) -> Markup:
        """For templates: `{{ offer_item("partials/indeed_item.xml", v, site) }}` renders
        that template for one offer (already escaped by its own autoescaping)."""
        return Markup(self.piece(template, v, lambda: self.env.get_template(template).render(
            v=v, site=site).encode("utf-8")).decode("utf-8"))

    def once(self, macro: Macro, v: OfferView, level: int) -> Markup:
        """For templates: `{{ once(offer_card, v, level) }}` calls a macro that shows one
        offer (a card: on every list it is in and among other offers' related offers)
        once per offer and level in this process, not on every page; kept in memory
        only (pages are rendered again only when what they show changed)."""
        if self.item_key is None:
            return Markup(macro(v, level))
        key = (macro.name, self.item_key(f"macro {macro.name}", v), level)
        found = self._once.get(key)
        if found is None:
            found = self._once[key] = Markup(macro(v, level))
        return found

    def render(self, output: Output) -> bytes:
        if output.template in ITEMISED:
            item, whole = ITEMISED[output.template]
            ctx = output.context
            return whole(ctx, [self.piece(output.template, v, partial(item, ctx, v))
                               for v in ctx["items"]])
        serialiser = SERIALISERS.get(output.template)
        if serialiser:
            return serialiser(output.context, self.full_html)
        try:
            template = self.env.get_template(output.template)
            if output.path.endswith(".html"):
                return template.render(output.context).encode("utf-8")
            # Feeds, sitemap, the job feed (20 MB at 2,000 open offers): encoded as
            # they are made, never the whole text at once (twice the bytes and more).
            return b"".join(part.encode("utf-8") for part in template.generate(output.context))
        except TemplateError as e:
            raise TemplateFailure(template_problem(e, output.template, self.folders)) from None


class TemplateFailure(Exception):
    """A template that cannot render, as a problem naming its file and line (it crosses
    the pipe from a worker process: its only argument is the problem)."""

    def __init__(self, problem: Problem):
        super().__init__(problem)
        self.problem = problem


def template_problem(error: TemplateError, template: str, folders: list[Path]) -> Problem:
    """Where a template failed: the file and line Jinja names for a syntax error, the
    innermost template frame of the traceback otherwise (Jinja maps frames to lines)."""
    roots = [str(f.resolve()) for f in folders]
    if isinstance(error, TemplateSyntaxError) and error.filename:
        path, line = error.filename, error.lineno  # type: str, int | None
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if any(str(Path(f.filename).resolve()).startswith(r) for r in roots)]
        path, line = (frames[-1].filename, frames[-1].lineno) if frames \
            else (template, None)
    return Problem(_shown(Path(path)), line, None,
                   f"template error: {error.message or type(error).__name__}",
                   "fix the template: a board's own templates (--templates) come before "
                   "the built-in ones")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


# Pieces that show nothing of an offer's view that the build day changes but whether it
# is open (neither `closing_soon` nor `is_new`), and nothing of their file's
# context but the site: kept by a key without the day (fingerprint.Fingerprinter.piece_key),
# so the daily build reuses them. tests/test_reuse.py renders each kind with those fields
# and the day changed and compares: a kind that starts showing one fails there.
DAY_FREE = frozenset({"offers-json", "offers-csv", "search-facets", "ics",
                      "partials/indeed_item.xml"})

# Files that list offers, made of one piece per offer (made once for what it shows,
# see memo.py) and put together: (one offer's piece, the file from its pieces).
ITEMISED: dict[str, tuple[Callable[[dict, OfferView], bytes],
                          Callable[[dict, list[bytes]], bytes]]] = {
    "offers-json": (opendata.json_item, opendata.json_file),
    "offers-csv": (opendata.csv_item, opendata.csv_file),
    "search-facets": (facets.record_json, facets.records_file),
    "ics": (ical.event, ical.calendar),
}

SERIALISERS: dict[str, Callable[[dict, Callable[[OfferView], str]], bytes]] = {
    "jsonfeed": jsonfeed.render,
    "offers-schema": opendata.render_schema,
    "content-schema": schema.render_output,
    # A shard of the search index, serialised by the planner (plan/search_terms.py): its
    # fingerprint is then the hash of its bytes, and only changed shards are written.
    "search-shard": lambda ctx, _full_html: ctx["json"].encode("utf-8"),
    "offers-state": changes.render,
    "indexnow-key": lambda ctx, _full_html: ctx["key"].encode("ascii"),
    "headers": headers.render,
}

# Output "templates" written by Python, not Jinja: nothing to compile.
SERIALISED = frozenset(SERIALISERS) | frozenset(ITEMISED)


PARALLEL_FROM = 500  # outputs; fewer are rendered faster in one process


def render_into(folder: Path, outputs: list[Output], renderer: Renderer,
                checker: LinkChecker) -> list[Broken]:
    """Render outputs into files under `folder`, on every core for a large site;
    return the links among them that lead to no file of the site.

    Worker processes are forked with the plan in memory and write their files
    themselves: nothing but output indexes and broken links crosses a pipe.
    """
    global _JOB
    workers = os.cpu_count() or 1
    if len(outputs) < PARALLEL_FROM or workers == 1 or sys.platform != "linux":
        return _write_outputs(folder, outputs, renderer, checker, range(len(outputs)))
    _JOB = (folder, outputs, renderer, checker)
    try:
        with worker_pool(workers) as pool:
            # Interleaved shares: the heavy outputs (feeds) spread over workers.
            shares = pool.map(_render_share, [(i, range(i, len(outputs), workers))
                                              for i in range(workers)])
            renderer.memo.shared = any(saved for _, saved in shares)
            return [b for share, _ in shares for b in share]
    finally:
        _JOB = None


_JOB: tuple[Path, list[Output], Renderer, LinkChecker] | None = None


def _render_share(share: tuple[int, range]) -> tuple[list[Broken], bool]:
    """Render one worker's outputs; (their broken links, whether it saved its pieces)."""
    assert _JOB is not None
    number, indexes = share
    broken = _write_outputs(*_JOB, indexes)
    return broken, _JOB[2].memo.save_share(number)


def _write_outputs(folder: Path, outputs: list[Output], renderer: Renderer,
                   checker: LinkChecker, indexes) -> list[Broken]:
    broken, made = [], set()
    for i in indexes:
        path = folder / outputs[i].path
        if path.parent not in made:  # (a failed mkdir per file cost 1 s at 10,000 offers)
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = renderer.render(outputs[i])
        path.write_bytes(data)
        broken += checker.broken(outputs[i].path, data)
    return broken


def asset_files(plan: Plan) -> dict[str, bytes]:
    """Files the plan copies as they are (employers' logos)."""
    return {out: source.read_bytes() for out, source in sorted(plan.assets.items())}


def theme_files(theme: Folders) -> dict[str, bytes]:
    """The theme's static files, served under /theme/ (a file of an earlier folder
    replaces the one of the same name in a later folder)."""
    files: dict[str, bytes] = {}
    for folder in reversed(search_path(theme)):
        files |= {f"{THEME_FOLDER}/{p.relative_to(folder).as_posix()}": p.read_bytes()
                  for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")}
    return dict(sorted(files.items()))


def tel_uri(phone: str) -> str | None:
    """tel: link for a dialable French number; None for an internal extension."""
    digits = "".join(c for c in phone if c.isdigit())
    if phone.strip().startswith("+") and len(digits) >= 8:
        return "tel:+" + digits
    if len(digits) == 10 and digits.startswith("0"):
        return "tel:+33" + digits[1:]
    return None


def rss_text(text: str) -> Markup:
    """Plain text for an RSS <description>, which feed readers render as HTML: escaped
    for HTML, then for XML, so that a '<script>' in it stays text on every reader."""
    return Markup(escape(str(escape(text))))


def plain_text(text: str) -> Markup:
    """Plain text for an RSS element that holds no HTML (channel title and description,
    item title, category): escaped once, '&', '<' and '>' as hexadecimal character
    references, as the RSS Best Practices Profile asks, so that no reader mistakes
    it for markup or for text escaped twice."""
    return Markup(str(text).replace("&", "&#x26;").replace("<", "&#x3C;")
                  .replace(">", "&#x3E;").replace('"', "&#x22;"))


def indeed_salary(pay) -> str | None:
    """Indeed's <salary>: a figure or a range, its currency and period, as in Indeed's
    examples ("$15 - $20 per hour"); None without figures (the pay text stays in the
    description). The same figures as JSON-LD's baseSalary."""
    if pay is None or pay.unit is None or (pay.min is None and pay.max is None):
        return None

    def figure(value: float) -> str:
        return "€" + (f"{value:.2f}".rstrip("0").rstrip("."))

    if pay.min is not None and pay.max is not None and pay.min != pay.max:
        amount = f"{figure(pay.min)} - {figure(pay.max)}"
    else:
        amount = figure(pay.min if pay.min is not None else pay.max)
    return f"{amount} per {pay.unit}"


def cdata(text: str) -> Markup:
    """A CDATA section that stays one even if the text contains ']]>'."""
    return Markup("<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>")
