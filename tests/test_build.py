"""End-to-end builds of small fixture sites: pages, order, feeds, JSON-LD, CLI."""

from __future__ import annotations

import html
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import quote

from tests.conftest import ROOT, jsonld_of, titles

ATOM = "{http://www.w3.org/2005/Atom}"


def three_offers(site):
    site.offer("soon", title="Agent d'accueil", deadline="2026-02-05", categories="[C]")
    site.offer("later", title="Technicien voirie", deadline="2026-03-01", categories="[B]",
               filiere="technique", employers="[ville-b]")
    site.offer("closed", title="Ancien poste", deadline="2026-01-20", categories="[A, B]")


def test_a_card_without_logo_shows_the_employers_monogram(fixture_site):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    monograms = [m.get_text() for m in fixture_site.html("index.html").select(".monogram")]
    assert monograms == ["A", "B"]  # Ville d'Aulnoy, Ville de Béthune


def test_home_lists_open_offers_by_deadline_with_count_and_closing_soon_mark(fixture_site):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    home = fixture_site.html("index.html")
    assert titles(home) == ["Agent d'accueil", "Technicien voirie"]
    assert "2 offres ouvertes" in home.select_one(".lead").get_text()
    cards = home.select(".offer-card")
    assert cards[0].select_one(".badge-soon").get_text(strip=True) == "Clôture proche"
    # The date, and where theme/jours.js writes the days left from the visitor's clock:
    # no day count in the page, which would be stale the next day.
    assert cards[0].select_one(".offer-deadline").get_text(" ", strip=True) \
        == "Candidatures jusqu'au 5 février 2026"
    assert cards[0].select_one(".offer-deadline time")["datetime"] == "2026-02-05"
    days = cards[0].select_one(".days-left")
    assert days["data-deadline-end"] == "2026-02-05T23:59:59+01:00" and days.get_text() == ""
    assert cards[1].select_one(".badge-soon") is None
    first = cards[0].get_text(" ", strip=True)
    for fact in ("Ville d'Aulnoy", "Aulnoy-lez-Valenciennes", "Catégorie C", "5 février 2026"):
        assert fact in first


def test_offer_page_shows_the_whole_offer_and_jsonld(fixture_site):
    fixture_site.offer("agent", extra="""\
reference: RH-2026-04
start: Dès que possible
cadres: [Adjoints administratifs territoriaux]
working_time:
  type: part-time
  weekly_hours: 17.5
pay:
  min: 1800
  max: 2000
  unit: month
contacts:
  - name: Jeanne Martin
    role: Responsable RH
    phone: 03 27 00 00 00
""")
    assert fixture_site.build("2026-02-01") == 0
    page = fixture_site.html("offres/agent/index.html")
    assert page.h1.get_text() == "Agent d'accueil (F/H)"
    facts = {dt.get_text(strip=True): dd.get_text(" ", strip=True)
             for dt, dd in zip(page.select(".facts dt"), page.select(".facts dd"))}
    assert facts["Temps de travail"] == "Temps non complet, 17 h 30 par semaine"
    assert facts["Rémunération"] == "de 1\u202f800\u00a0€ à 2\u202f000\u00a0€ brut par mois"
    assert facts["Prise de poste"] == "Dès que possible"
    assert facts["Date limite de candidature"] == "10 février 2026"  # days left: jours.js
    assert page.select_one(".fact-date-limite .days-left")["data-deadline-end"] \
        == "2026-02-10T23:59:59+01:00"
    assert facts["Référence"] == "RH-2026-04"
    apply = page.select_one(".apply").get_text(" ", strip=True)
    assert "drh@aulnoy.example" in apply and "RH-2026-04" in apply
    # A real action: the mail opens with the title and the reference in its subject,
    # in the apply card at the top and in the apply section; the date is said once.
    mailto = "mailto:drh@aulnoy.example?subject=" + quote(
        "Candidature : Agent d'accueil (F/H) (réf. RH-2026-04)", safe="")
    assert [a.get_text() for a in page.select(f"a[href='{mailto}']")] == \
        ["Postuler par courriel"] * 2
    assert "10 février 2026" not in apply
    assert "Jeanne Martin" in page.select_one(".contacts").get_text()
    assert page.select_one(".offer-body h2").get_text() == "Missions"
    assert page.find("meta", attrs={"name": "robots"}) is None

    (posting,) = jsonld_of(page)
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Agent d'accueil (F/H)"
    assert posting["datePosted"] == "2026-01-05"
    assert posting["validThrough"] == "2026-02-10T23:59:59+01:00"
    assert posting["employmentType"] == ["PART_TIME"]
    assert posting["identifier"] == {"@type": "PropertyValue", "name": "Ville d'Aulnoy",
                                     "value": "RH-2026-04"}
    assert posting["hiringOrganization"]["name"] == "Ville d'Aulnoy"
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "1 place de la Mairie",
        "addressLocality": "Aulnoy-lez-Valenciennes", "postalCode": "59300",
        "addressRegion": "Hauts-de-France", "addressCountry": "FR"}
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "MONTH",
                                              "minValue": 1800, "maxValue": 2000}
    assert "<h2>Missions</h2>" in posting["description"]


