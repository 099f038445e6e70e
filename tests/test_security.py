"""Editors' text never injects markup: in pages, feeds or JSON-LD."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from tests.conftest import jsonld_of

HOSTILE_BODY = """\
## Missions

<script>alert("body")</script>

<img src=x onerror=alert(1)>

[clic](javascript:alert(1)) et [ok](https://www.example.fr/)
"""


def test_raw_html_in_markdown_is_shown_as_text(fixture_site):
    fixture_site.offer("x", body=HOSTILE_BODY)
    assert fixture_site.build("2026-02-01") == 0
    html = fixture_site.read("offres/x/index.html")
    body = html.split('<div class="offer-body">')[1].split("</div>")[0]
    assert "<script>alert" not in html and "<img" not in body  # the site's own mark aside
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<a href="https://www.example.fr/">ok</a>' in html


def test_title_cannot_break_out_of_html_or_jsonld(fixture_site):
    title = 'Agent </script><script>alert("t")</script> & <b>gras</b>'
    fixture_site.offer("x", title=title, extra="service: \"</script><!--\"\n")
    assert fixture_site.build("2026-02-01") == 0
    html = fixture_site.read("offres/x/index.html")
    # The JSON-LD element and the site's own script files, nothing else.
    assert html.count("<script") == 3
    assert html.count('<script src="/theme/offre.js" defer></script>') == 1
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    data = json.loads(html[start + len('<script type="application/ld+json">'):end])
    assert data["title"] == title
    assert "&lt;b&gt;gras&lt;/b&gt;" in html
    (posting,) = jsonld_of(fixture_site.html("offres/x/index.html"))
    assert posting["title"] == title


def test_feed_escapes_editor_text(fixture_site):
    fixture_site.offer("x", title="R&D <script>", body=HOSTILE_BODY)
    assert fixture_site.build("2026-02-01") == 0
    item = ET.fromstring(fixture_site.read("flux.xml")).find("channel/item")
    assert item.findtext("title").startswith("R&D <script>")  # text, once parsed
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<script>" not in content and "&lt;script&gt;" in content


# --- Every field, every output ------------------------------------------------------

import csv  # noqa: E402
import io  # noqa: E402

import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from jobboard.content import model  # noqa: E402
from tests import hostile  # noqa: E402

OWN_SCRIPTS = ("/theme/offre.js", "/theme/recherche.js", "/theme/jours.js",
               "/theme/cartes.js", "/theme/liste.js")


@pytest.mark.parametrize("cls, data", [(model.Offer, hostile.OFFER),
                                       (model.Employer, hostile.EMPLOYER),
                                       (model.Site, hostile.SITE)])
def test_the_hostile_tree_covers_every_free_text_field_of_the_model(cls, data):
    # A field added to the model without a hostile value here fails this test.
    assert set(hostile.free_text_fields(cls)) <= hostile.covered(data)


def executable_markup(html: str) -> list[str]:
    """What in an HTML document or fragment could run script or restyle the page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("iframe", "object", "embed", "style", "svg", "base", "form") \
                and tag.name != "form":
            found.append(f"<{tag.name}>")
        if tag.name == "script" and tag.get("type") != "application/ld+json" \
                and tag.get("src") not in OWN_SCRIPTS:
            found.append(str(tag)[:80])
        for attr, value in tag.attrs.items():
            if attr.startswith("on") or attr == "style":
                found.append(f"{tag.name}[{attr}]")
            if attr in ("href", "src", "action", "formaction") and str(value).strip().lower() \
                    .replace("\t", "").startswith(("javascript:", "vbscript:", "data:text")):
                found.append(f"{tag.name}[{attr}={value}]")
    return found


@pytest.fixture
def hostile_site(fixture_site):
    hostile.write(fixture_site)
    assert fixture_site.build("2026-02-01") == 0
    return fixture_site


def test_no_page_of_the_hostile_site_carries_executable_markup(hostile_site):
    pages = [p for p in hostile_site.files() if p.endswith(".html")]
    assert len(pages) > 10
    for page in pages:
        assert executable_markup(hostile_site.read(page)) == [], page
    offer = hostile_site.read(f"offres/{hostile.SLUG}/index.html")
    assert "&lt;script&gt;window.__xss.push(&#39;offer.title&#39;)" in offer
    assert '<a href="https://www.service-public.fr/">ok</a>' in offer


class _Events:
    """What an HTML reader sees: tags with their attributes, and text."""

    def __init__(self):
        self.seen: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.seen.append(("startend", tag, attrs))

    def handle_endtag(self, tag):
        self.seen.append(("end", tag))

    def handle_data(self, data):  # runs of text, however the reader splits them
        if self.seen and self.seen[-1][0] == "text":
            self.seen[-1] = ("text", self.seen[-1][1] + data)
        else:
            self.seen.append(("text", data))


def test_the_feeds_html_reader_reads_the_hostile_pages_as_the_standard_parser(hostile_site):
    """JSON-LD descriptions and the Indeed feed are rewritten from our HTML by a fast
    reader of its own (render/html_subset.py): on every page of the hostile site, it
    sees the tags, attributes and text that html.parser sees."""
    from html.parser import HTMLParser

    from jobboard.render import html_subset

    class Standard(HTMLParser):
        def __init__(self, events):
            super().__init__(convert_charrefs=True)
            self.handle_starttag, self.handle_startendtag = (events.handle_starttag,
                                                             events.handle_startendtag)
            self.handle_endtag, self.handle_data = events.handle_endtag, events.handle_data

    pages = [p for p in hostile_site.files() if p.endswith(".html")]
    for page in pages:
        html = hostile_site.read(page)
        # (the head's scripts hold JSON, which html.parser reads as text: not our fragments)
        main = html[html.index("<main"):html.index("</main>") + 7]
        ours, standard = _Events(), _Events()
        html_subset.parse(main, ours)
        reader = Standard(standard)
        reader.feed(main)
        reader.close()
        assert ours.seen == standard.seen, page
        assert len(ours.seen) > 20


# The feed elements readers render as HTML: RSS item descriptions, content:encoded,
# and Atom elements of type "html". The others hold text (the RSS channel's
# description is plain text, as the RSS Best Practices Profile and the W3C Feed
# Validator want: tested below).
RSS_HTML = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}


