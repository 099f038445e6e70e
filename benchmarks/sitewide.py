"""CPU time of rendering the site-wide files, without the profiler.

    .venv/bin/python benchmarks/sitewide.py CONTENT DAY CACHE

Reads CONTENT (its parse cache in CACHE: the second run skips the Markdown), plans
it for DAY, then renders each file that holds every open or closed offer twice,
with a new renderer made as the build makes it (pieces keyed by the fingerprints of
offer views): first with an empty cache folder (as a cold build does), then reading
what the first left in that folder (as an incremental build does: every offer's
pieces are reused; an edited offer's would be made again, ~1 ms). Prints CPU
seconds per file for both.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from jobboard.build.fingerprint import Fingerprinter
from jobboard.build.pipeline import TEMPLATES
from jobboard.content.reader import read_content
from jobboard.plan.planner import plan_site
from jobboard.render.renderer import Renderer

SITEWIDE = ("indeed.xml", "offres.json", "offres.csv", "echeances.ics", "offres-etat.json",
            "recherche/offres.json", "archives/offres.json", "sitemap.xml", "flux.xml")


def main(content: Path, day: date, cache: Path) -> None:
    site = read_content(content, day, cache / "offers.pickle")
    plan = plan_site(site, day)
    outputs = {o.path: o for o in plan.outputs if o.path in SITEWIDE}
    with tempfile.TemporaryDirectory() as memo:
        times = []
        for _run in ("cold", "warm"):
            fingerprints = Fingerprinter(TEMPLATES)
            for output in outputs.values():  # as the build does before rendering
                fingerprints.key(output.template, output.context)
            renderer = Renderer(TEMPLATES, Path(memo) / "pieces.pickle",
                                item_key=lambda kind, view, f=fingerprints: f.key(
                                    kind, {"view": view, "site": site.site}))
            row = {}
            for path in SITEWIDE:
                started = time.process_time()
                renderer.render(outputs[path])
                row[path] = time.process_time() - started
            renderer.memo.save(complete=True)
            times.append(row)
    print(f"{'file':<24}{'cold CPU-s':>12}{'warm CPU-s':>12}")
    for path in SITEWIDE:
        print(f"{path:<24}{times[0][path]:>12.2f}{times[1][path]:>12.2f}")
    print(f"{'total':<24}{sum(times[0].values()):>12.2f}{sum(times[1].values()):>12.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), Path(sys.argv[3]))
