"""The public site in a real browser: headless Debian Chromium driven by Playwright.

Accessibility (axe-core, zero violations of WCAG 2.1 A/AA; the W3C Nu HTML
Checker, zero errors), privacy (no cookie, no request to another origin),
keyboard use, search and its URL state, the closing script, screenshots.

Where Chromium or the npm tools are missing the tests are skipped, except in
CI (CI=true), where `.ci/run` installs them and a missing tool is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jobboard.build.pipeline import build_site
from tests.conftest import EMPLOYERS, ROOT, SITE_YAML, FixtureSite

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
TOOLS = ROOT / "tests" / "browser" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "docs" / "screenshots"
TODAY = date(2026, 11, 21)

PAGE_TYPES = {
    "accueil": "/",
    "offre ouverte": "/offres/animateur-periscolaire-anzin/",
    "offre close": "/offres/chef-de-projet-cite-educative-anzin-valenciennes/",
    "employeurs": "/employeurs/",
    "employeur": "/employeurs/ville-de-valenciennes/",
    "catégories": "/categories/",
    "catégorie": "/categories/b/",
    "filière": "/filieres/animation/",
    "commune": "/communes/douai/",
    "thème": "/themes/cite-educative/",
    "archives": "/archives/",
    "recherche": "/recherche/",
    "page": "/accessibilite/",
    "404": "/404.html",
}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def wait_until(page, expression: str, timeout: float = 15) -> None:
    """Poll a JavaScript expression until it is true. (Playwright's wait_for_function
    evaluates a string with eval(), which the site's Content-Security-Policy forbids.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def require(condition: bool, what: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing: .ci/run must install it")
        pytest.skip(f"{what} is not installed")


def served(content: Path, root: Path, today: date):
    """Build `content` into `root` and serve it on a local port: (base URL, root)."""
    build_site(content, root, today)
    with serve(root) as url:
        yield url, root


@contextlib.contextmanager
def serve(root: Path):
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The sample site, built for 2026-11-21 and served on a local port."""
    yield from served(ROOT / "content", tmp_path_factory.mktemp("browser") / "site", TODAY)


@pytest.fixture(scope="module")
def dst_site_url(tmp_path_factory):
    """Offers closing on the days the clocks change (29 March, 25 October 2026), open on
    20 March."""
    site = FixtureSite(tmp_path_factory.mktemp("browser-dst"))
    site.write("site.yaml", SITE_YAML)
    site.write("employers/ville-a.yaml", EMPLOYERS["ville-a"])
    for deadline in ("2026-03-29", "2026-10-25"):
        site.offer(f"echeance-{deadline}", published="2026-03-01", deadline=deadline)
    yield from served(site.content, site.out, date(2026, 3, 20))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def paris_noon(day: date) -> str:
    return f"{day.isoformat()}T12:00:00+01:00"


class PinnedBrowser:
    """Chromium whose every context reads a pinned clock from its first page on.

    The pages' scripts read the visitor's clock (the closing script hides how to apply
    once the deadline has passed), so a test that let them see the real date would change
    outcome with the day it runs. Each context starts at noon in Paris on `TODAY`, the day
    the sample site is built for; a test that needs another moment passes `now`.
    """

    def __init__(self, browser, now: str) -> None:
        self._browser = browser
        self.now = now

    def new_context(self, *, now: str | None = None, **options):
        context = self._browser.new_context(**options)
        context.clock.set_fixed_time(now or self.now)
        return context


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield PinnedBrowser(b, paris_noon(TODAY))
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    yield context.new_page()
    context.close()


# --- Accessibility ----------------------------------------------------------------------

@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_axe_violations_on_any_page_type(browser, site_url, width):
    require(AXE.exists(), "axe-core (npm, tests/browser)")
    base, _ = site_url
    # axe is injected as an inline script: the test tool, not the site, needs the bypass.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {runOnly: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        if violations:
            found[name] = violations
        assert result["passes"], name  # axe really ran
    context.close()
    assert found == {}


def test_no_html_errors_in_the_whole_site(site_url):
    require(VNU.exists(), "vnu-jar (npm, tests/browser)")
    require(shutil.which("java") is not None, "java")
    _, root = site_url
    run = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only",
                          str(root)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[:3000]


def test_keyboard_skip_link_then_main_content(page, site_url):
    base, _ = site_url
    page.goto(base + "/offres/animateur-periscolaire-anzin/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


# --- Privacy ----------------------------------------------------------------------------

def test_no_request_leaves_the_site_and_no_cookie(page, site_url):
    base, _ = site_url
    origin = urlsplit(base).netloc
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in PAGE_TYPES.values():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.goto(base + "/recherche/?q=animation")
    wait_until(page, "document.getElementById('resultats-statut').textContent.includes('offre')")
    foreign = [u for u in requests
               if urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and urlsplit(u).netloc != origin]
    assert foreign == []
    assert any("/recherche/index/" in u for u in requests)  # the search really ran
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""


# --- Injection ------------------------------------------------------------------------

# Before any script of the page: collect what runs, and what the policy blocks.
WATCH = """
window.__xss = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
for (const name of ['alert', 'confirm', 'prompt'])
    window[name] = () => window.__xss.push(name);
"""


@pytest.mark.parametrize("policy", ["with", "bypassed"])
def test_no_script_of_the_hostile_tree_runs_in_a_browser(browser, tmp_path, monkeypatch, policy):
    """Every page of a site whose every field holds script: nothing runs. With the
    Content-Security-Policy bypassed, escaping alone must hold; with it, nothing must
    even try (no violation)."""
    from tests import hostile
    from tests.conftest import SITE_YAML, FixtureSite
    site = FixtureSite(tmp_path)
    site.write("site.yaml", SITE_YAML)
    hostile.write(site)
    monkeypatch.chdir(tmp_path)
    build_site(site.content, site.out, date(2026, 2, 1))
    pages = sorted(p.relative_to(site.out).as_posix() for p in site.out.rglob("*.html"))
    context = browser.new_context(bypass_csp=policy == "bypassed")
    page = context.new_page()
    page.add_init_script(WATCH)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(site.out) as base:
        for path in pages:
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
            page.mouse.move(10, 10)
            page.mouse.move(200, 400)
            assert page.evaluate("window.__xss") == [], path
            assert page.evaluate("window.__violations") == [], path
    assert dialogs == []
    assert len(pages) > 10
    context.close()


def test_the_content_security_policy_holds_on_every_page_type(page, site_url):
    base, _ = site_url
    page.add_init_script(WATCH)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], name  # the site's own needs fit
        # Markup slipped into a page by any means still cannot run.
        page.evaluate("""document.body.insertAdjacentHTML('beforeend',
            '<img src="data:," onerror="window.__xss.push(1)">' +
            '<a id="x" href="javascript:window.__xss.push(2)">x</a>')""")
        page.click("#x")
        wait_until(page, "window.__violations.length >= 2")
        assert page.evaluate("window.__xss") == [], name
    page.goto(base + "/recherche/?q=animation")  # the full-text search under the policy
    wait_until(page, "document.getElementById('resultats-statut').textContent"
                           ".includes('offre')")
    assert page.evaluate("window.__violations") == []
    assert errors == []


# --- Search ------------------------------------------------------------------------------

def status(page) -> str:
    return page.inner_text("#resultats-statut")


def test_search_full_text_and_filters_with_the_state_in_the_url(page, site_url):
    base, _ = site_url
    page.goto(base + "/recherche/")
    wait_until(page, "document.getElementById('resultats-statut').textContent.includes('offre')")
    assert status(page) == "6 offres correspondent à cette recherche."
    page.fill("#q", "voirie")
    wait_until(page, "location.search === '?q=voirie'")
    wait_until(page, "document.querySelectorAll('#resultats > li').length === 1")
    assert page.inner_text("#resultats h2") == "Technicien voirie et espaces publics (F/H)"

    page.fill("#q", "")
    page.click("summary:has-text('Catégorie')")
    page.check("label:has-text('Catégorie B') >> xpath=../input")
    page.click("summary:has-text('Temps de travail')")
    page.check("label:has-text('Temps complet') >> xpath=../input")
    wait_until(page, "document.getElementById('resultats-statut').textContent"
                           ".startsWith('4 ')")
    # Catégorie B alone also gives 4 offers: wait for the second filter to reach the URL.
    wait_until(page, "location.search.includes('temps=')")
    shared = page.url
    assert "categorie=Cat%C3%A9gorie+B" in shared and "temps=Temps+complet" in shared

    other = page.context.new_page()  # the shared link gives the same search
    other.goto(shared)
    wait_until(other, "document.getElementById('resultats-statut').textContent"
                            ".startsWith('4 ')")
    assert other.is_checked("label:has-text('Catégorie B') >> xpath=../input")


def search_for(page, words: str, count_text: str, titles: list[str]) -> None:
    """Type `words`; wait for the announced count and the titles of the cards shown."""
    page.fill("#q", words)
    wait_until(page, "document.getElementById('resultats-statut').textContent.startsWith("
                     f"{json.dumps(count_text)}) && JSON.stringify(Array.from("
                     "document.querySelectorAll('#resultats h2'), h => h.textContent)) === "
                     f"{json.dumps(json.dumps(titles, ensure_ascii=False, separators=(',', ':')))}")


def test_search_by_word_prefix_accents_and_several_words(page, site_url):
    """Our own index (recherche/index/): what a job seeker types finds the open offers."""
    base, _ = site_url
    page.goto(base + "/recherche/")
    wait_until(page, "document.getElementById('resultats-statut').textContent.includes('offre')")
    # The start of a word, without its accent, in capitals: the offer with it in its title
    # first, then the one with it in its text.
    search_for(page, "PERISCO", "2 offres", ["Animateur périscolaire (F/H) – 24 h",
                                             "Directeur adjoint d'accueil de loisirs (F/H)"])
    assert "q=PERISCO" in page.url
    # Two words: the offers holding both.
    search_for(page, "animat douai", "1 offre", ["Directeur adjoint d'accueil de loisirs (F/H)"])
    # A word of the body only.
    search_for(page, "cyclables", "1 offre", ["Technicien voirie et espaces publics (F/H)"])
    # A word only a closed offer holds finds nothing: closed offers are not indexed.
    search_for(page, "démocratie", "Aucune offre", [])
    assert page.get_attribute("#resultats-statut", "aria-live") == "polite"


def test_without_javascript_the_search_page_points_to_the_taxonomies(browser, site_url):
    base, _ = site_url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/recherche/")
    text = page.inner_text("main")
    assert "La recherche a besoin de JavaScript" in text
    assert page.locator("main noscript a, main a[href='/filieres/']").count() >= 1
    context.close()


# --- Offer page ---------------------------------------------------------------------------

def test_an_open_offer_is_marked_closed_once_the_visitors_clock_passes_the_deadline(
        browser, site_url):
    base, _ = site_url
    url = base + "/offres/animateur-periscolaire-anzin/"
    # 25 November 2026, 23:59:59 in Paris is the end of the deadline day.
    context = browser.new_context(now="2026-11-25T22:59:59Z")
    page = context.new_page()
    page.goto(url)
    assert page.is_hidden("#bandeau-clos") and page.is_visible(".apply-ways")
    context.clock.set_fixed_time("2026-11-25T23:00:01Z")
    page.goto(url)
    assert page.is_visible("#bandeau-clos")
    assert "Candidatures closes." in page.inner_text("#bandeau-clos")
    assert page.is_hidden(".apply-ways") and page.is_hidden(".apply-jump")
    context.close()


@pytest.mark.parametrize("deadline, now, closed", [
    ("2026-03-29", "2026-03-29T21:59:30Z", False),  # 23:59:30 in Paris (summer time, +02:00)
    ("2026-03-29", "2026-03-29T22:00:30Z", True),   # 00:00:30 on 30 March in Paris
    ("2026-10-25", "2026-10-25T22:59:30Z", False),  # 23:59:30 in Paris (winter time, +01:00)
    ("2026-10-25", "2026-10-25T23:00:30Z", True),   # 00:00:30 on 26 October in Paris
])
def test_the_closing_script_ends_the_deadline_day_in_paris_across_clock_changes(
        browser, dst_site_url, deadline, now, closed):
    base, _ = dst_site_url
    context = browser.new_context(now=now)
    page = context.new_page()
    page.goto(f"{base}/offres/echeance-{deadline}/")
    assert page.is_visible("#bandeau-clos") == closed
    assert page.is_visible(".apply-ways") == (not closed)
    context.close()


# --- Screenshots: tests/test_site_browser.py takes every page type ------------------------


def test_pages_weigh_under_50_kb_as_the_browser_loads_them(page, site_url):
    """HTML + CSS + JS actually transferred for each page type (the search index excluded)."""
    base, _ = site_url
    for name, path in PAGE_TYPES.items():
        sizes = []

        def measure(response):
            kind = response.request.resource_type
            if kind in ("document", "stylesheet", "script"):
                sizes.append(len(response.body()))

        page.on("response", measure)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", measure)
        assert 0 < sum(sizes) < 50 * 1024, (name, sizes)


def test_french_formats_as_shown(page, site_url):
    base, _ = site_url
    page.goto(base + "/")
    first = page.locator(".offer-card").first.inner_text()
    assert "25 novembre 2026" in first and "clôture dans 4 jours" in first
    page.goto(base + "/offres/chef-de-projet-cite-educative-anzin-valenciennes/")
    assert "1er mai 2021" in page.inner_text(".facts")
    page.goto(base + "/employeurs/")
    names = page.locator(".term-list a").all_inner_texts()
    assert names == sorted(names, key=lambda n: n.lower().replace("é", "e"))
