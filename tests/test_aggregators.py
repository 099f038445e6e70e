"""Aggregator-grade outputs, read with the consumers' own libraries.

feedparser for every feed, extruct for JSON-LD as crawlers extract it, an
offline pyld expansion with the schema.org context, icalendar for the
calendars, jsonschema for the open data, and the schema.org vocabulary.
"""

from __future__ import annotations

import csv
import io
import json
import re
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


# The HTML Google documents for a JobPosting description.
GOOGLE_DESCRIPTION_TAGS = {"p", "ul", "li", "br", "strong", "em",
                           "h1", "h2", "h3", "h4", "h5", "h6"}


def test_jobposting_description_is_the_full_offer_in_googles_html(sample):
    from bs4 import BeautifulSoup
    for slug in sorted(open_slugs(sample)):
        (p,) = postings(offer_pages(sample)[slug], "https://x.example/")
        soup = BeautifulSoup(p["description"], "html.parser")
        assert {t.name for t in soup.find_all(True)} <= GOOGLE_DESCRIPTION_TAGS, slug
        text = soup.get_text(" ")
        page = BeautifulSoup(offer_pages(sample)[slug], "html.parser")
        # Each fact as the page shows it (a note such as the days left is the page's own).
        facts = {}
        for dt, dd in zip(page.select(".facts dt"), page.select(".facts dd")):
            for note in dd.select(".days-left"):
                note.decompose()
            facts[dt.get_text(strip=True)] = dd.get_text(" ", strip=True)
        # catégorie, working time and hours, deadline, how to apply, the body
        stated = re.search(r"Catégories? :? ?((?:A\+|[ABC])(?: ou (?:A\+|[ABC]))*)", text)
        shown = [a.get_text().removeprefix("Catégorie ")
                 for a in page.select(".facts dd a[href*='/categories/']")]
        assert stated and stated.group(1).split(" ou ") == shown, slug
        if "Temps de travail" in facts:
            assert facts["Temps de travail"] in text, slug
        assert facts["Date limite de candidature"] in text, slug
        assert "Postuler" in text, slug
        ways = page.select_one(".apply-ways")
        for mail in ways.select("a[href^='mailto:']"):
            assert mail["href"].removeprefix("mailto:").split("?")[0] in text, slug
        for link in ways.select("a[href^='http']"):
            assert link["href"] in text, slug
        for postal in ways.select("address"):
            assert " ".join(postal.get_text().split()) in " ".join(text.split()), slug
        for contact in page.select(".contacts li"):
            assert contact.select_one("strong").get_text() in text, slug
        body = page.select_one(".offer-body").get_text(" ", strip=True)
        assert " ".join(body.split()[:12]) in " ".join(text.split()), slug


def test_every_description_states_category_hours_deadline_and_how_to_apply(fixture_site):
    fixture_site.offer("x", categories="[B, C]", deadline="2026-03-01",
                       extra="working_time:\n  type: part-time\n  weekly_hours: 17.5\n"
                             "contacts:\n  - name: Mme Dupont\n    phone: 03 27 00 00 00\n",
                       body="## Missions\n\n1. **Accueil** du *public*\n2. Voir [le site]"
                            "(https://www.aulnoy.example/emploi)\n\n> Citation\n")
    assert fixture_site.build("2026-02-01") == 0
    from tests.conftest import jsonld_of
    (p,) = jsonld_of(fixture_site.html("offres/x/index.html"))
    d = p["description"]
    for fact in ("Catégories : B ou C", "Temps non complet, 17 h 30 par semaine",
                 "1er mars 2026", "drh@aulnoy.example", "Mme Dupont", "03 27 00 00 00",
                 "<strong>Accueil</strong>", "<em>public</em>",
                 "le site (https://www.aulnoy.example/emploi)", "<p>Citation</p>"):
        assert fact in d, fact
    assert "<a " not in d and "<ol>" not in d and "<blockquote>" not in d


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


