"""Aggregator-grade outputs, read with the consumers' own libraries.

feedparser for every feed, extruct for JSON-LD as crawlers extract it, an
offline pyld expansion with the schema.org context, icalendar for the
calendars, jsonschema for the open data, and the schema.org vocabulary.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import extruct
import feedparser
import icalendar
import jsonschema
import pytest
from pyld import jsonld

from jobboard.build.pipeline import build_site
from tests import schemaorg
from tests.conftest import ROOT

TODAY = date(2026, 11, 21)
FEED_FILES = ("flux.xml", "flux.atom", "flux.json")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "site"
    build_site(ROOT / "content", out, TODAY)
    return out


def offer_pages(site: Path) -> dict[str, str]:
    return {p.parent.name: p.read_text(encoding="utf-8")
            for p in sorted((site / "offres").glob("*/index.html"))}


def open_slugs(site: Path) -> set[str]:
    return {slug for slug, html in offer_pages(site).items() if 'name="robots" content="noindex"' not in html}


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def postings(html: str, url: str) -> list[dict]:
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)
    return [d for d in data["json-ld"] if d.get("@type") == "JobPosting"]


# --- JSON-LD -----------------------------------------------------------------------

def test_crawlers_find_one_jobposting_on_open_offer_pages_only(sample):
    pages = offer_pages(sample)
    opened = open_slugs(sample)
    assert len(opened) == 6 and len(pages) == 11
    for slug, html in pages.items():
        found = postings(html, f"https://emplois-territoriaux-hdf.example/offres/{slug}/")
        assert len(found) == (1 if slug in opened else 0), slug
    for listing in sample.rglob("index.html"):
        if listing.parent.parent.name != "offres":
            assert postings(listing.read_text(encoding="utf-8"), "https://x.example/") == []


def test_jobposting_has_google_required_and_recommended_fields(sample):
    html = offer_pages(sample)["technicien-voirie-dunkerque"]
    (p,) = postings(html, "https://emplois-territoriaux-hdf.example/")
    for key in ("title", "description", "datePosted", "validThrough", "hiringOrganization",
                "jobLocation", "employmentType", "identifier", "baseSalary", "directApply"):
        assert key in p, key
    assert p["hiringOrganization"]["sameAs"] == "https://www.communaute-urbaine-dunkerque.fr"
    address = p["jobLocation"]["address"]
    assert {k for k in address if not k.startswith("@")} == {
        "streetAddress", "addressLocality", "postalCode", "addressRegion", "addressCountry"}
    assert address["addressCountry"] == "FR"
    assert p["validThrough"] == "2026-12-20T23:59:59+01:00"
    assert p["baseSalary"]["currency"] == "EUR"
    assert p["directApply"] is False


def test_everything_in_the_markup_is_shown_on_the_page(sample):
    from bs4 import BeautifulSoup
    for slug in open_slugs(sample):
        html = offer_pages(sample)[slug]
        (p,) = postings(html, "https://x.example/")
        text = BeautifulSoup(html, "html.parser").select_one("main").get_text(" ", strip=True)
        shown = [p["title"], p["hiringOrganization"]["name"],
                 p["jobLocation"]["address"]["addressLocality"],
                 p["jobLocation"]["address"]["postalCode"]]
        shown += [v for k, v in p.get("applicationContact", {}).items()
                  if k in ("email", "telephone", "name")]
        if "identifier" in p and p["identifier"]["value"] != slug:
            shown.append(p["identifier"]["value"])
        for value in shown:
            assert value in text, (slug, value)


@pytest.mark.skipif(not schemaorg.VOCABULARY.exists(), reason="../shared/schemaorg is absent")
def test_jobposting_conforms_to_the_schemaorg_vocabulary(sample):
    for slug in sorted(open_slugs(sample)):
        (p,) = postings(offer_pages(sample)[slug], "https://x.example/")
        assert schemaorg.problems(p) == [], slug


@pytest.mark.skipif(not schemaorg.VOCABULARY.exists(), reason="../shared/schemaorg is absent")
def test_the_vocabulary_check_catches_mistakes():
    bad = {"@type": "JobPosting", "titel": "x", "datePosted": "21/11/2026",
           "hiringOrganization": {"@type": "Place", "name": "x"}, "directApply": "yes"}
    found = schemaorg.problems(bad)
    assert "$.titel: no such schema.org property" in found
    assert any(f.startswith("$.datePosted:") for f in found)
    assert any(f.startswith("$.hiringOrganization: a Place is not in the range") for f in found)
    assert any(f.startswith("$.directApply:") for f in found)


@pytest.mark.skipif(not schemaorg.CONTEXT.exists(), reason="../shared/schemaorg is absent")
def test_offline_jsonld_expansion_keeps_every_property(sample):
    context = json.loads(schemaorg.CONTEXT.read_text(encoding="utf-8"))

    def loader(url, options=None):
        assert "schema.org" in url, url  # nothing else may be fetched
        return {"contextUrl": None, "documentUrl": url, "document": context}

    for slug in sorted(open_slugs(sample)):
        (p,) = postings(offer_pages(sample)[slug], "https://x.example/")
        (expanded,) = jsonld.expand(p, {"documentLoader": loader})
        assert expanded["@type"] == ["http://schema.org/JobPosting"]
        kept = {k.rsplit("/", 1)[1] for k in expanded if not k.startswith("@")}
        assert kept == {k for k in p if not k.startswith("@")}, slug


# --- Feeds -------------------------------------------------------------------------

def all_feeds(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("flux.*"))


# JSON Feed 1.1 (https://jsonfeed.org/version/1.1): what the spec requires. The latest
# feedparser release (6.0.14) does not read JSON Feed, so the spec is checked here.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"}, "home_page_url": {"type": "string", "format": "uri"},
        "feed_url": {"type": "string", "format": "uri"}, "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object"}},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string"}, "url": {"type": "string", "format": "uri"},
                "title": {"type": "string"}, "content_html": {"type": "string"},
                "summary": {"type": "string"},
                "date_published": {"type": "string", "format": "date-time"},
                "date_modified": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "authors": {"type": "array", "items": {"type": "object"}}}}},
    },
}


def feed_links(path: Path) -> list[str]:
    """The item links of a feed, read as a consumer reads it."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
        return [item["url"] for item in data["items"]]
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    assert parsed.version == ("rss20" if path.suffix == ".xml" else "atom10"), path
    return [entry.link for entry in parsed.entries]


