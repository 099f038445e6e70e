"""The build, stage by stage: read → plan → render → write.

Each stage is its own module; this one only chains them, so the whole
pipeline can be read here in a dozen lines.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .checks import shallow_history
from .planner import plan_site
from .reader import read_content
from .search import index_site
from .renderer import asset_files, render_plan, theme_files
from .writer import check_output_dir, write_site

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "templates"
THEME = PROJECT / "theme"


@dataclass(frozen=True)
class BuildResult:
    warnings: list
    open_offers: int
    closed_offers: int
    drafts: int
    scheduled: int
    pages: int
    files: int
    seconds: float

    def summary(self, out: Path) -> str:
        extra = (f", {self.drafts} draft{'s' * (self.drafts > 1)}" if self.drafts else "") + \
            (f", {self.scheduled} scheduled" if self.scheduled else "")
        return (f"Built {out}: {self.open_offers} open offers, {self.closed_offers} closed"
                f"{extra}; {self.pages} pages, {self.files} files in {self.seconds:.2f} s")


def build_site(content: Path, out: Path, today: date, templates: Path = TEMPLATES,
               theme: Path = THEME) -> BuildResult:
    """Build the site; raises ContentError (nothing written) on invalid content."""
    started = time.perf_counter()
    check_output_dir(out, [content, templates, theme])
    site_content = read_content(content, today)
    plan = plan_site(site_content, today)
    files = render_plan(plan, templates) | asset_files(plan) | theme_files(theme)
    write_site(files, out, finish=lambda folder: index_site(folder, site_content.site.base_path))
    return BuildResult(
        warnings=shallow_history(site_content), open_offers=len(plan.open_offers),
        closed_offers=len(plan.closed_offers),
        drafts=plan.skipped_drafts, scheduled=plan.scheduled,
        pages=sum(1 for p in files if p.endswith(".html")), files=len(files),
        seconds=time.perf_counter() - started)
