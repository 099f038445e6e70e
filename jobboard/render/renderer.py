"""Render a plan: every output becomes bytes.

HTML and XML templates are autoescaped; StrictUndefined turns a typo in a
template into an error instead of an empty string on the site. A large site
is rendered on every core, straight into the output folder being prepared.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from jobboard import dates
from jobboard.content import schema
from jobboard.plan import changes, facets
from jobboard.plan.planner import THEME_FOLDER, Output, Plan
from jobboard.plan.views import OfferView
from jobboard.problems import Problem
from jobboard.render import headers, html_subset, ical, jsonfeed, jsonld, opendata
from jobboard.render.links import Broken, LinkChecker
from jobboard.workers import pool as worker_pool

Folders = Path | Sequence[Path]


def search_path(folders: Folders) -> list[Path]:
    """Folders searched in order: a board's own templates or theme (--templates,
    --theme) before the built-in ones, so that it overrides one file at a time."""
    return [folders] if isinstance(folders, Path) else list(folders)


def find(folders: Folders, name: str) -> Path | None:
    """The file `name` in the first folder that has it."""
    return next((f / name for f in search_path(folders) if (f / name).is_file()), None)


def make_environment(templates: Folders) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(f) for f in search_path(templates)]),
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


class Renderer:
    """Jinja templates for HTML and XML; Python serialisers for JSON, CSV and iCalendar."""

    def __init__(self, templates: Folders):
        self.folders = search_path(templates)
        self.env = make_environment(templates)
        self._fragments: dict[str, str] = {}
        self.env.filters["full_html"] = self.full_html
        self.env.globals["jsonld_script"] = lambda view, site: jsonld.script_json(
            jsonld.job_posting(view, site, self.full_html(view)))

    def full_html(self, view: OfferView) -> str:
        """The whole offer as an HTML fragment (feeds, job feed), rendered once per offer."""
        slug = view.offer.slug
        if slug not in self._fragments:
            self._fragments[slug] = self.env.get_template("partials/offer_full.html").render(
                view=view)
        return self._fragments[slug]

    def render(self, output: Output) -> bytes:
        serialiser = SERIALISERS.get(output.template)
        if serialiser:
            return serialiser(output.context, self.full_html)
        try:
            return self.env.get_template(output.template).render(output.context).encode("utf-8")
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


SERIALISERS: dict[str, Callable[[dict, Callable[[OfferView], str]], bytes]] = {
    "jsonfeed": jsonfeed.render,
    "offers-json": opendata.render_json,
    "offers-csv": opendata.render_csv,
    "offers-schema": opendata.render_schema,
    "content-schema": schema.render_output,
    "search-facets": facets.facets,
    # A shard of the search index, serialised by the planner (plan/search_terms.py): its
    # fingerprint is then the hash of its bytes, and only changed shards are written.
    "search-shard": lambda ctx, _full_html: ctx["json"].encode("utf-8"),
    "ics": ical.render,
    "offers-state": changes.render,
    "indexnow-key": lambda ctx, _full_html: ctx["key"].encode("ascii"),
    "headers": headers.render,
}


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
            shares = pool.map(_render_share, [range(i, len(outputs), workers)
                                              for i in range(workers)])
            return [b for share in shares for b in share]
    finally:
        _JOB = None


_JOB: tuple[Path, list[Output], Renderer, LinkChecker] | None = None


def _render_share(indexes: range) -> list[Broken]:
    assert _JOB is not None
    return _write_outputs(*_JOB, indexes)


def _write_outputs(folder: Path, outputs: list[Output], renderer: Renderer,
                   checker: LinkChecker, indexes) -> list[Broken]:
    broken = []
    for i in indexes:
        path = folder / outputs[i].path
        path.parent.mkdir(parents=True, exist_ok=True)
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