def test_summer_deadline_uses_the_summer_offset(fixture_site):
    fixture_site.offer("ete", deadline="2026-07-14")
    assert fixture_site.build("2026-07-01") == 0
    (posting,) = jsonld_of(fixture_site.html("offres/ete/index.html"))
    assert posting["validThrough"] == "2026-07-14T23:59:59+02:00"


def test_closed_offer_keeps_its_page_with_a_banner_and_no_markup(fixture_site):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    page = fixture_site.html("offres/closed/index.html")
    assert "Candidatures closes." in page.select_one(".banner-closed").get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert jsonld_of(page) == []
    assert titles(fixture_site.html("archives/index.html")) == ["Ancien poste"]


def test_taxonomy_pages_list_open_offers_of_each_term(fixture_site):
    three_offers(fixture_site)
    fixture_site.offer("ab", title="Chargé de mission", deadline="2026-02-20", categories="[A, B]",
                       extra="themes: [Cité éducative]\n")
    assert fixture_site.build("2026-02-01") == 0
    assert titles(fixture_site.html("categories/b/index.html")) == ["Chargé de mission",
                                                                    "Technicien voirie"]
    assert titles(fixture_site.html("categories/a/index.html")) == ["Chargé de mission"]
    assert titles(fixture_site.html("filieres/technique/index.html")) == ["Technicien voirie"]
    assert titles(fixture_site.html("communes/bethune/index.html")) == ["Technicien voirie"]
    assert titles(fixture_site.html("themes/cite-educative/index.html")) == ["Chargé de mission"]
    cats = fixture_site.html("categories/index.html").select(".term-list a")
    assert [a.get_text() for a in cats] == ["Catégorie A", "Catégorie B", "Catégorie C"]


def test_employer_pages(fixture_site):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    page = fixture_site.html("employeurs/ville-a/index.html")
    assert page.h1.get_text() == "Ville d'Aulnoy"
    sections = [h.get_text() for h in page.find_all("h2")]
    assert sections == ["Offres ouvertes (1)", "Offres closes"]
    assert titles(page) == ["Agent d'accueil", "Ancien poste"]
    names = [a.get_text() for a in fixture_site.html("employeurs/index.html").select(".term-list a")]
    assert names == ["Ville d'Aulnoy", "Ville de Béthune"]


def test_feeds_hold_open_offers_only_and_are_linked_from_their_pages(fixture_site):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    feeds = sorted(p for p in fixture_site.files() if p.endswith("flux.xml"))
    assert "flux.xml" in feeds and "employeurs/ville-a/flux.xml" in feeds
    assert "categories/a/flux.xml" in feeds  # a term whose only offer is closed
    for path in feeds:
        channel = ET.fromstring(fixture_site.read(path)).find("channel")
        links = [i.findtext("link") for i in channel.findall("item")]
        assert not any("offres/closed" in link for link in links), path
        self_link = channel.find(f"{ATOM}link")
        assert self_link.get("href") == f"https://emplois.example/{path}"
        page = fixture_site.html(path.replace("flux.xml", "index.html"))
        alternates = {link["type"]: link["href"] for link in page.find_all("link", rel="alternate")}
        assert alternates["application/rss+xml"] == "/" + path
        assert alternates["application/atom+xml"] == "/" + path.replace(".xml", ".atom")
        assert alternates["application/feed+json"] == "/" + path.replace(".xml", ".json")
    channel = ET.fromstring(fixture_site.read("flux.xml")).find("channel")
    items = channel.findall("item")
    assert [i.findtext("guid") for i in items] == ["https://emplois.example/offres/later/",
                                                   "https://emplois.example/offres/soon/"]
    assert items[0].findtext("pubDate") == "Mon, 05 Jan 2026 00:00:00 +0100"
    # An RSS description is HTML to readers: the text comes escaped for HTML.
    assert html.unescape(items[0].findtext("description")) == \
        "Ville de Béthune — Béthune — Catégorie B — candidatures jusqu'au 1er mars 2026"
    content = items[0].findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<h2>Missions</h2>" in content and "drh@aulnoy.example" in content


