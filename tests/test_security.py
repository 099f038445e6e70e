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
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<a href="https://www.example.fr/">ok</a>' in html


def test_title_cannot_break_out_of_html_or_jsonld(fixture_site):
    title = 'Agent </script><script>alert("t")</script> & <b>gras</b>'
    fixture_site.offer("x", title=title, extra="service: \"</script><!--\"\n")
    assert fixture_site.build("2026-02-01") == 0
    html = fixture_site.read("offres/x/index.html")
    # The JSON-LD element and the site's own script file, nothing else.
    assert html.count("<script") == 2
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
