"""The public site without a browser: page weight, French formats, collation."""

from __future__ import annotations

import re
from datetime import date

import pytest

from jobboard import dates
from jobboard.build.pipeline import build_site
from jobboard.text import collation_key
from tests.conftest import ROOT, titles

BUDGET = 50 * 1024  # HTML + CSS + JS of one page, before compression


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("weight") / "site"
    build_site(ROOT / "content", out, date(2026, 11, 21))
    return out


def page_weight(site, page) -> int:
    """The page and the CSS and scripts it loads from the site (search index excluded)."""
    html = page.read_text(encoding="utf-8")
    total = len(html.encode("utf-8"))
    for ref in re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', html):
        total += (site / ref.lstrip("/")).stat().st_size
    return total


def test_every_page_is_under_50_kb_of_html_css_and_js(sample):
    # /admin/ is the editors' web editor (Decap CMS, about 5 MB), not a public page.
    weights = {p.relative_to(sample).as_posix(): page_weight(sample, p)
               for p in sample.rglob("*.html") if "admin" not in p.parts}
    assert len(weights) > 60
    heavy = {p: w for p, w in weights.items() if w >= BUDGET}
    assert heavy == {}


def test_no_render_blocking_script_and_no_third_party_resource(sample):
    for page in sample.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script[^>]*\bsrc=[^>]*>", html):
            assert " defer" in tag, (page, tag)
        loaded = re.findall(r'<(?:link[^>]*rel="(?:stylesheet|icon|preload)"[^>]*href|'
                            r'script[^>]*src|img[^>]*src)="([^"]+)"', html)
        assert [u for u in loaded if u.startswith(("http:", "https:", "//"))] == [], page


@pytest.mark.parametrize("day, text", [(date(2026, 2, 22), "22 février 2026"),
                                       (date(2021, 5, 1), "1er mai 2021"),
                                       (date(2026, 8, 15), "15 août 2026")])
def test_french_dates(day, text):
    assert dates.french_date(day) == text


def test_french_collation_of_names_with_accents():
    names = ["Ville d'Étaples", "Ville de Douai", "CCAS d'Arras", "Ville d'Écourt",
             "Ville de Zuydcoote", "ville de Dunkerque"]
    assert sorted(names, key=collation_key) == [
        "CCAS d'Arras", "Ville d'Écourt", "Ville d'Étaples", "Ville de Douai",
        "ville de Dunkerque", "Ville de Zuydcoote"]


def test_employers_are_listed_in_french_order(fixture_site):
    fixture_site.write("employers/ville-e.yaml", """\
name: Ville d'Étaples
kind: commune
address: {postal_code: "62630", city: Étaples}
departement: "62"
website: https://etaples.example
""")
    assert fixture_site.build("2026-02-01") == 0
    names = [a.get_text() for a in fixture_site.html("employeurs/index.html").select(".term-list a")]
    assert names == ["Ville d'Aulnoy", "Ville d'Étaples", "Ville de Béthune"]


def test_the_home_page_says_how_soon_offers_close(fixture_site):
    fixture_site.offer("a", title="Demain", deadline="2026-02-02")
    fixture_site.offer("b", title="Aujourd'hui", deadline="2026-02-01")
    assert fixture_site.build("2026-02-01") == 0
    home = fixture_site.html("index.html")
    assert titles(home) == ["Aujourd'hui", "Demain"]
    assert [b.get_text() for b in home.select(".badge-soon")] == ["Clôture proche"] * 2
    # The days left are written in the browser (theme/jours.js, tests/test_browser.py):
    # the page holds each deadline's end, no day count that would be stale tomorrow.
    days = [(b["data-deadline-end"], b.get_text()) for b in home.select(".days-left")]
    assert days == [("2026-02-01T23:59:59+01:00", ""), ("2026-02-02T23:59:59+01:00", "")]