def test_channel_text_is_plain_text_in_every_feed(sample):
    description = "Les offres d'emploi des communes"
    for path in all_feeds(sample):
        raw = path.read_text(encoding="utf-8")
        head = raw.split("<item>")[0].split("<entry>")[0]  # the channel's own elements
        assert "&amp;#" not in head and "&amp;amp;" not in head, path  # never escaped twice
        if path.suffix == ".json":
            assert json.loads(raw)["description"].startswith(description), path
            continue
        parsed = feedparser.parse(raw.encode())
        text = parsed.feed.get("subtitle", "")  # RSS channel description, Atom subtitle
        assert text.startswith(description) and "<" not in text and "&" not in text, path
        assert "&" not in parsed.feed.title, path


FEED_TAXONOMIES = {"Catégorie B": "categories/", "Technique": "filieres/",
                   "Communauté urbaine de Dunkerque": "employeurs/",
                   "Dunkerque": "communes/", "Infrastructures et réseaux": None}


def test_the_three_formats_give_an_item_the_same_categories_with_their_taxonomy(sample):
    base = "https://emplois-territoriaux-hdf.example/"
    for rss in [sample / "flux.xml", sample / "communes/dunkerque/flux.xml"]:
        atom, json_feed = rss.with_suffix(".atom"), rss.with_suffix(".json")
        rss_entry, atom_entry = (next(e for e in feedparser.parse(f.read_bytes()).entries
                                      if "technicien-voirie" in e.link) for f in (rss, atom))
        item = next(i for i in json.loads(json_feed.read_text(encoding="utf-8"))["items"]
                    if "technicien-voirie" in i["url"])
        rss_tags = [(t.term, t.scheme) for t in rss_entry.tags]
        assert rss_tags == [(t.term, t.scheme) for t in atom_entry.tags]
        assert [term for term, _ in rss_tags] == item["tags"]
        found = dict(rss_tags)
        for label, taxonomy in FEED_TAXONOMIES.items():
            expected = base + taxonomy if taxonomy else "https://schema.org/occupationalCategory"
            assert found[label] == expected, (rss, label)
    # every item has its commune and, when the offer gives it, its job family
    for entry in feedparser.parse((sample / "flux.xml").read_bytes()).entries:
        schemes = {t.scheme for t in entry.tags}
        assert base + "communes/" in schemes and base + "employeurs/" in schemes, entry.link
        assert "https://schema.org/occupationalCategory" in schemes, entry.link


def test_atom_entries_changed_the_same_day_have_distinct_updated_times(fixture_site):
    for slug in ("b", "a", "c"):
        fixture_site.offer(slug, published="2026-01-05", deadline="2026-03-01")
    fixture_site.offer("d", employers="[ville-b]", published="2026-01-05", deadline="2026-03-01")
    assert fixture_site.build("2026-02-01") == 0

    def updated(rel):
        parsed = feedparser.parse(fixture_site.read(rel).encode())
        return {e.link.rsplit("/", 2)[1]: e.updated for e in parsed.entries}

    home = updated("flux.atom")
    assert sorted(home.values()) == [f"2026-01-05T00:00:0{n}+01:00" for n in range(4)]
    assert updated("employeurs/ville-a/flux.atom") == {k: home[k] for k in "abc"}
    items = json.loads(fixture_site.read("flux.json"))["items"]
    assert {i["url"].rsplit("/", 2)[1]: i["date_modified"] for i in items} == home
    assert feedparser.parse(fixture_site.read("flux.atom").encode()).feed.updated \
        == "2026-02-01T00:00:00+01:00"


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
    assert "<![CDATA[" in (sample / "indeed.xml").read_text(encoding="utf-8")


