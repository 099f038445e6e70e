"""Link integrity: a link inside the site that leads nowhere fails the build and
`check`, naming the file (and line) where it is written; nothing is written."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from jobboard.build.pipeline import TEMPLATES, THEME, build_site
from jobboard.problems import ContentError
from jobboard.render.links import LinkChecker


def body(*links: str) -> str:
    return "## Missions\n\nVoir aussi :\n\n" + "".join(f"- [lien]({u})\n" for u in links)


def test_editor_link_to_a_missing_offer_fails_build_and_check(fixture_site, capsys):
    fixture_site.offer("agent-accueil")
    fixture_site.offer("technicien", body=body("/offres/agent-acceuil/"))
    assert fixture_site.build() == 1
    err = capsys.readouterr().err
    expected = ("content/offers/technicien.md:17: the link /offres/agent-acceuil/ leads to no "
                "page of the site\n    hint: did you mean /offres/agent-accueil/?")
    assert expected in err
    assert not fixture_site.out.exists()
    from jobboard.cli import main
    assert main(["check", "--content", str(fixture_site.content), "--today", "2026-02-01"]) == 1
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize("url, message", [
    ("../agent-accueil/", "leads to no page of the site"),  # relative to /offres/technicien/
    ("/mentions/", "leads to no page of the site"),  # a static page that does not exist
    ("/theme/absent.css", "leads to no page of the site"),
    ("#postuller", "leads to no part of its page"),  # the page has #postuler
])
def test_each_kind_of_broken_link_is_found(fixture_site, capsys, url, message):
    fixture_site.offer("technicien", body=body(url))
    assert fixture_site.build() == 1
    err = capsys.readouterr().err
    assert f"content/offers/technicien.md:17: the link {url} {message}" in err


def test_links_that_lead_somewhere_pass(fixture_site):
    fixture_site.offer("agent-accueil")
    fixture_site.write("pages/a-propos.md", "---\ntitle: À propos\n---\n"
                       + body("/offres/technicien/#postuler", "../offres/agent-accueil/"))
    fixture_site.offer("technicien", body=body(
        "/offres/agent-accueil/", "../agent-accueil/", "https://emplois.example/categories/c/",
        "/offres/agent-accueil", "#postuler", "/flux.xml", "/theme/style.css",
        "https://www.service-public.fr/", "mailto:drh@aulnoy.example", "/a-propos/"))
    assert fixture_site.build() == 0


def test_a_template_with_a_broken_link_fails_and_keeps_the_previous_site(fixture_site,
                                                                         tmp_path):
    fixture_site.offer("agent")
    assert fixture_site.build() == 0
    before = fixture_site.files()
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "offer.html"
    page.write_text(page.read_text().replace(
        "{% block content %}", '{% block content %}<a href="/offres/{{ view.offer.slug }}/pdf/">'
        "PDF</a>", 1))
    for cache in (None, tmp_path / "cold"):  # incremental, then cold
        with pytest.raises(ContentError) as e:
            build_site(fixture_site.content, fixture_site.out, date(2026, 2, 1),
                       templates=templates, cache=cache)
        assert [p.format() for p in e.value.problems] == [
            "site/offres/agent/index.html: broken link: /offres/agent/pdf/ leads to no file "
            "of the site\n    hint: a template or theme file links to a page the site does "
            "not have"]
        assert fixture_site.files() == before


def test_feeds_and_sitemap_are_checked_too(fixture_site, tmp_path):
    fixture_site.offer("agent")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    sitemap = templates / "sitemap.xml"
    sitemap.write_text(sitemap.read_text().replace(
        "</urlset>", "<url><loc>https://emplois.example/perdu/</loc></url></urlset>"))
    with pytest.raises(ContentError) as e:
        build_site(fixture_site.content, fixture_site.out, date(2026, 2, 1),
                   templates=templates, theme=THEME)
    assert "site/sitemap.xml: broken link: https://emplois.example/perdu/ leads to no file" \
        in e.value.report()


def test_the_checker_understands_a_base_url_with_a_sub_path():
    checker = LinkChecker({"index.html", "offres/a/index.html", "theme/style.css"},
                          "https://example.org/emplois/")
    page = "offres/a/index.html"
    assert checker.broken(page, b'<a href="/emplois/offres/a/">x</a>') == []
    assert checker.broken(page, b'<a href="../../theme/style.css">x</a>') == []
    assert [b.url for b in checker.broken(page, b'<a href="/offres/a/">x</a>'
                                                b'<a href="../../../x/">y</a>')] == \
        ["/offres/a/", "../../../x/"]
    css = b"body { background: url('../img/fond.png') }"
    assert [b.url for b in checker.broken("theme/style.css", css)] == ["../img/fond.png"]


def test_each_page_is_judged_on_its_own_although_links_repeat():
    """The checker remembers where each URL leads: a relative URL is still resolved
    from each page's folder, and a link to a part of the page from each page's ids."""
    checker = LinkChecker({"index.html", "offres/a/index.html", "offres/b/index.html",
                           "offres/a/plan.pdf"}, "https://emplois.example/")
    link = b'<a href="plan.pdf">plan</a><a href="#postuler">postuler</a>'
    assert checker.broken("offres/a/index.html", link + b'<h2 id="postuler">') == []
    assert [b.url for b in checker.broken("offres/b/index.html", link + b'<h2 id="autre">')] \
        == ["plan.pdf", "#postuler"]
    assert checker.broken("offres/b/index.html", link.replace(b"plan.pdf", b"../a/plan.pdf")
                          + b'<h2\nid="postuler">') == []
    # An attribute whose name merely ends like one (data-src) is no link; a link
    # attribute after a line break is one.
    assert checker.broken("index.html", b'<img data-src="/perdu.png">') == []
    assert [b.url for b in checker.broken("index.html", b'<img alt=""\n\tsrc="/perdu.png">')] \
        == ["/perdu.png"]
    assert [b.url for b in checker.broken("index.html", b'<p data-id="x"><a href="#x">')] \
        == ["#x"]


def test_a_folded_icalendar_line_is_read_whole():
    checker = LinkChecker({"offres/agent-accueil/index.html"}, "https://emplois.example/")
    ics = b"URL:https://emplois.example/offres/agent-acc\r\n ueil/\r\nEND:VEVENT\r\n"
    assert checker.broken("echeances.ics", ics) == []
    assert [b.url for b in checker.broken("echeances.ics", ics.replace(b"acc\r\n ", b"acx\r\n "))] \
        == ["https://emplois.example/offres/agent-acxueil/"]


def test_an_unchanged_page_linking_to_a_page_that_is_gone_fails_the_next_build(fixture_site,
                                                                              tmp_path):
    """A template links one offer's page to another offer's; that offer is removed:
    the first page is not rendered again (nothing it shows changed), and still links
    to the page that is gone."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "offer.html"
    page.write_text(page.read_text().replace(
        "{% block content %}", '{% block content %}{% if view.offer.slug == "agent" %}'
        '<a href="/offres/technicien/">voir aussi</a>{% endif %}', 1))
    fixture_site.offer("agent")
    fixture_site.offer("technicien", employers="[ville-b]", filiere="technique",
                       categories="[B]")
    build_site(fixture_site.content, fixture_site.out, date(2026, 2, 1), templates=templates)
    before = fixture_site.files()
    (fixture_site.content / "offers" / "technicien.md").unlink()
    with pytest.raises(ContentError) as e:
        build_site(fixture_site.content, fixture_site.out, date(2026, 2, 1), templates=templates)
    assert "site/offres/agent/index.html: broken link: /offres/technicien/ leads to no file" \
        in e.value.report()
    assert fixture_site.files() == before


def test_a_feed_link_ends_where_text_would_end_it():
    """Site-wide files are searched as bytes (the job feed is tens of MB): a link of the
    site still ends at a space outside ASCII, as French puts before ':', and a link
    holding a letter outside ASCII is read whole."""
    checker = LinkChecker({"offres/agent-accueil/index.html"}, "https://emplois.example/")
    feed = "<description>Voir https://emplois.example/offres/agent-accueil/\u00a0: {}</description>"
    assert checker.broken("flux.xml", feed.format("ici").encode()) == []
    wrong = feed.format("et https://emplois.example/offres/agent-àccueil/\u202f!")
    assert [b.url for b in checker.broken("flux.xml", wrong.encode())] \
        == ["https://emplois.example/offres/agent-àccueil/"]
    assert [b.url for b in checker.broken("indeed.xml", b"<url>https://emplois.example/"
                                          b"offres/perdue/</url>")] \
        == ["https://emplois.example/offres/perdue/"]
