"""Incremental builds are never stale.

Editing an offer, an employer, a template or site.yaml changes exactly the
outputs that depend on it, and the site built from the cache is byte-identical
to a cold build of the same content.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from jobboard.build.pipeline import TEMPLATES, build_site
from tests.conftest import offer_md, tree

TODAY = date(2026, 2, 1)


@pytest.fixture
def board(fixture_site, tmp_path):
    """Four open offers over two employers and two filières, built once."""
    s = fixture_site
    s.offer("accueil-a", title="Agent d'accueil A", deadline="2026-03-01")
    s.offer("voirie-a", title="Technicien voirie A", deadline="2026-03-02", filiere="technique",
            categories="[B]")
    s.offer("accueil-b", title="Agent d'accueil B", employers="[ville-b]", deadline="2026-03-03")
    s.offer("voirie-b", title="Technicien voirie B", employers="[ville-b]", deadline="2026-03-04",
            filiere="technique", categories="[B]")
    s.templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, s.templates)
    s.build_lib = lambda out: build_site(s.content, out, TODAY, templates=s.templates)
    first = s.build_lib(s.out)
    assert first.rendered is None  # cold
    s.before = tree(s.out)
    return s


def rebuild_and_compare(board, tmp_path) -> tuple[set[str], int]:
    """Rebuild incrementally; check it equals a cold build; return what changed."""
    result = board.build_lib(board.out)
    after = tree(board.out)
    cold = tmp_path / "cold"
    board.build_lib(cold)  # another folder: a cold build
    assert after == tree(cold), "the incremental build differs from a cold build"
    changed = {p for p in set(board.before) | set(after)
               if board.before.get(p) != after.get(p)}
    return changed, result.rendered


def test_nothing_changes_when_nothing_changed(board, tmp_path):
    changed, rendered = rebuild_and_compare(board, tmp_path)
    assert (changed, rendered) == (set(), 0)


def test_editing_an_offer_changes_its_page_lists_feeds_and_related_pages_only(board, tmp_path):
    board.offer("voirie-a", title="Technicienne voirie A", deadline="2026-03-02",
                filiere="technique", categories="[B]")
    changed, rendered = rebuild_and_compare(board, tmp_path)
    assert "offres/voirie-a/index.html" in changed
    for listing in ("index.html", "categories/b/index.html", "filieres/technique/index.html",
                    "employeurs/ville-a/index.html", "flux.xml", "offres.json", "indeed.xml",
                    "recherche/offres.json"):
        assert listing in changed, listing
    # Pages showing it among related offers (same employer, same filière) change...
    assert "offres/accueil-a/index.html" in changed
    assert "offres/voirie-b/index.html" in changed
    # ...an offer of another employer and filière does not, nor lists without it.
    assert "offres/accueil-b/index.html" not in changed
    assert "employeurs/ville-b/index.html" not in changed
    assert "categories/c/index.html" not in changed
    assert any(p.startswith("recherche/index/") for p in changed)  # the search index follows
    assert rendered < len(board.before) / 2


def test_editing_an_employer_changes_its_offers_pages(board, tmp_path):
    path = board.content / "employers" / "ville-b.yaml"
    path.write_text(path.read_text().replace("Ville de Béthune", "Commune de Béthune"))
    changed, _ = rebuild_and_compare(board, tmp_path)
    for page in ("employeurs/ville-b/index.html", "offres/accueil-b/index.html",
                 "offres/voirie-b/index.html", "employeurs/index.html"):
        assert page in changed, page
    # accueil-a shows accueil-b among its related offers (same filière), so it changes
    # too; the other employer's page shows none of this employer's offers.
    assert "offres/accueil-a/index.html" in changed
    assert "employeurs/ville-a/index.html" not in changed


def test_editing_a_template_changes_the_outputs_made_with_it(board, tmp_path):
    rss = board.templates / "rss.xml"
    rss.write_text(rss.read_text().replace("<language>fr-FR</language>",
                                           "<language>fr</language>"))
    changed, _ = rebuild_and_compare(board, tmp_path)
    assert changed and all(p.endswith("flux.xml") for p in changed)
    assert "flux.xml" in changed and "categories/b/flux.xml" in changed


def test_editing_site_settings_changes_every_page(board, tmp_path):
    site = board.content / "site.yaml"
    site.write_text(site.read_text().replace("title: Emplois test", "title: Emplois publics"))
    changed, _ = rebuild_and_compare(board, tmp_path)
    pages = {p for p in board.before if p.endswith(".html")}
    assert pages <= changed


def test_a_removed_offer_disappears(board, tmp_path):
    (board.content / "offers" / "voirie-b.md").unlink()
    changed, _ = rebuild_and_compare(board, tmp_path)
    assert "offres/voirie-b/index.html" in changed
    assert not (board.out / "offres" / "voirie-b").exists()


def test_a_new_day_closes_offers_in_an_incremental_build(board, tmp_path):
    result = build_site(board.content, board.out, date(2026, 3, 3), templates=board.templates)
    assert result.open_offers == 2 and result.rendered is not None
    cold = tmp_path / "cold"
    build_site(board.content, cold, date(2026, 3, 3), templates=board.templates)
    assert tree(board.out) == tree(cold)
    assert "offres/accueil-a/" not in (board.out / "flux.xml").read_text()


def test_an_invalid_edit_leaves_the_site_untouched(board, tmp_path):
    from jobboard.problems import ContentError
    board.write("offers/voirie-a.md", offer_md(deadline="2026-02-30"))
    with pytest.raises(ContentError):
        board.build_lib(board.out)
    assert tree(board.out) == board.before
