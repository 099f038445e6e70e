"""Render a plan: every output becomes bytes.

HTML and XML templates are autoescaped; StrictUndefined turns a typo in a
template into an error instead of an empty string on the site. A large site
is rendered on every core, straight into the output folder being prepared.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from jobboard import dates
from jobboard.build.links import Broken, LinkChecker
from jobboard.content import schema
from jobboard.plan import facets
from jobboard.plan.planner import Output, Plan
from jobboard.plan.views import OfferView
from jobboard.render import ical, jsonfeed, jsonld, opendata
from jobboard.workers import pool as worker_pool


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
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
    env.filters["cdata"] = cdata
    env.filters["rss_text"] = rss_text
    env.filters["tel_uri"] = tel_uri
    # Pre-sanitised HTML (Markdown rendered with raw HTML disabled, escaped JSON-LD).
    env.filters["trusted_html"] = Markup
    return env


class Renderer:
    """Jinja templates for HTML and XML; Python serialisers for JSON, CSV and iCalendar."""

    def __init__(self, templates: Path):
        self.env = make_environment(templates)
        self._fragments: dict[str, str] = {}
        self.env.filters["full_html"] = self.full_html
        self.env.globals["jsonld_script"] = lambda view, site: jsonld.script_json(
            jsonld.job_posting(view, site))

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
        return self.env.get_template(output.template).render(output.context).encode("utf-8")


SERIALISERS: dict[str, Callable[[dict, Callable[[OfferView], str]], bytes]] = {
    "jsonfeed": jsonfeed.render,
    "offers-json": opendata.render_json,
    "offers-csv": opendata.render_csv,
    "offers-schema": opendata.render_schema,
    "content-schema": schema.render_output,
    "search-facets": facets.facets,
    "ics": ical.render,
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


def theme_files(theme: Path) -> dict[str, bytes]:
    """The theme's static files, served under /theme/."""
    return {f"theme/{p.relative_to(theme).as_posix()}": p.read_bytes()
            for p in sorted(theme.rglob("*")) if p.is_file() and not p.name.startswith(".")}


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


def cdata(text: str) -> Markup:
    """A CDATA section that stays one even if the text contains ']]>'."""
    return Markup("<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>")