def holds_html(el, channel_text=()) -> bool:
    return (el.tag in RSS_HTML and el not in channel_text) or (
        el.tag.startswith("{http://www.w3.org/2005/Atom}") and el.get("type") == "html")


def test_feeds_carry_the_hostile_text_as_text(hostile_site):
    for feed in ("flux.xml", "flux.atom", "indeed.xml", "employeurs/ville-piege/flux.xml"):
        root = ET.fromstring(hostile_site.read(feed))  # well-formed despite "]]>" and "<!--"
        # (Indeed's feed has no entities: a word joiner, U+2060, defuses '<' and '&'.)
        titles = [el.text.replace("\u2060", "") for el in root.iter()
                  if el.tag.endswith("title") and el.text]
        assert any(t.startswith(hostile.OFFER["title"][:40]) for t in titles), feed
        channel_text = list(root.findall("channel/description"))
        fragments = [el.text for el in root.iter() if holds_html(el, channel_text) and el.text]
        assert any("offer.title" in f or "pay.text" in f for f in fragments), feed
        for fragment in fragments:  # HTML: safe once a reader parses it
            assert executable_markup(fragment) == [], (feed, fragment[:100])
    data = json.loads(hostile_site.read("flux.json"))
    (item,) = data["items"]
    assert item["title"].startswith(hostile.OFFER["title"])
    assert executable_markup(item["content_html"]) == []


def test_rss_channel_text_is_plain_text_escaped_once(hostile_site):
    raw = hostile_site.read("flux.xml")
    channel = ET.fromstring(raw).find("channel")
    # Read back as the very text of site.yaml: not escaped twice, no HTML added...
    assert channel.findtext("description") == hostile.SITE["description"]
    assert channel.findtext("title").startswith(hostile.SITE["title"])
    # ...and written with hexadecimal references, as the RSS profile asks of plain text.
    head = raw[:raw.index("<item>")]
    assert "&#x3C;script&#x3E;" in head and "&lt;" not in head and "&amp;" not in head


def test_jsonld_holds_the_hostile_text_as_data(hostile_site):
    soup = hostile_site.html(f"offres/{hostile.SLUG}/index.html")
    (posting,) = jsonld_of(soup)
    assert posting["title"] == hostile.OFFER["title"]
    assert posting["hiringOrganization"]["name"] == hostile.EMPLOYER["name"]
    assert executable_markup(posting["description"]) == []


def test_calendar_text_cannot_start_an_event_or_a_property(hostile_site):
    ics = (hostile_site.out / "echeances.ics").read_bytes().decode()
    lines = ics.replace("\r\n ", "").split("\r\n")
    assert [line for line in lines if line.startswith("BEGIN:VEVENT")] == ["BEGIN:VEVENT"]
    assert not any(line.startswith(("X-EVIL", "SUMMARY:Faux")) for line in lines)
    assert "\r" not in ics.replace("\r\n", "")


def test_csv_cells_never_start_a_formula(hostile_site):
    rows = list(csv.reader(io.StringIO(hostile_site.read("offres.csv"))))
    assert len(rows) == 2
    cells = [c for c in rows[1] if c]
    for value in hostile.FORMULAS.values():
        assert "'" + value in cells  # kept, as text
    assert [c for c in cells if c.lstrip(" ")[:1] in ("=", "+", "-", "@")] == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)"])
def test_address_fields_refuse_script_urls(fixture_site, capsys, url):
    fixture_site.offer("x", extra="pay:\n  text: x\napply_url_placeholder: 1\n"
                       .replace("apply_url_placeholder: 1\n", ""))
    path = fixture_site.content / "offers" / "x.md"
    path.write_text(path.read_text().replace("apply:\n", f"apply:\n  url: {json.dumps(url)}\n"))
    assert fixture_site.build() == 1
    assert f"apply.url: found '{url}', expected a web address starting with https://" \
        in capsys.readouterr().err


def test_an_image_from_another_site_is_refused(fixture_site, capsys):
    fixture_site.offer("x", body="## Missions\n\n![logo](https://tracker.example/p.gif)\n")
    assert fixture_site.build() == 1
    assert ("content/offers/x.md:15: found an image from another site: "
            "https://tracker.example/p.gif\n    hint: the board makes no request to other "
            "sites: link to it instead, [text](address)") in capsys.readouterr().err
