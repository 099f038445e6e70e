"""What a build computes once and reuses: the Indeed feed's HTML of an offer is kept
between builds, so editing one offer rewrites one offer's HTML, not every open
offer's; the feed stays byte-identical to a cold build's."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import tree

from jobboard import cache
from jobboard.build.pipeline import build_site
from jobboard.render import renderer, sanitised

TODAY = date(2026, 2, 1)


@pytest.fixture
def rewrites(monkeypatch) -> list[str]:
    """The fragments rewritten for Indeed in this process."""
    calls: list[str] = []
    real = sanitised.literal_html
    monkeypatch.setattr(sanitised, "literal_html", lambda f: calls.append(f) or real(f))
    return calls


def four_offers(site):
    for n, slug in enumerate(("accueil", "voirie", "jardins", "archives")):
        site.offer(slug, title=f"Agent {slug}", deadline=f"2026-03-0{n + 1}")


@pytest.mark.parametrize("parallel", [False, True])
def test_an_edit_rewrites_only_the_edited_offers_html_for_indeed(fixture_site, tmp_path,
                                                                 monkeypatch, rewrites,
                                                                 parallel):
    if parallel:  # the cold build renders in forked workers, which send their work back
        monkeypatch.setattr(renderer, "PARALLEL_FROM", 1)
    four_offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    fixture_site.offer("voirie", title="Agent voirie", deadline="2026-03-02",
                       body="## Missions\n\nEntretenir <b>les réseaux</b> &amp; la voirie.\n")
    rewrites.clear()
    result = build_site(fixture_site.content, fixture_site.out, TODAY)
    assert result.rendered is not None  # incremental
    assert len(rewrites) == 1 and "voirie" in rewrites[0]
    cold = tmp_path / "cold"
    build_site(fixture_site.content, cold, TODAY, cache=tmp_path / "cold-cache")
    assert tree(fixture_site.out) == tree(cold)
    assert "Entretenir <\u2060b>les réseaux<\u2060/b> & la voirie." \
        in (cold / "indeed.xml").read_text()


def test_a_new_version_of_the_code_rewrites_everything_again(fixture_site, monkeypatch,
                                                             rewrites):
    four_offers(fixture_site)
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert len(rewrites) == 4
    fixture_site.offer("voirie", title="Agent voirie bis", deadline="2026-03-02")
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    rewrites.clear()
    build_site(fixture_site.content, fixture_site.out, TODAY)
    assert len(rewrites) == 4