# An HTML entity or character reference: &amp; &#39; &#x27; ...
ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def test_indeed_feed_has_no_entity_and_indeed_formats(sample):
    raw = (sample / "indeed.xml").read_text(encoding="utf-8")
    root = ET.fromstring(raw)
    assert ENTITY.findall(raw) == []  # in the file, and in what an XML parser reads
    for el in root.iter():
        assert not ENTITY.search(el.text or ""), (el.tag, el.text[:80])
    jobs = {slug_of(j.findtext("url")): j for j in root.findall("job")}
    anzin = jobs["animateur-periscolaire-anzin"]
    assert "Ville d'Anzin" in anzin.findtext("description")  # a real apostrophe
    voirie = jobs["technicien-voirie-dunkerque"]
    # ISO 8601 dates; the salary as figures, currency and period
    assert voirie.findtext("date") == "2026-11-13T00:00:00+01:00"
    assert voirie.findtext("expirationdate") == "2026-12-20T23:59:59+01:00"
    assert voirie.findtext("salary") == "€2100 - €2700 per month"
    assert voirie.findtext("jobtype") == "fulltime"
    for job in jobs.values():  # no empty element: absent rather than empty
        for el in job:
            assert (el.text or "").strip(), (slug_of(job.findtext("url")), el.tag)
        date.fromisoformat(job.findtext("date")[:10])


def test_indeed_feed_leaves_out_what_an_offer_does_not_say(fixture_site):
    fixture_site.offer("vague", title="R&D <b>chef</b> &amp; ]]> fin",
                       body="Texte avec <i> et &eacute; et R&D ]]> et &#39;.\n",
                       extra="pay:\n  text: Statutaire\n")
    fixture_site.offer("precis", extra="working_time:\n  type: part-time\n"
                                       "pay:\n  min: 11.65\n  unit: hour\n")
    assert fixture_site.build("2026-02-01") == 0
    raw = fixture_site.read("indeed.xml")
    assert ENTITY.findall(raw) == []
    jobs = {slug_of(j.findtext("url")): j for j in ET.fromstring(raw).findall("job")}
    vague, precis = jobs["vague"], jobs["precis"]
    # ville-b has no street; the offers give no working time or pay figures
    for tag in ("salary", "jobtype"):
        assert vague.find(tag) is None, tag
    assert vague.find("email") is not None and vague.find("streetaddress") is not None
    assert precis.findtext("salary") == "€11.65 per hour"
    assert precis.findtext("jobtype") == "parttime"
    # "]]>" cannot end the CDATA early; the editor's text is text for an HTML reader
    assert vague.findtext("title") == "R&\u2060D <\u2060b>chef<\u2060/b> &\u2060amp; ]]> fin"
    from bs4 import BeautifulSoup
    text = BeautifulSoup(vague.findtext("description"), "html.parser").get_text()
    # Markdown decodes &eacute; and &#39; itself; raw HTML stays text
    assert "Texte avec <\u2060i> et é et R&\u2060D ]]> et '." in text
    assert BeautifulSoup(vague.findtext("description"), "html.parser").find("i") is None


def test_indeed_without_street_or_email(fixture_site):
    fixture_site.offer("x", employers="[ville-b]",
                       extra="contacts:\n  - name: Mme Dupont\n    email: rh@bethune.example\n")
    text = fixture_site.content / "offers/x.md"
    text.write_text(text.read_text().replace("apply:\n  email: drh@aulnoy.example\n",
                                             "apply:\n  url: https://www.bethune.example/\n"))
    assert fixture_site.build("2026-02-01") == 0
    (job,) = ET.fromstring(fixture_site.read("indeed.xml")).findall("job")
    assert job.find("email") is None and job.find("streetaddress") is None
    assert "<![CDATA[]]>" not in fixture_site.read("indeed.xml")


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


def test_every_calendar_parses_and_holds_a_component(fixture_site):
    fixture_site.offer("x", deadline="2026-03-01")  # ville-b has no offer at all
    assert fixture_site.build("2026-02-01") == 0
    calendars = sorted(fixture_site.out.rglob("*.ics"))
    assert len(calendars) == 3
    for path in calendars:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        assert cal.subcomponents, path  # RFC 5545 3.6: one component at least
        assert [c.name for c in cal.walk("VTIMEZONE")] == ["VTIMEZONE"], path
    empty = icalendar.Calendar.from_ical(
        (fixture_site.out / "employeurs/ville-b/echeances.ics").read_bytes())
    assert empty.walk("VEVENT") == []
    employer_page = fixture_site.read("employeurs/ville-b/index.html")
    assert "echeances.ics" in employer_page  # its address stays valid for subscribers


def event_of(fixture_site) -> icalendar.Event:
    (event,) = icalendar.Calendar.from_ical(
        (fixture_site.out / "echeances.ics").read_bytes()).walk("VEVENT")
    return event


