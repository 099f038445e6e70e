"""An offer's `source` is its path inside the content folder: the parsed model (and the
parse cache that keeps it) does not depend on the working directory, while messages
still name files as the editor sees them from where the command runs."""

from datetime import date

from jobboard.content import reader
from jobboard.content.checks import warnings
from jobboard.content.reader import read_content
from tests.conftest import offer_md


def test_sources_are_relative_to_the_content_folder(fixture_site):
    fixture_site.write("offers/2026/agent.md", offer_md())
    fixture_site.write("pages/a-propos.md", "---\ntitle: À propos\n---\nTexte.\n")
    content = read_content(fixture_site.content, date(2026, 2, 1))
    assert [o.source for o in content.offers] == ["offers/2026/agent.md"]
    assert [p.source for p in content.pages] == ["pages/a-propos.md"]
    assert content.file("offers/2026/agent.md") == fixture_site.content / "offers/2026/agent.md"
    assert content.shown("offers/2026/agent.md") == "content/offers/2026/agent.md"


def test_the_parse_cache_serves_any_working_directory(fixture_site, monkeypatch):
    fixture_site.offer("agent")
    cache = fixture_site.root / "offers.pickle"
    read_content(fixture_site.content, date(2026, 2, 1), cache)
    parsed = []
    real = reader._parse_offer
    monkeypatch.setattr(reader, "_parse_offer", lambda job: parsed.append(job) or real(job))
    elsewhere = fixture_site.root / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    content = read_content(fixture_site.content, date(2026, 2, 1), cache)
    assert parsed == []  # every offer came from the cache
    assert content.offers[0].source == "offers/agent.md"
    # Messages name the file from where the command runs.
    found = warnings(content, date(2026, 2, 8))
    assert {p.path for p in found} == {"../content/offers/agent.md"}


def test_a_broken_link_names_the_file_from_the_working_directory(fixture_site, monkeypatch,
                                                                capsys):
    fixture_site.offer("agent", body="Voir [la page](/nulle-part/).\n")
    sub = fixture_site.root / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert fixture_site.build() == 1
    assert "../content/offers/agent.md:13: the link /nulle-part/ leads to no page" in \
        capsys.readouterr().err


def test_the_parse_cache_serves_the_next_day_an_offer_that_writes_its_dates(fixture_site,
                                                                             monkeypatch):
    """Outside git, an offer without `published` is published the day it is first built;
    that default is not part of what an offer writing its own date is: the next day's
    build takes it from the cache, with the same digest (so its outputs are not shown
    again), and parses again only the one that leaves the date out."""
    fixture_site.offer("agent")
    fixture_site.write("offers/sans-date.md", offer_md().replace("published: 2026-01-05\n", ""))
    cache = fixture_site.root / "offers.pickle"
    first = read_content(fixture_site.content, date(2026, 2, 1), cache)
    parsed = []
    real = reader._parse_offer
    monkeypatch.setattr(reader, "_parse_offer", lambda job: parsed.append(job[1]) or real(job))
    next_day = read_content(fixture_site.content, date(2026, 2, 2), cache)
    assert parsed == ["offers/sans-date.md"]
    by_slug = {o.slug: o for o in next_day.offers}
    before = {o.slug: o for o in first.offers}
    assert by_slug["agent"].digest == before["agent"].digest
    assert by_slug["agent"].published == date(2026, 1, 5)
    assert by_slug["sans-date"].published == date(2026, 2, 2)
    assert by_slug["sans-date"].digest != before["sans-date"].digest
