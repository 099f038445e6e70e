"""How fast the listing pages' filters redraw with 2,000 open offers, on a throttled CPU.

    .venv/bin/python benchmarks/filter_speed.py [--offers 2000] [--rate 4] [--runs 3]

Writes a corpus of N offers with benchmarks/corpus.py (not written for this measure) and
turns every offer into the record the site publishes in /recherche/offres.json, each as
it reads on its publication day, when it is open: N open offers. The sample site is built
and served; the browser (Debian's Chromium, 390 x 800, clock pinned) gets those N records
instead of the sample's six. The CPU is slowed down with the DevTools protocol
(Emulation.setCPUThrottlingRate, 4 = a mid-range phone, as Lighthouse's mobile preset).

For each change (an option on or off, the sort order) it prints two times, measured in
the page: the click's handler with the style and layout it forces (filtering, recounting
every option, drawing the first 30 cards), and the time to the next frame after it.
The first change also fetches the records; it is reported apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobboard.build.pipeline import build_site  # noqa: E402
from jobboard.content.reader import read_content  # noqa: E402
from jobboard.plan import facets  # noqa: E402
from jobboard.plan.planner import _Urls, make_view  # noqa: E402
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, paris_noon, serve  # noqa: E402

TODAY = date(2026, 11, 21)
CHANGES = [("toggle", "Catégorie C"), ("toggle", "Catégorie B"), ("toggle", "Temps complet"),
           ("toggle", "Catégorie C"), ("sort", "recent"), ("toggle", "Temps complet"),
           ("toggle", "Technique"), ("sort", "echeance"), ("toggle", "Technique"),
           ("toggle", "Catégorie B")]

CLICK = """([kind, value]) => new Promise(done => {
  const t0 = performance.now();
  if (kind === 'sort') {
    const s = document.getElementById('tri');
    s.value = value; s.dispatchEvent(new Event('change'));
  } else {
    const t = document.querySelector(`#filtres .facet-toggle[data-v="${value}"]`);
    t.closest('details').open = true;
    t.click();
  }
  document.body.offsetHeight;  // the style and layout the change needs
  const handled = performance.now() - t0;
  requestAnimationFrame(() => setTimeout(() => done([handled, performance.now() - t0]), 0));
})"""


def records(count: int, folder: Path) -> bytes:
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    content = read_content(corpus.generate(folder / "content", count))
    urls = _Urls(content.site)
    views = [make_view(o, content, o.published, urls) for o in content.offers]
    views.sort(key=lambda v: (v.offer.deadline, -v.offer.published.toordinal(), v.offer.slug))
    return facets.facets({"items": views})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        body = records(args.offers, folder)
        build_site(ROOT / "content", folder / "site", TODAY)
        print(f"{args.offers} open offers: /recherche/offres.json is {len(body) / 1024:.0f} KB "
              f"({len(json.loads(body)['offers'])} records); CPU slowed {args.rate:g}x")
        with serve(folder / "site") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            handled, framed, first = [], [], []
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 390, "height": 800})
                context.clock.set_fixed_time(paris_noon(TODAY))
                page = context.new_page()
                page.route("**/recherche/offres.json", lambda route: route.fulfill(
                    body=body, content_type="application/json"))
                page.goto(base + "/")
                page.wait_for_load_state("networkidle")
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.rate})
                t0 = page.evaluate("performance.now()")
                page.evaluate(CLICK, ["toggle", "Catégorie B"])  # fetches and parses
                while "correspond" not in page.inner_text("#liste-statut"):
                    page.wait_for_timeout(20)
                first.append(page.evaluate("performance.now()") - t0)
                for change in CHANGES:
                    h, f = page.evaluate(CLICK, list(change))
                    handled.append(h)
                    framed.append(f)
                status = page.inner_text("#liste-statut")
                context.close()
            browser.close()
    print(f"last status: {status}")
    print(f"first change (fetch, parse, draw): {statistics.median(first):.0f} ms (median of "
          f"{len(first)})")
    for name, values in (("handler + layout", handled), ("to next frame", framed)):
        print(f"{name}: median {statistics.median(values):.1f} ms, "
              f"max {max(values):.1f} ms over {len(values)} changes")


if __name__ == "__main__":
    main()