def test_an_imported_event_updates_when_its_deadline_moves(fixture_site):
    fixture_site.offer("x", deadline="2026-03-01", extra="updated: 2026-01-10\n")
    assert fixture_site.build("2026-02-01") == 0
    first = event_of(fixture_site)
    assert first["SEQUENCE"] == 5  # days from publication (01-05) to the update (01-10)
    assert first.decoded("DTSTAMP").date() == date(2026, 1, 10)
    # the deadline moves, 'updated' untouched: the stamp changes all the same
    fixture_site.offer("x", deadline="2026-03-15", extra="updated: 2026-01-10\n")
    assert fixture_site.build("2026-02-01") == 0
    moved = event_of(fixture_site)
    assert moved.decoded("DTSTART") == date(2026, 3, 15)
    assert moved.decoded("DTSTAMP") != first.decoded("DTSTAMP")
    # an update on a later day raises the sequence
    fixture_site.offer("x", deadline="2026-03-20", extra="updated: 2026-01-20\n")
    assert fixture_site.build("2026-02-01") == 0
    later = event_of(fixture_site)
    assert later["SEQUENCE"] > moved["SEQUENCE"]
    assert later.decoded("DTSTAMP") > moved.decoded("DTSTAMP")
    # and the same content gives the same stamp: nothing comes from the clock
    assert fixture_site.build("2026-02-02") == 0
    assert event_of(fixture_site).decoded("DTSTAMP") == later.decoded("DTSTAMP")


# --- Sitemap ---------------------------------------------------------------------------

def test_sitemap_lastmod_is_the_offers_last_change(fixture_site):
    fixture_site.offer("x", deadline="2026-03-01", extra="updated: 2026-01-20\n")
    assert fixture_site.build("2026-02-01") == 0
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(fixture_site.read("sitemap.xml"))
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    assert lastmod["https://emplois.example/offres/x/"] == "2026-01-20"


def sitemap_lastmods(fixture_site) -> dict[str, str | None]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(fixture_site.read("sitemap.xml"))
    return {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
            for u in root.findall("s:url", ns)}


@pytest.mark.parametrize("today, listed", [
    ("2026-01-19", None),  # still open: listed with its last change, as any open offer
    ("2026-01-20", "2026-01-20"), ("2026-02-01", "2026-01-20"),
    ("2026-03-01", "2026-01-20"),  # the deadline its last markup announced
    ("2026-03-02", False)])
def test_an_offer_closed_early_keeps_a_recrawl_signal_in_the_sitemap(fixture_site, today,
                                                                      listed):
    fixture_site.offer("x", published="2026-01-05", deadline="2026-03-01",
                       extra="closed: 2026-01-20\n")
    fixture_site.offer("ouverte", deadline="2026-04-01")
    assert fixture_site.build(today) == 0
    lastmods = sitemap_lastmods(fixture_site)
    url = "https://emplois.example/offres/x/"
    if listed is False:
        assert url not in lastmods
    elif listed is None:
        assert lastmods[url] == "2026-01-05"
    else:
        assert lastmods[url] == listed
        page = fixture_site.html("offres/x/index.html")  # what the recrawl finds
        assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
        assert not page.find("script", type="application/ld+json")
    if listed is not None:  # closed: in no feed
        assert "offres/x/" not in fixture_site.read("flux.xml")


def test_an_offer_closed_on_the_eve_of_its_deadline_stays_14_days(fixture_site):
    fixture_site.offer("x", published="2026-01-05", deadline="2026-02-26",
                       extra="closed: 2026-02-25\n")
    fixture_site.offer("passee", published="2026-01-05", deadline="2026-02-20")
    assert fixture_site.build("2026-03-11") == 0
    lastmods = sitemap_lastmods(fixture_site)
    assert lastmods["https://emplois.example/offres/x/"] == "2026-02-25"
    assert "https://emplois.example/offres/passee/" not in lastmods  # expired, not closed
    assert fixture_site.build("2026-03-12") == 0
    assert "https://emplois.example/offres/x/" not in sitemap_lastmods(fixture_site)