def test_every_feed_is_valid_and_holds_open_offers_only(sample):
    opened = open_slugs(sample)
    feeds = all_feeds(sample)
    # the site, 5 employers and every taxonomy term, three formats each
    assert len(feeds) % 3 == 0 and len(feeds) >= 3 * 20
    for path in feeds:
        for link in feed_links(path):
            assert slug_of(link) in opened, (path, link)


def test_the_three_formats_of_a_feed_have_the_same_items(sample):
    for rss in sample.rglob("flux.xml"):
        links = [feed_links(rss.parent / name) for name in FEED_FILES]
        assert links[0] == links[1] == links[2], rss
    assert len(feed_links(sample / "flux.json")) == 6


def test_rss_items_follow_the_best_practices(sample):
    parsed = feedparser.parse((sample / "flux.xml").read_bytes())
    assert parsed.version == "rss20"
    assert len(parsed.entries) == 6
    feed_self = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert feed_self == ["https://emplois-territoriaux-hdf.example/flux.xml"]
    entry = next(e for e in parsed.entries if "technicien-voirie" in e.link)
    assert entry.id == entry.link  # guid, a permalink
    assert entry.published == "Fri, 13 Nov 2026 00:00:00 +0100"
    assert {t.term for t in entry.tags} >= {"Catégorie B", "Technique",
                                            "Communauté urbaine de Dunkerque"}
    assert "Postuler" in entry.content[0].value  # the full offer
    root = ET.parse(sample / "flux.xml").getroot()
    for pub in root.iter("pubDate"):  # RFC 822
        datetime.strptime(pub.text, "%a, %d %b %Y %H:%M:%S %z")