def test_sitemap_and_robots(fixture_site):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(fixture_site.read("sitemap.xml"))
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert "https://emplois.example/offres/soon/" in locs
    assert "https://emplois.example/offres/closed/" not in locs
    assert "https://emplois.example/404.html" not in locs
    assert "Sitemap: https://emplois.example/sitemap.xml" in fixture_site.read("robots.txt")


def test_same_content_and_day_give_byte_identical_output(fixture_site, tmp_path):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    first = fixture_site.files()
    assert fixture_site.build("2026-02-01") == 0
    assert fixture_site.files() == first


def test_source_date_epoch_sets_the_day_in_paris(fixture_site, monkeypatch):
    three_offers(fixture_site)
    # 2026-02-05 23:30 UTC is already 2026-02-06 in Paris: "soon" (deadline 5 Feb) is closed.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1770334200")
    assert fixture_site.build(None) == 0
    assert titles(fixture_site.html("index.html")) == ["Technicien voirie"]


def test_usage_errors_exit_2(fixture_site, capsys):
    assert fixture_site.build("2026-02-31") == 2
    assert "--today: found '2026-02-31', expected a date as YYYY-MM-DD" in capsys.readouterr().err
    code = fixture_site.build("2026-02-01", "--out", str(fixture_site.content))
    assert code == 2
    assert "refusing to replace a folder that holds" in capsys.readouterr().err
    assert (fixture_site.content / "site.yaml").exists()


def test_build_py_prints_a_one_line_summary(fixture_site):
    three_offers(fixture_site)
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--today", "2026-02-01"],
                         capture_output=True, text=True, cwd=fixture_site.root)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Built site: 2 open offers, 1 closed;")
    assert (fixture_site.out / "index.html").is_file()
    assert (fixture_site.out / "theme" / "style.css").is_file()


def test_employer_logo_is_copied_into_the_site_and_marked_up(fixture_site):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    (fixture_site.content / "employers" / "logos").mkdir()
    (fixture_site.content / "employers" / "logos" / "aulnoy.svg").write_bytes(svg)
    path = fixture_site.content / "employers" / "ville-a.yaml"
    path.write_text(path.read_text() + "logo: logos/aulnoy.svg\n")
    fixture_site.offer("agent")
    assert fixture_site.build("2026-02-01") == 0
    assert (fixture_site.out / "employeurs/ville-a/logo.svg").read_bytes() == svg
    img = fixture_site.html("employeurs/ville-a/index.html").select_one("img.employer-logo")
    assert img["src"] == "/employeurs/ville-a/logo.svg"
    # The logo, not a monogram, on the offer's card and page.
    card = fixture_site.html("index.html").select_one(".offer-card")
    assert card.select_one("img.emp-logo")["src"] == "/employeurs/ville-a/logo.svg"
    assert card.select_one(".monogram") is None
    page = fixture_site.html("offres/agent/index.html")
    assert page.select_one(".offer-title-row img.emp-logo")["src"] == \
        "/employeurs/ville-a/logo.svg"
    (posting,) = jsonld_of(fixture_site.html("offres/agent/index.html"))
    assert posting["hiringOrganization"]["logo"] == \
        "https://emplois.example/employeurs/ville-a/logo.svg"


def test_nav_marks_the_current_section(fixture_site):
    three_offers(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    nav = fixture_site.html("filieres/technique/index.html").select_one("nav a.current")
    assert nav.get_text() == "Filières"
    current = fixture_site.html("employeurs/index.html").select_one('nav a[aria-current="page"]')
    assert current.get_text() == "Employeurs"
