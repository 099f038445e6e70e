"""A CI rebuild (a new process, the build cache kept) re-plans from what the last build
kept in its cache (plan.pickle): the search index's words and postings and the state
file's digests are made again only for the offers that changed, and the site is the
cold build's."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import tree

from jobboard.build.pipeline import build_site
from jobboard.plan import changes, search_terms

TODAY = date(2026, 2, 1)


@pytest.fixture
def new_process(monkeypatch):
    """Forget what this process's earlier plannings left in memory, as a new CI run has
    nothing in memory; returns the offers whose words and state digests were made."""
    made: dict[str, list[str]] = {"words": [], "digest": []}
    real_words, real_digest = search_terms.weighted_words, changes.offer_digest
    monkeypatch.setattr(search_terms, "weighted_words", lambda title, facts, body:
                        made["words"].append(title) or real_words(title, facts, body))
    monkeypatch.setattr(changes, "offer_digest",
                        lambda v: made["digest"].append(v.offer.slug) or real_digest(v))

    def forget():
        # (what planning keeps lives in PlanMemo: a build's comes from its cache only)
        for found in made.values():
            found.clear()
        return made
    return forget


def offers(site, edited: str = ""):
    for n, slug in enumerate(("accueil", "voirie", "jardins")):
        site.offer(slug, title=f"Agent {slug}{edited if slug == 'voirie' else ''}",
                   deadline=f"2026-03-0{n + 1}")
    site.offer("ancienne", title="Agent ancienne", published="2025-12-01",
               deadline="2026-01-10")


def test_a_rebuild_in_a_new_process_plans_again_only_the_edited_offer(fixture_site,
                                                                      new_process):
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    offers(fixture_site, edited=" (F/H)")
    made = new_process()
    result = build_site(fixture_site.content, fixture_site.out, TODAY)
    assert result.rendered  # incremental
    assert made == {"words": ["Agent voirie (F/H)"], "digest": ["voirie"]}
    cold = fixture_site.root / "cold"
    build_site(fixture_site.content, cold, TODAY, cache=fixture_site.root / "cold-cache")
    assert tree(fixture_site.out) == tree(cold)


def test_a_cache_from_another_board_still_gives_the_cold_site(fixture_site, new_process):
    """The kept index is only where planning starts: another board's (the same cache
    folder given to two sites) is patched into this one's."""
    offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY,
               cache=fixture_site.root / "shared-cache")
    for slug in ("accueil", "jardins"):
        (fixture_site.content / "offers" / f"{slug}.md").unlink()
    fixture_site.offer("piscine", title="Maître-nageur", deadline="2026-03-05")
    new_process()
    other = fixture_site.root / "other"
    build_site(fixture_site.content, other, TODAY, cache=fixture_site.root / "shared-cache")
    new_process()
    cold = fixture_site.root / "cold"
    build_site(fixture_site.content, cold, TODAY, cache=fixture_site.root / "cold-cache")
    assert tree(other) == tree(cold)
