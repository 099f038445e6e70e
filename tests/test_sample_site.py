"""The sample content in content/: it builds, and it says what the seed postings say."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from bs4 import BeautifulSoup

from jobboard.build.pipeline import build_site
from jobboard.content.reader import read_content
from tests.conftest import ROOT, jsonld_of, titles

TODAY = "2026-11-21"
SEED_OFFERS = {
    "facility-manager-adjoint-valenciennes": ["emploi@ville-valenciennes.fr", "11 février 2026",
                                              "Catégorie A", "Catégorie B"],
    "chef-de-projet-cite-educative-anzin-valenciennes": ["drh@ville-anzin.fr", "26 mars 2021",
                                                         "1er mai 2021", "20 mois", "Ville d'Anzin",
                                                         "Ville de Valenciennes"],
    "charge-de-mission-centre-social-roubaix": [
        "https://services.ville-roubaix.fr/espaceEmploi/jsp/REACCUEIL.jsp", "17 février 2025",
        "03 20 28 95 84", "38 h"],
    "chef-de-projet-cite-educative-dunkerque": ["muriel.duthoit@cud.fr", "28 septembre 2025",
                                                "10 octobre 2025", "Hôtel communautaire"],
    "charge-de-mission-cite-educative-douai": ["22 février 2026", "03 27 93 58 64",
                                               "DEEJ Cité éducative 000539 2202",
                                               "Selon disponibilité du candidat"],
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "site"
    build_site(ROOT / "content", out, date.fromisoformat(TODAY))
    return out


def soup(out, rel):
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("slug", sorted(SEED_OFFERS))
def test_every_seed_posting_has_its_page_with_its_facts(slug, tmp_path):
    # Built on its deadline day, when the offer is open and shows how to apply.
    offer = next(o for o in read_content(ROOT / "content").offers if o.slug == slug)
    build_site(ROOT / "content", tmp_path / "site", offer.deadline)
    html = soup(tmp_path / "site", f"offres/{slug}/index.html")
    assert html.select_one(".banner-closed:not([hidden])") is None
    # Links are labelled by what they do ("Postuler sur le site de l'employeur"): an
    # address may be in a link's target only.
    text = html.get_text(" ", strip=True) + " ".join(a["href"] for a in html.select("a[href]"))
    for fact in SEED_OFFERS[slug]:
        assert fact in text, (slug, fact)


def test_closed_seed_pages_say_so_and_hide_how_to_apply(sample):
    html = soup(sample, "offres/facility-manager-adjoint-valenciennes/index.html")
    assert "Candidatures closes." in html.select_one(".banner-closed").get_text()
    assert "emploi@ville-valenciennes.fr" not in html.get_text()


def test_the_five_seed_employers_exist(sample):
    names = [a.get_text() for a in soup(sample, "employeurs/index.html").select(".term-list a")]
    assert names == ["Communauté urbaine de Dunkerque", "Ville d'Anzin", "Ville de Douai",
                     "Ville de Roubaix", "Ville de Valenciennes"]


def test_sample_shows_open_offers_of_categories_b_and_c_part_time_and_temporary(sample):
    content = read_content(ROOT / "content")
    today = date.fromisoformat(TODAY)
    live = [o for o in content.offers if not o.draft and o.published <= today <= o.deadline]
    assert len(live) >= 4
    assert {"B", "C"} <= {c for o in live for c in o.categories}
    assert any(o.working_time and o.working_time.type == "part-time" for o in live)
    assert any(o.employment.type == "temporary" for o in live)
    assert len(titles(soup(sample, "index.html"))) == len(live)
    assert any(o.draft for o in content.offers)


def test_jsonld_only_on_open_offer_pages(sample):
    for page in sorted((sample / "offres").glob("*/index.html")):
        html = soup(sample, page.relative_to(sample).as_posix())
        is_closed = html.select_one(".banner-closed:not([hidden])") is not None
        assert (jsonld_of(html) == []) == is_closed, page
    for listing in ("index.html", "archives/index.html", "categories/a/index.html"):
        assert jsonld_of(soup(sample, listing)) == []


def test_sample_feeds_parse_and_list_only_open_offers(sample):
    closed = {p.parent.name for p in (sample / "offres").glob("*/index.html")
              if soup(sample, p.relative_to(sample).as_posix()).select_one(".banner-closed:not([hidden])")}
    assert closed
    for feed in sample.rglob("flux.xml"):
        for item in ET.parse(feed).getroot().iter("item"):
            assert item.findtext("link").rstrip("/").rsplit("/", 1)[1] not in closed, feed


def test_the_readme_build_command_works_on_a_copy(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    from jobboard.cli import main
    assert main(["--today", TODAY]) == 0
    assert (tmp_path / "site" / "index.html").is_file()
