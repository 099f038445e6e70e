"""Render a plan with Jinja2: every output becomes bytes, nothing touches the disk.

HTML and XML templates are autoescaped; StrictUndefined turns a typo in a
template into an error instead of an empty string on the site.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import dates
from .planner import Plan


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
    env.filters["tel_uri"] = tel_uri
    # Pre-sanitised HTML (Markdown rendered with raw HTML disabled, escaped JSON-LD).
    env.filters["trusted_html"] = Markup
    return env


def render_plan(plan: Plan, templates: Path) -> dict[str, bytes]:
    env = make_environment(templates)
    files: dict[str, bytes] = {}
    for output in plan.outputs:
        text = env.get_template(output.template).render(output.context)
        files[output.path] = text.encode("utf-8")
    return files


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