def test_atom_and_json_feed_details(sample):
    atom = feedparser.parse((sample / "flux.atom").read_bytes())
    entry = next(e for e in atom.entries if "technicien-voirie" in e.link)
    assert entry.published == "2026-11-13T00:00:00+01:00"
    assert "Postuler" in entry.content[0].value
    data = json.loads((sample / "flux.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "https://emplois-territoriaux-hdf.example/flux.json"
    assert all(item["content_html"] and item["id"] == item["url"] for item in data["items"])


def test_a_closed_offer_leaks_into_no_feed_of_any_term(fixture_site):
    fixture_site.offer("ouverte", deadline="2026-03-01", categories="[A, B]",
                       extra="themes: [Cité éducative]\n")
    fixture_site.offer("close", deadline="2026-01-20", categories="[A, B]",
                       extra="themes: [Cité éducative]\n")
    assert fixture_site.build("2026-02-01") == 0
    out = fixture_site.out
    for rel in ["", "employeurs/ville-a/", "categories/a/", "categories/b/",
                "filieres/administrative/", "communes/aulnoy-lez-valenciennes/",
                "themes/cite-educative/"]:
        for name in FEED_FILES:
            text = (out / rel / name).read_text(encoding="utf-8")
            assert "offres/ouverte/" in text and "offres/close/" not in text, rel + name
        if (out / rel / "echeances.ics").exists():
            assert "close@" not in (out / rel / "echeances.ics").read_text()
    for name in ("indeed.xml", "offres.json", "offres.csv", "echeances.ics", "sitemap.xml"):
        assert "offres/close/" not in (out / name).read_text(encoding="utf-8"), name
        assert "offres/ouverte/" in (out / name).read_text(encoding="utf-8"), name


# --- Indeed job feed -----------------------------------------------------------------

def test_indeed_feed_lists_every_open_offer_with_its_fields(sample):
    root = ET.parse(sample / "indeed.xml").getroot()
    assert root.tag == "source"
    for tag in ("publisher", "publisherurl", "lastBuildDate"):
        assert root.findtext(tag)
    jobs = root.findall("job")
    assert {slug_of(j.findtext("url")) for j in jobs} == open_slugs(sample)
    for job in jobs:
        for tag in ("title", "date", "referencenumber", "requisitionid", "url", "company", "city",
                    "state", "country", "postalcode", "description", "jobtype", "category",
                    "expirationdate"):
            assert job.findtext(tag), (job.findtext("url"), tag)
    job = next(j for j in jobs if "technicien-voirie" in j.findtext("url"))
    assert job.findtext("country") == "FR" and job.findtext("postalcode") == "59140"
    assert "2\u202f100" in job.findtext("salary")
    assert job.findtext("expirationdate") == "Sun, 20 Dec 2026 23:59:59 +0100"
    assert "<![CDATA[" in (sample / "indeed.xml").read_text(encoding="utf-8")


# --- Open data -----------------------------------------------------------------------

def test_offres_json_follows_its_published_schema(sample):
    data = json.loads((sample / "offres.json").read_text(encoding="utf-8"))
    schema = json.loads((sample / "offres.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["count"] == 6 and {o["id"] for o in data["offers"]} == open_slugs(sample)
    anzin = next(o for o in data["offers"] if o["id"] == "animateur-periscolaire-anzin")
    assert anzin["working_time"] == "part-time" and anzin["weekly_hours"] == 24
    assert anzin["employment_type"] == "temporary"


def test_offres_csv_has_one_row_per_open_offer(sample):
    rows = list(csv.DictReader(io.StringIO((sample / "offres.csv").read_text(encoding="utf-8"))))
    assert {r["id"] for r in rows} == open_slugs(sample)
    row = next(r for r in rows if r["id"] == "technicien-voirie-dunkerque")
    assert row["categories"] == "B" and row["pay_min"] == "2100" and row["pay_unit"] == "month"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(fixture_site):
    fixture_site.offer("x", title='=HYPERLINK("http://evil.example","Cliquez")',
                       extra='service: "+33 SUM(A1)"\nthemes: ["@cmd", "-2+3"]\n')
    assert fixture_site.build("2026-02-01") == 0
    (row,) = csv.DictReader(io.StringIO(fixture_site.read("offres.csv")))
    assert row["title"] == "'=HYPERLINK(\"http://evil.example\",\"Cliquez\")"
    assert row["service"] == "'+33 SUM(A1)"
    assert row["themes"] == "'@cmd; -2+3"


# --- Calendars -----------------------------------------------------------------------

def test_deadline_calendars_import(sample):
    cal = icalendar.Calendar.from_ical((sample / "echeances.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert {str(e["UID"]).split("@")[0] for e in events} == open_slugs(sample)
    voirie = next(e for e in events if str(e["UID"]).startswith("technicien-voirie"))
    assert voirie.decoded("DTSTART") == date(2026, 12, 20)
    assert voirie.decoded("DTEND") == date(2026, 12, 21)
    assert str(voirie["SUMMARY"]).startswith("Date limite : Technicien voirie")
    raw = (sample / "echeances.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    per_employer = icalendar.Calendar.from_ical(
        (sample / "employeurs/ville-de-valenciennes/echeances.ics").read_bytes())
    assert len(per_employer.walk("VEVENT")) == 2


# --- Sitemap ---------------------------------------------------------------------------

def test_sitemap_lastmod_is_the_offers_last_change(fixture_site):
    fixture_site.offer("x", deadline="2026-03-01", extra="updated: 2026-01-20\n")
    assert fixture_site.build("2026-02-01") == 0
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(fixture_site.read("sitemap.xml"))
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    assert lastmod["https://emplois.example/offres/x/"] == "2026-01-20"
