"""URLs read as browsers read them (issue 12, point 5): `http:tracker.example` (no `//`),
`//host`, `\\\\host`, tabs inside the scheme and upper case all lead to another host, so
such an image is refused, and the link checks follow the browser's reading."""

from __future__ import annotations

import json

import pytest

from jobboard.render.links import LinkChecker
from jobboard.urls import is_local_image, is_web_address, site_path

BASE = "https://emplois.example/"

# (URL, where a browser on https://emplois.example/offres/x/ goes: a site path or None
# for another host or scheme), checked against the WHATWG URL standard's parser.
BROWSER = [
    ("http:tracker.example/p.gif", None),  # another special scheme: host without "//"
    ("HTTP:tracker.example/p.gif", None),
    ("ftp:tracker.example/p.gif", None),
    ("http:/tracker.example/p.gif", None),
    ("https:\\\\tracker.example/p.gif", None),
    ("//tracker.example/p.gif", None),
    ("\\\\tracker.example/p.gif", None),  # backslashes are slashes in http(s)
    ("/\\tracker.example/p.gif", None),
    ("\\/tracker.example/p.gif", None),
    (" //tracker.example/p.gif", None),  # leading space trimmed
    ("\x01//tracker.example/p.gif", None),  # leading control character trimmed
    ("ht\ttp://tracker.example/p.gif", None),  # tab dropped inside the scheme
    ("h\nttps://tracker.example/p.gif", None),  # so is a line break
    ("/\t/tracker.example/p.gif", None),
    ("HTTPS://TRACKER.EXAMPLE/p.gif", None),
    ("https://emplois.example.tracker.example/", None),
    ("https://emplois.example@tracker.example/", None),  # user info, then the host
    ("https://emplois.example:8443/", None),  # another port, another origin
    ("mailto:drh@emplois.example", None),
    ("javascript:alert(1)", None),
    ("https:x.png", "x.png"),  # same scheme as the page, no "//": a relative path
    ("https:/theme/x.png", "/theme/x.png"),
    ("HTTPS://EMPLOIS.EXAMPLE/offres/", "/offres/"),
    ("http://emplois.example/offres/", "/offres/"),
    ("https://emplois.example:443/offres/", "/offres/"),
    ("/offres/a/", "/offres/a/"),
    ("../a/", "../a/"),
    ("#contenu", "#contenu"),
]


@pytest.mark.parametrize("url,expected", BROWSER)
def test_site_path_follows_the_browser(url, expected):
    assert site_path(url, BASE) == expected


@pytest.mark.parametrize("src", [u for u, _ in BROWSER if not u.startswith(("/", "../", "#"))
                                 or u.startswith(("//", "/\\", "/\t"))])
def test_an_image_naming_a_scheme_or_a_host_is_not_local(src):
    assert not is_local_image(src)


@pytest.mark.parametrize("src", ["/theme/logo.png", "../a.png", "img.png",
                                 "data:image/png;base64,iVBORw0KGgo="])
def test_a_path_or_a_data_image_is_local(src):
    assert is_local_image(src)


def test_an_svg_data_image_is_not_local():
    assert not is_local_image("data:image/svg+xml;base64,PHN2Zz4=")


@pytest.mark.parametrize("markdown", [
    "![x](http:tracker.example/p.gif)",
    "![x](HTTP:tracker.example/p.gif)",
    "![x](Https:tracker.example/p.gif)",
    "![x](ftp:tracker.example/p.gif)",
    "![x](http:/tracker.example/p.gif)",
    "![x](&#104;ttp:tracker.example/p.gif)",  # an entity, decoded by markdown-it
    "![x][t]\n\n[t]: http:tracker.example/p.gif",
])
def test_a_remote_image_without_slashes_is_refused(fixture_site, capsys, markdown):
    fixture_site.offer("x", body=f"## Missions\n\n{markdown}\n")
    assert fixture_site.build() == 1
    err = capsys.readouterr().err
    assert "content/offers/x.md:15: found an image from another site: " in err
    assert "tracker.example/p.gif" in err
    assert not fixture_site.out.exists()


def test_the_link_check_reads_links_as_browsers_do():
    checker = LinkChecker(["index.html", "offres/a/index.html"], BASE)
    page = b"""<a href="/\\tracker.example/">x</a> <a href="http:tracker.example/">x</a>
    <a href="HTTPS://EMPLOIS.EXAMPLE/offres/a/">ok</a>
    <a href="HTTPS://EMPLOIS.EXAMPLE/offres/nulle-part/">broken</a>
    <a href="https:nulle-part/">broken</a>"""
    assert [b.url for b in checker.broken("index.html", page)] == [
        "HTTPS://EMPLOIS.EXAMPLE/offres/nulle-part/", "https:nulle-part/"]


@pytest.mark.parametrize("value,ok", [
    ("https://www.aulnoy.example/emploi", True),
    ("HTTPS://www.aulnoy.example/", True),
    ("https:/www.aulnoy.example", False),
    ("http:www.aulnoy.example", False),
    ("https://www.aulnoy.example\\@tracker.example/", False),
    ("https://\twww.aulnoy.example/", False),
    ("//www.aulnoy.example/", False),
])
def test_address_fields_accept_only_plain_web_addresses(value, ok):
    assert is_web_address(value) is ok


def test_an_apply_url_with_a_backslash_is_refused(fixture_site, capsys):
    fixture_site.offer("x")
    path = fixture_site.content / "offers" / "x.md"
    url = "https://www.aulnoy.example\\@tracker.example/"
    path.write_text(path.read_text().replace("apply:\n", f"apply:\n  url: {json.dumps(url)}\n"))
    assert fixture_site.build() == 1
    assert "expected a web address starting with https://" in capsys.readouterr().err
