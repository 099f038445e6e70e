"""Deadline boundaries in Europe/Paris, across the daylight-saving changes.

Issue 7, point 7. One site holds an offer per deadline: the day before, the day of and
the day after each 2026 change (29 March, 02:00 CET → 03:00 CEST; 25 October, 03:00
CEST → 02:00 CET), and an ordinary winter and summer day. It is built once for each
`--today` around those deadlines, and each offer must be, on the day before and on the
day itself, open: in every list, feed, calendar, the open data, the search facets and
the sitemap, with JSON-LD whose `validThrough` is the last second of its day in Paris
with that day's offset; on the day after, closed: only in the archives and its
employer's closed offers, its page kept with the closed banner, `noindex` and no
JSON-LD. SOURCE_DATE_EPOCH near midnight (UTC) gives the Paris day.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from functools import cached_property

import pytest

from tests.conftest import EMPLOYERS, SITE_YAML, FixtureSite, jsonld_of, titles

# Deadline → the end of that day in Paris, written out (not computed by the code under test).
CLOSES_AT = {
    "2026-01-15": "2026-01-15T23:59:59+01:00",  # winter
    "2026-03-28": "2026-03-28T23:59:59+01:00",  # the last day of winter time
    "2026-03-29": "2026-03-29T23:59:59+02:00",  # summer time from 03:00: ends in CEST
    "2026-03-30": "2026-03-30T23:59:59+02:00",
    "2026-07-15": "2026-07-15T23:59:59+02:00",  # summer
    "2026-10-24": "2026-10-24T23:59:59+02:00",  # the last day of summer time
    "2026-10-25": "2026-10-25T23:59:59+01:00",  # winter time from 03:00: ends in CET
    "2026-10-26": "2026-10-26T23:59:59+01:00",
}
NAMES = {"2026-01-15": "winter", "2026-03-28": "eve of summer time",
         "2026-03-29": "summer time starts", "2026-03-30": "first full day of summer time",
         "2026-07-15": "summer", "2026-10-24": "eve of winter time",
         "2026-10-25": "winter time starts", "2026-10-26": "first full day of winter time"}
BASE = "https://emplois.example/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def slug_of(deadline: str) -> str:
    return f"echeance-{deadline}"


def title_of(deadline: str) -> str:
    return f"Agent, date limite {deadline}"


class Built(FixtureSite):
    """One build of the deadline site, read once."""

    def __init__(self, root, out, rc):
        super().__init__(root)
        self.out = out
        assert rc == 0

    def xml(self, rel):
        return ET.fromstring(self.read(rel))

    def rss_links(self, rel) -> set[str]:
        return {i.findtext("link") for i in self.xml(rel).iter("item")}

    def atom_links(self, rel) -> set[str]:
        return {link.get("href") for e in self.xml(rel).iter(f"{ATOM}entry")
                for link in e.iter(f"{ATOM}link")}

    def json_feed_links(self, rel) -> set[str]:
        return {i["url"] for i in json.loads(self.read(rel))["items"]}

    def ics_uids(self, rel) -> set[str]:
        return set(re.findall(r"^UID:(\S+)", self.read(rel), re.M))

    @cached_property
    def sitemap(self) -> set[str]:
        return {u.text for u in self.xml("sitemap.xml").iter(f"{SITEMAP}loc")}

    @cached_property
    def open_data(self) -> dict[str, dict]:
        return {o["id"]: o for o in json.loads(self.read("offres.json"))["offers"]}

    @cached_property
    def csv_urls(self) -> set[str]:
        rows = list(csv.DictReader(io.StringIO(self.read("offres.csv"), newline="")))
        return {row["url"] for row in rows}

    def employer_titles(self, closed: bool) -> list[str]:
        cards = self.html("employeurs/ville-a/index.html").select(".offer-card")
        return [c.select_one(".offer-title a").get_text(strip=True) for c in cards
                if ("is-closed" in c["class"]) == closed]

    def where(self, deadline: str) -> dict[str, bool]:
        """Every place of the site where the offer with this deadline stands."""
        slug, title = slug_of(deadline), title_of(deadline)
        url = f"{BASE}offres/{slug}/"
        return {
            "accueil": title in titles(self.html("index.html")),
            "employeur, offres ouvertes": title in self.employer_titles(closed=False),
            "catégorie": title in titles(self.html("categories/b/index.html")),
            "filière": title in titles(self.html("filieres/technique/index.html")),
            "commune": title in titles(self.html("communes/aulnoy-lez-valenciennes/index.html")),
            "flux.xml": url in self.rss_links("flux.xml"),
            "flux.atom": url in self.atom_links("flux.atom"),
            "flux.json": url in self.json_feed_links("flux.json"),
            "flux de l'employeur": url in self.rss_links("employeurs/ville-a/flux.xml"),
            "flux de la filière": url in self.atom_links("filieres/technique/flux.atom"),
            "sitemap.xml": url in self.sitemap,
            "offres.json": slug in self.open_data,
            "offres.csv": url in self.csv_urls,
            "echeances.ics": f"{slug}@emplois.example" in self.ics_uids("echeances.ics"),
            "echeances.ics de l'employeur":
                f"{slug}@emplois.example" in self.ics_uids("employeurs/ville-a/echeances.ics"),
            "indeed.xml": url in {j.findtext("url") for j in self.xml("indeed.xml").iter("job")},
            "filtres de recherche": f"/offres/{slug}/" in
                {o["url"] for o in json.loads(self.read("recherche/offres.json"))["offers"]},
            "archives": title in titles(self.html("archives/index.html")),
            "employeur, offres closes": title in self.employer_titles(closed=True),
        }


OPEN_PLACES = {"archives": False, "employeur, offres closes": False}
CLOSED_PLACES = {"archives": True, "employeur, offres closes": True}


def expected_places(is_open: bool, places: dict[str, bool]) -> dict[str, bool]:
    exceptions = OPEN_PLACES if is_open else CLOSED_PLACES
    return {place: exceptions.get(place, is_open) for place in places}


@pytest.fixture(scope="module")
def deadline_site(tmp_path_factory):
    """build(today=..., epoch=...) → the site built that day; each day is built once."""
    root = tmp_path_factory.mktemp("deadlines")
    site = FixtureSite(root)
    site.write("site.yaml", SITE_YAML)
    site.write("employers/ville-a.yaml", EMPLOYERS["ville-a"])
    for deadline in CLOSES_AT:
        site.offer(slug_of(deadline), title=title_of(deadline), published="2026-01-01",
                   deadline=deadline, categories="[B]", filiere="technique")
    built: dict[tuple, Built] = {}

    def build(today: str | None = None, epoch: int | None = None) -> Built:
        key = (today, epoch)
        if key not in built:
            with pytest.MonkeyPatch.context() as mp:
                mp.delenv("SOURCE_DATE_EPOCH", raising=False)
                if epoch is not None:
                    mp.setenv("SOURCE_DATE_EPOCH", str(epoch))
                site.out = root / f"site-{today}-{epoch}"
                built[key] = Built(root, site.out, site.build(today))
        return built[key]

    return build


DAYS = [("the day before", -1, True), ("the day of", 0, True), ("the day after", 1, False)]
CASES = [pytest.param(deadline, offset, is_open, id=f"{deadline} {NAMES[deadline]}, {when}")
         for deadline in CLOSES_AT for when, offset, is_open in DAYS]


def shifted(deadline: str, days: int) -> str:
    return (date.fromisoformat(deadline) + timedelta(days=days)).isoformat()


@pytest.mark.parametrize("deadline, offset, is_open", CASES)
def test_an_offer_is_in_the_open_lists_through_its_deadline_then_only_in_the_archives(
        deadline_site, deadline, offset, is_open):
    site = deadline_site(shifted(deadline, offset))
    places = site.where(deadline)
    assert places == expected_places(is_open, places)


@pytest.mark.parametrize("deadline, offset, is_open", CASES)
def test_the_offer_page_has_markup_ending_with_its_day_in_paris_while_open(
        deadline_site, deadline, offset, is_open):
    site = deadline_site(shifted(deadline, offset))
    page = site.html(f"offres/{slug_of(deadline)}/index.html")
    postings = jsonld_of(page)
    robots = page.find("meta", attrs={"name": "robots"})
    closed_banner = [b for b in page.select(".banner-closed") if not b.has_attr("hidden")]
    if is_open:
        assert [p["validThrough"] for p in postings] == [CLOSES_AT[deadline]]
        # The page's script closes the offer at the same second; so do the open data.
        assert page.select_one("[data-closes-at]")["data-closes-at"] == CLOSES_AT[deadline]
        assert site.open_data[slug_of(deadline)]["closes_at"] == CLOSES_AT[deadline]
        assert robots is None and closed_banner == []
        assert page.select_one(".apply-ways a[href^='mailto:drh@aulnoy.example?subject=']") is not None
    else:
        assert postings == []
        assert robots["content"] == "noindex"
        assert len(closed_banner) == 1
        assert "Candidatures closes." in closed_banner[0].get_text()
        # No way to apply is offered any more, and no script would reopen it.
        assert page.select_one("[data-closes-at]") is None
        assert page.select_one(".apply-ways") is None and page.select("a[href^='mailto:']") == []


def epoch(utc: str) -> int:
    return int(datetime.fromisoformat(utc).replace(tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize("utc, paris_day, deadline, is_open", [
    ("2026-03-29T21:30:00", "2026-03-29", "2026-03-29", True),   # 23:30 CEST on the 29th
    ("2026-03-29T22:30:00", "2026-03-30", "2026-03-29", False),  # 00:30 CEST on the 30th
    ("2026-10-25T22:30:00", "2026-10-25", "2026-10-25", True),   # 23:30 CET on the 25th
    ("2026-10-25T23:30:00", "2026-10-26", "2026-10-25", False),  # 00:30 CET on the 26th
], ids=["29 March 23:30 in Paris", "30 March 00:30 in Paris", "25 October 23:30 in Paris",
        "26 October 00:30 in Paris"])
def test_source_date_epoch_near_midnight_counts_the_day_in_paris(
        deadline_site, utc, paris_day, deadline, is_open):
    site = deadline_site(epoch=epoch(utc))
    places = site.where(deadline)
    assert places == expected_places(is_open, places)
    assert site.files() == deadline_site(paris_day).files()
