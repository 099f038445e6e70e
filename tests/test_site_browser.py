"""The public site's second version in a real browser (issue 15): cards, header and
layout, the offer page's first screen and apply action, the listing pages' filters,
no horizontal scroll, and the screenshots of every page type for the README.

Boxes are measured with Playwright's bounding_box (CSS pixels of the viewport). Every
context reads a pinned clock (noon in Paris on the build day, see PinnedBrowser), so the
days left that the pages' scripts correct from the visitor's clock are those of the build.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import test_browser
from tests.conftest import ROOT
from tests.test_browser import (
    AXE,
    PAGE_TYPES,
    SCREENSHOTS,
    TODAY,
    paris_noon,
    require,
    served,
    wait_until,
)

# test_browser.py's fixtures: one browser and one served sample site for both modules.
browser = test_browser.browser
site_url = test_browser.site_url

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
VOIRIE = "/offres/technicien-voirie-dunkerque/"  # pay stated, applications on a website
ANIMATEUR = "/offres/animateur-periscolaire-anzin/"  # part time, temporary, by email


def load_corpus():
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory):
    """300 generated offers (not written for these tests), about 110 of them open on the
    build day: six pages of cards on the home page."""
    folder = tmp_path_factory.mktemp("corpus")
    content = load_corpus().generate(folder / "content", 300)
    yield from served(content, folder / "site", TODAY)


def new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="fr-FR", **options)
    return context, context.new_page()


def box(page, selector):
    return page.locator(selector).first.bounding_box()


# --- No horizontal scroll -------------------------------------------------------------

@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_page_type_scrolls_sideways(browser, site_url, width):
    base, _ = site_url
    context, page = new_page(browser, {"width": width, "height": 800})
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        for opened in ("", "details.menu", "details.filters-box"):  # each folded part open
            # (From 56rem on the filters are always unfolded: nothing to open.)
            summary = page.locator(f"{opened} > summary") if opened and width < 896 else None
            if summary and summary.is_visible():
                summary.click()
            overflow = page.evaluate("document.documentElement.scrollWidth"
                                     " - document.documentElement.clientWidth")
            if overflow > 0:
                wide[f"{name} {opened}".strip()] = overflow
            if summary and summary.is_visible():
                summary.click()
    context.close()
    assert wide == {}


# --- Header and layout ---------------------------------------------------------------

def test_the_navigation_fits_one_row_at_1280_px(browser, site_url):
    base, _ = site_url
    context, page = new_page(browser, DESKTOP)
    for path in ("/", VOIRIE, "/recherche/"):
        page.goto(base + path)
        assert page.is_hidden("details.menu > summary")
        links = page.locator(".nav a")
        assert links.count() == 8
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
        assert len(tops) == 1, tops  # one row
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        assert box(page, ".site-header")["height"] < 80
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_a_menu_button_opens_the_navigation(browser, site_url, javascript):
    base, _ = site_url
    context, page = new_page(browser, PHONE, java_script_enabled=javascript)
    page.goto(base + "/")
    assert box(page, ".site-header")["height"] < 90  # was about 190 px: three rows of links
    assert page.is_hidden(".nav a >> nth=0")
    button = page.locator("details.menu > summary")
    assert button.inner_text() == "Menu"
    button.click()
    links = page.locator(".nav a")
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    page.click(".nav a:has-text('Archives')")
    assert urlsplit(page.url).path == "/archives/"
    context.close()


def test_desktop_pages_use_the_width(browser, site_url):
    base, _ = site_url
    context, page = new_page(browser, DESKTOP)
    page.goto(base + "/")
    filters, results = box(page, "#filtres"), box(page, "#offres")
    assert filters["x"] + filters["width"] <= results["x"]  # filters beside the results
    assert abs(filters["y"] - results["y"]) < 120
    cards = [page.locator("#offres > li").nth(i).bounding_box() for i in range(2)]
    assert cards[0]["y"] == cards[1]["y"]  # cards in columns
    assert results["x"] + results["width"] > 1200

    page.goto(base + VOIRIE)
    aside, body = box(page, ".offer-aside"), box(page, ".offer-body")
    assert aside["x"] >= body["x"] + body["width"]  # facts and apply card beside the text
    assert page.is_visible(".apply-card a.button")
    page.evaluate("window.scrollTo(0, document.querySelector('#statut').offsetTop)")
    aside = box(page, ".offer-aside")
    assert 0 <= aside["y"] < 100 and page.is_visible(".apply-card a.button")  # kept in view
    context.close()


def test_print_keeps_the_offer_its_facts_and_how_to_apply(browser, site_url):
    base, _ = site_url
    context, page = new_page(browser, DESKTOP)
    page.goto(base + VOIRIE)
    page.emulate_media(media="print")
    assert page.is_hidden(".menu") and page.is_hidden(".apply-card") and page.is_hidden(".share")
    assert page.is_visible(".key-facts") and page.is_visible("#postuler")
    assert page.evaluate("getComputedStyle(document.querySelector('.offer')).display") == "block"
    page.goto(base + "/")
    assert page.is_hidden("#filtres") and page.is_visible("#offres")
    context.close()


# --- Offer page ------------------------------------------------------------------------

@pytest.mark.parametrize("path, facts", [
    (VOIRIE, {"Employeur": "Communauté urbaine de Dunkerque",
              "Lieu de travail": "Hôtel communautaire, Pertuis de la Marine, 59140 Dunkerque",
              "Catégorie": "Catégorie B", "Type d'emploi": "Emploi permanent",
              "Temps de travail": "Temps complet, 37 h par semaine",
              "Rémunération": "de 2\u202f100\u00a0€ à 2\u202f700\u00a0€ brut par mois",
              "Date limite de candidature": "20 décembre 2026 clôture dans 29 jours",
              "Prise de poste": "1er février 2027"}),
    (ANIMATEUR, {"Type d'emploi": "Emploi non permanent (10 mois)",
                 "Temps de travail": "Temps non complet, 24 h par semaine",
                 "Date limite de candidature": "25 novembre 2026 clôture dans 4 jours"}),
])
def test_the_decisive_facts_are_in_the_first_screen_of_a_phone(browser, site_url, path, facts):
    base, _ = site_url
    context, page = new_page(browser, PHONE)
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    block = box(page, ".key-facts")
    assert block["y"] + block["height"] <= PHONE["height"]
    shown = dict(zip(page.locator(".key-facts dt").all_inner_texts(),
                     [" ".join(t.split()) for t in page.locator(".key-facts dd").all_inner_texts()]))
    labels = {k.lower(): v for k, v in shown.items()}  # dt is shown in capitals
    for label, value in facts.items():
        assert labels[label.lower()] == " ".join(value.split()), label
    # The statutory details come after the description, in their own section.
    assert box(page, "#statut")["y"] > box(page, ".offer-body")["y"]
    statut = page.inner_text("section[aria-labelledby=statut]")
    assert "Filière" in statut and "Cadre" in statut
    assert "Cadre" not in page.inner_text(".key-facts")
    context.close()


def test_the_apply_action_says_what_it_does_and_is_in_the_first_screen(browser, site_url):
    base, _ = site_url
    context, page = new_page(browser, PHONE)
    page.goto(base + ANIMATEUR)
    button = page.locator(".apply-card a.button").first
    assert button.inner_text() == "Postuler par courriel"
    b = button.bounding_box()
    assert b["y"] + b["height"] <= PHONE["height"]
    href = button.get_attribute("href")
    address, query = href.removeprefix("mailto:").split("?")
    assert address == "drh@ville-anzin.fr"
    subject = parse_qs(query)["subject"][0]
    assert subject.startswith("Candidature : Animateur périscolaire (F/H)")
    page.goto(base + VOIRIE)
    button = page.locator(".apply-card a.button").first
    assert button.inner_text() == "Postuler sur le site de l'employeur"
    assert button.get_attribute("href") == "https://www.communaute-urbaine-dunkerque.fr/"
    assert "CV" in page.inner_text("#postuler ~ ul, .apply")  # the documents to send
    # The deadline is said once by the page (the editor's text may say it again).
    generated = page.evaluate("""() => document.querySelector('main').innerText
        .split(document.querySelector('.offer-body').innerText).join('')""")
    assert generated.count("20 décembre 2026") == 1
    context.close()


# --- Cards -------------------------------------------------------------------------------

def card(page, title):
    return page.locator(".offer-card", has=page.locator(f".offer-title a:text-is('{title}')"))


def chips(page, title):
    return card(page, title).locator(".offer-meta li").all_inner_texts()


def test_cards_show_what_job_seekers_sort_offers_by(browser, site_url):
    base, _ = site_url
    context, page = new_page(browser, PHONE)
    page.goto(base + "/")
    assert chips(page, "Technicien voirie et espaces publics (F/H)") == [
        "Dunkerque", "Catégorie B", "Emploi permanent", "Temps complet",
        "de 2\u202f100\u00a0€ à 2\u202f700\u00a0€ brut par mois"]
    assert chips(page, "Animateur périscolaire (F/H) – 24 h") == [
        "Anzin", "Catégorie C", "Emploi non permanent (10 mois)",
        "Temps non complet, 24 h/semaine"]
    animateur = card(page, "Animateur périscolaire (F/H) – 24 h")
    assert animateur.locator(".monogram").inner_text() == "A"  # Ville d'Anzin, no logo
    assert animateur.locator(".badge").all_inner_texts() == ["Clôture proche"]
    # The days left, written by theme/jours.js, in brackets drawn by the style sheet.
    assert "25 novembre 2026 clôture dans 4 jours" in animateur.inner_text()
    days = animateur.locator(".days-left")
    assert days.evaluate("n => getComputedStyle(n, '::before').content + "
                         "getComputedStyle(n, '::after').content") == '"("")"'
    new = card(page, "Auxiliaire de puériculture en crèche (F/H)")  # published 5 days ago
    assert new.locator(".badge").all_inner_texts() == ["Nouveau"]
    # No separator starts a wrapped line: the facts are chips, each whole on its line.
    for meta in page.locator(".offer-meta").all():
        assert "·" not in meta.inner_text()
        row = meta.bounding_box()
        for li in meta.locator("li").all():
            b = li.bounding_box()
            assert b["x"] >= row["x"] and b["x"] + b["width"] <= row["x"] + row["width"] + 0.5
    context.close()


def test_days_left_and_marks_follow_the_visitors_clock_not_the_build(browser, site_url):
    """The same pages, read two and five days after the build."""
    base, root = site_url
    html = (root / "index.html").read_text(encoding="utf-8")
    # The build writes no day count (it would be stale the next day), only the date.
    assert "clôture dans" not in html and "25 novembre 2026</time>" in html
    context = browser.new_context(viewport=PHONE, now=paris_noon(TODAY.replace(day=23)))
    page = context.new_page()
    page.goto(base + "/")
    animateur = card(page, "Animateur périscolaire (F/H) – 24 h")
    assert animateur.locator(".days-left").inner_text() == "clôture dans 2 jours"
    auxiliaire = card(page, "Auxiliaire de puériculture en crèche (F/H)")
    assert auxiliaire.locator(".badge-new").is_hidden()  # published on the 16th: 7 days
    page.goto(base + ANIMATEUR)
    assert page.inner_text(".key-facts .days-left") == "clôture dans 2 jours"
    context.clock.set_fixed_time(paris_noon(TODAY.replace(day=26)))
    page.goto(base + "/")
    animateur = card(page, "Animateur périscolaire (F/H) – 24 h")
    assert animateur.locator(".days-left").inner_text() == "candidatures closes"
    assert "is-closed" in animateur.get_attribute("class")
    context.close()


def test_without_a_script_cards_and_offer_pages_keep_the_deadline_date(browser, site_url):
    base, _ = site_url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False,
                                  now=paris_noon(TODAY))
    page = context.new_page()
    page.goto(base + "/")
    animateur = card(page, "Animateur périscolaire (F/H) – 24 h")
    deadline = animateur.locator(".offer-deadline")
    assert deadline.inner_text().strip() == "Candidatures jusqu'au 25 novembre 2026"
    assert deadline.locator(".days-left").evaluate(  # no empty brackets
        "n => getComputedStyle(n, '::before').content") == "none"
    page.goto(base + ANIMATEUR)
    assert page.inner_text(".key-facts .fact-date-limite dd").strip() == "25 novembre 2026"
    context.close()


# --- Filters on listing pages --------------------------------------------------------------

def records(root, path="recherche/offres.json"):
    return json.loads((root / path).read_text(encoding="utf-8"))["offers"]


def status(page) -> str:
    return page.inner_text("#liste-statut")


def toggle(page, value):
    return page.locator(f"#filtres .facet-toggle[data-v='{value}']")


def choose(page, value):
    """Click an option as a visitor would, unfolding its filter first if need be."""
    option = toggle(page, value)
    if not option.is_visible():
        option.locator("xpath=ancestor::details[1]/summary").click()
    option.click()


def shown_urls(page):
    return [urlsplit(h).path for h in
            page.locator("#offres > li .offer-title a").evaluate_all("a => a.map(x => x.href)")]


def test_filters_narrow_the_whole_list_in_place_and_live_in_the_url(browser, corpus_url):
    base, root = corpus_url
    offers = records(root)
    assert len(offers) > 100  # several pages of 20 cards
    context, page = new_page(browser, DESKTOP)
    page.goto(base + "/")
    assert page.locator("#offres > li").count() == 20 and page.is_visible(".pagination")
    first_page = shown_urls(page)

    choose(page, "Catégorie B")
    expected = [o["url"] for o in offers if "Catégorie B" in o["f"]["categorie"]]
    wait_until(page, f"document.getElementById('liste-statut').textContent"
                     f".startsWith('{len(expected)} offres')")
    assert toggle(page, "Catégorie B").get_attribute("aria-pressed") == "true"
    assert "à ces filtres (Catégorie B)" in status(page)  # said, as the panel may be folded
    assert shown_urls(page) == expected[:20]  # across all pages, deadline order kept
    assert page.is_hidden(".pagination")
    assert parse_qs(urlsplit(page.url).query) == {"categorie": ["Catégorie B"]}
    # Counts follow: within the catégorie, options add up; in other filters they narrow.
    full_time = sum(1 for o in offers if "Catégorie B" in o["f"]["categorie"]
                    and "Temps complet" in o["f"]["temps"])
    assert toggle(page, "Temps complet").locator(".count").text_content() == f"({full_time})"

    choose(page, "Temps complet")
    wait_until(page, f"document.getElementById('liste-statut').textContent"
                     f".startsWith('{full_time} offres')")
    page.select_option("#tri", "recent")
    wait_until(page, "location.search.includes('tri=recent')")
    assert "(Catégorie B, Temps complet), les plus récentes en premier" in status(page)
    assert len(shown_urls(page)) == min(full_time, 20)
    by_url = {o["url"]: o["published"] for o in offers}
    shown = [by_url[u] for u in shown_urls(page)]
    assert shown == sorted(shown, reverse=True)  # newest first

    if full_time > 20:
        page.click("button.more")
        wait_until(page, f"document.querySelectorAll('#offres > li').length === "
                         f"{min(full_time, 40)}")

    shared = page.url  # the same choice from a shared link
    other = context.new_page()
    other.goto(shared)
    wait_until(other, f"document.getElementById('liste-statut').textContent"
                      f".startsWith('{full_time} offres')")
    assert other.locator("#filtres .facet-toggle[aria-pressed=true]").evaluate_all(
        "ts => ts.map(t => t.dataset.v)") == ["Catégorie B", "Temps complet"]
    assert other.input_value("#tri") == "recent"

    page.click("#filtres button[type=reset]")
    wait_until(page, "location.search === ''")
    assert shown_urls(page) == first_page and page.is_visible(".pagination")
    context.close()


def test_a_term_page_filters_only_its_own_offers(browser, corpus_url):
    base, root = corpus_url
    offers = records(root)
    context, page = new_page(browser, DESKTOP)
    page.goto(base + "/filieres/technique/")
    technique = [o for o in offers if o["f"]["filiere"] == ["Technique"]]
    value = next(v for v in ("Temps non complet", "Temps complet")
                 if toggle(page, v).count())
    choose(page, value)
    expected = [o["url"] for o in technique if value in o["f"]["temps"]]
    wait_until(page, f"document.getElementById('liste-statut').textContent"
                     f".startsWith('{len(expected)} offre')")
    assert shown_urls(page) == expected[:20]
    context.close()


def test_the_archives_filter_closed_offers(browser, corpus_url):
    base, root = corpus_url
    closed = records(root, "archives/offres.json")
    context, page = new_page(browser, DESKTOP)
    page.goto(base + "/archives/")
    choose(page, "Catégorie C")
    expected = [o["url"] for o in closed if "Catégorie C" in o["f"]["categorie"]]
    wait_until(page, f"document.getElementById('liste-statut').textContent"
                     f".startsWith('{len(expected)} offres')")
    assert shown_urls(page) == expected[:20]
    assert all("Candidatures closes" in t or "Offre close" in t
               for t in page.locator("#offres .offer-deadline").all_inner_texts())
    context.close()


def test_a_closed_offers_page_shows_open_offers_of_its_employer_then_of_its_filiere(
        browser, corpus_url):
    """A closed offer's page names no open offer itself (the daily build would render
    every closed offer's page again as offers close): its script draws them from the
    search's records, as the build lists them on an open offer's page, above the links
    to the employer's and the filière's pages that are all a page without script has."""
    base, root = corpus_url
    open_, closed = records(root, "recherche/offres.json"), records(root, "archives/offres.json")

    def employers(o):
        return set(o["f"]["employeur"])
    offer = next(o for o in closed if any(employers(o) & employers(p) for p in open_))
    same_employer = [p["url"] for p in open_ if employers(p) & employers(offer)][:4]
    same_filiere = [p["url"] for p in open_ if p["f"]["filiere"] == offer["f"]["filiere"]
                    and p["url"] not in same_employer][:4]
    context, page = new_page(browser, PHONE)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(base + offer["url"])
    page.wait_for_load_state("networkidle")
    assert not any("offres.json" in u for u in fetched)  # not before the visitor gets near
    page.locator("[data-records]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-records] .offer-card")
    shown = page.eval_on_selector_all("[data-records] .offer-card .offer-title a",
                                      "ns => ns.map(n => n.getAttribute('href'))")
    assert shown == same_employer + same_filiere
    assert page.locator("[data-records] .related-links a").count() == len(employers(offer)) + 1
    context.close()


def test_without_javascript_the_filters_are_links_to_the_taxonomy_pages(browser, corpus_url):
    base, _ = corpus_url
    context, page = new_page(browser, DESKTOP, java_script_enabled=False)
    page.goto(base + "/")
    assert page.is_hidden("#tri")  # sorting needs the script: not offered without it
    link = page.locator("#filtres a[data-v='Technique']")
    assert link.get_attribute("href") == "/filieres/technique/"
    link.click()
    assert urlsplit(page.url).path == "/filieres/technique/"
    assert page.inner_text("h1") == "Filière : Technique"
    # Every option with a page of its own is a link; the rest reach the index pages.
    page.goto(base + "/")
    for href in page.locator("#filtres a").evaluate_all("a => a.map(x => x.pathname)"):
        assert href.split("/")[1] in ("categories", "filieres", "communes", "employeurs"), href
    more = page.locator(".facet-more a").all_text_contents()
    assert "Toutes les communes" in more  # more communes than the panel shows
    page.click(".pagination a[rel=next]")  # every offer stays reachable
    assert urlsplit(page.url).path == "/page/2/"
    context.close()


def test_the_search_page_lists_the_frequent_options_and_its_script_adds_the_others(
        browser, corpus_url):
    base, root = corpus_url
    offers = records(root)
    html = (root / "recherche" / "index.html").read_text(encoding="utf-8")
    employers = sorted({e for o in offers for e in o["f"]["employeur"]})
    assert len(employers) > 8
    rare = next(e for e in employers if f'value="{e}"' not in html)  # not in the page
    context, page = new_page(browser, DESKTOP)
    page.goto(base + "/recherche/?employeur=" + rare.replace(" ", "+"))
    expected = sum(1 for o in offers if rare in o["f"]["employeur"])
    wait_until(page, "document.getElementById('resultats-statut').textContent"
                     f".startsWith('{expected} offre')")
    box = page.locator(f"#recherche input[name=employeur][value=\"{rare}\"]")
    assert box.is_checked()  # added by the script, restored from the shared link
    assert page.locator("#recherche input[name=employeur]").count() == len(employers)
    context.close()


def test_the_panel_keeps_listing_pages_light_at_real_size(browser, corpus_url):
    base, _ = corpus_url
    context, page = new_page(browser, PHONE)
    sizes = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body()))
            if r.request.resource_type in ("document", "stylesheet", "script") else None)
    for path in ("/", "/archives/", "/employeurs/", "/filieres/technique/"):
        sizes.clear()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert 0 < sum(sizes.values()) < 50 * 1024, (path, sizes)
        assert not any("offres.json" in u for u in sizes)  # records only on first use
    context.close()


def test_every_page_of_a_300_offer_site_is_under_50_kb_with_its_style_and_scripts(corpus_url):
    """What each page loads before any use: its HTML, the style sheet and its scripts (the
    filters' records and the search index come on use)."""
    _, root = corpus_url
    heavy = {}
    for page in root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assets = re.findall(r'(?:src|href)="/(theme/[a-z]+\.(?:js|css))"', html)
        size = len(html.encode()) + sum((root / a).stat().st_size for a in assets)
        if size >= 50 * 1024:
            heavy[page.relative_to(root).as_posix()] = size
    assert heavy == {}
    assert len(list(root.rglob("*.html"))) > 300


# --- Accessibility of what the scripts draw ----------------------------------------------

@pytest.mark.parametrize("width", [320, 1280])
def test_no_axe_violations_once_filtered_sorted_and_with_the_menu_open(browser, corpus_url,
                                                                       width):
    require(AXE.exists(), "axe-core (npm, tests/browser)")
    base, _ = corpus_url
    # axe is injected as an inline script: the test tool, not the site, needs the bypass.
    context, page = new_page(browser, {"width": width, "height": 900}, bypass_csp=True)
    found = {}
    for path in ("/", "/archives/", "/employeurs/employeur-00001/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        if width < 896:
            page.click("details.filters-box > summary")
        page.locator("#filtres .facet-toggle").first.click()
        page.select_option("#tri", "recent")
        wait_until(page, "document.getElementById('liste-statut').textContent"
                         ".includes('correspond')")
        if page.is_visible("details.menu > summary"):
            page.click("details.menu > summary")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {runOnly: "
                               "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        if violations:
            found[path] = violations
        assert result["passes"]
    context.close()
    assert found == {}


# --- Screenshots ---------------------------------------------------------------------------

SHOTS = {"accueil": "/", "offre": VOIRIE,
         "offre-close": PAGE_TYPES["offre close"], "employeurs": "/employeurs/",
         "employeur": PAGE_TYPES["employeur"], "categories": "/categories/",
         "categorie": PAGE_TYPES["catégorie"], "archives": "/archives/",
         "recherche": "/recherche/", "page": "/accessibilite/", "404": "/404.html"}


@pytest.mark.parametrize("device, viewport", [("telephone", {"width": 390, "height": 844}),
                                              ("ordinateur", {"width": 1280, "height": 900})])
def test_screenshots_of_every_page_type_for_the_readme(browser, site_url, device, viewport,
                                                       tmp_path):
    """Taken by the suite's browser; JOBBOARD_SCREENSHOTS=1 writes them to docs/screenshots/."""
    base, _ = site_url
    context, page = new_page(browser, viewport)
    folder = SCREENSHOTS if os.environ.get("JOBBOARD_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in SHOTS.items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        if name == "recherche":
            wait_until(page, "document.getElementById('resultats-statut').textContent"
                             ".includes('offre')")
        shot = folder / f"{name}-{device}.png"
        page.screenshot(path=str(shot))
        assert shot.read_bytes().startswith(b"\x89PNG")
    context.close()


def test_the_readme_shows_every_screenshot():
    """The README shows every screenshot the test takes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in SHOTS:
        for device in ("telephone", "ordinateur"):
            assert f"docs/screenshots/{name}-{device}.png" in readme
