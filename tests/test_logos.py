"""Employers' logos run no script and load nothing (issue 12, point 4), and every file of
the site, logos included, is served under the site's Content-Security-Policy where the
host reads a `_headers` file."""

from __future__ import annotations

import re

import pytest

from jobboard.render import headers
from tests.conftest import EMPLOYERS

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'viewBox="0 0 10 10">{}</svg>'

# What design tools write (Inkscape, Illustrator): kept.
BENIGN = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     viewBox="0 0 100 40" inkscape:version="1.3">
  <sodipodi:namedview id="nv" pagecolor="#ffffff"/>
  <title>Ville d'Aulnoy</title>
  <defs>
    <style>.cls-1{fill:url(#grad);} .cls-2{fill:#1d3557;}</style>
    <linearGradient id="grad"><stop offset="0" stop-color="#e63946"/></linearGradient>
    <clipPath id="clip"><rect width="100" height="40"/></clipPath>
  </defs>
  <g clip-path="url(#clip)" style="opacity:0.9">
    <rect class="cls-1" width="50" height="40"/>
    <use xlink:href="#mark" x="50"/>
    <path id="mark" class="cls-2" d="M0 0h10v10z" fill="url('#grad')"/>
    <image width="10" height="10" href="data:image/png;base64,iVBORw0KGgo="/>
  </g>
</svg>
"""

HOSTILE = {
    "script": SVG.format("<script>alert(document.domain)</script>"),
    "script-namespaced": SVG.format('<s:script xmlns:s="http://www.w3.org/2000/svg">'
                                    "alert(1)</s:script>"),
    "script-upper": SVG.format("<SCRIPT>alert(1)</SCRIPT>"),
    "handler": SVG.format('<rect width="10" height="10" onload="alert(1)"/>'),
    "handler-root": '<svg xmlns="http://www.w3.org/2000/svg" ONLOAD="alert(1)"/>',
    "foreign-object": SVG.format("<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>"
                                 "<img src='x' onerror='alert(1)'/></div></foreignObject>"),
    "xhtml": SVG.format("<h:iframe xmlns:h='http://www.w3.org/1999/xhtml' src='https://x'/>"),
    "javascript-link": SVG.format('<a href="javascript:alert(1)"><rect width="9"/></a>'),
    "xlink-remote-image": SVG.format('<image xlink:href="https://tracker.example/p.gif"/>'),
    "remote-use": SVG.format('<use href="https://tracker.example/s.svg#a"/>'),
    "relative-image": SVG.format('<image href="../../offres/x/index.html"/>'),
    "svg-data-image": SVG.format('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'),
    "animate-href": SVG.format('<a><set attributeName="href" to="javascript:alert(1)"/>'
                               "<rect width='9'/></a>"),
    "css-url": SVG.format("<style>rect{fill:url(https://tracker.example/p.gif)}</style>"),
    "css-url-http-colon": SVG.format("<style>rect{fill:url(http:tracker.example/p)}</style>"),
    "css-import": SVG.format("<style>@import 'https://tracker.example/s.css';</style>"),
    "css-escape": SVG.format("<style>rect{fill:\\75rl(https://tracker.example/p)}</style>"),
    "style-attribute": SVG.format('<rect style="fill:url(//tracker.example/p)"/>'),
    "presentation-attribute": SVG.format('<rect fill="url(https://tracker.example/p#a)"/>'),
    "entity": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>' + SVG.format("&a;"),
    "external-entity": '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                       + SVG.format("&x;"),
    "stylesheet-pi": '<?xml-stylesheet href="https://tracker.example/s.css"?>' + SVG.format(""),
    "xml-base": SVG.format('<g xml:base="https://tracker.example/"><use href="#a"/></g>'),
    "not-svg": "<html><script>alert(1)</script></html>",
    "not-xml": "<svg><script>alert(1)</svg>",
}


def with_logo(fixture_site, name: str, data: bytes) -> None:
    (fixture_site.content / "employers" / "logos").mkdir(exist_ok=True)
    (fixture_site.content / "employers" / "logos" / name).write_bytes(data)
    fixture_site.write("employers/ville-a.yaml",
                       EMPLOYERS["ville-a"] + f"logo: logos/{name}\n")
    fixture_site.offer("agent")


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_an_svg_logo_that_could_run_script_or_load_a_file_is_refused(fixture_site, capsys,
                                                                      kind):
    with_logo(fixture_site, "aulnoy.svg", HOSTILE[kind].encode())
    assert fixture_site.build() == 1
    err = capsys.readouterr().err
    assert re.search(r"^content/employers/logos/aulnoy\.svg: .*; logo of "
                     r"content/employers/ville-a\.yaml refused$", err, re.M), err
    assert "Traceback" not in err
    assert not fixture_site.out.exists()


def test_a_logo_exported_by_a_design_tool_is_published_as_it_is(fixture_site):
    with_logo(fixture_site, "aulnoy.svg", BENIGN.encode())
    assert fixture_site.build() == 0
    assert (fixture_site.out / "employeurs/ville-a/logo.svg").read_text() == BENIGN


def test_a_png_logo_must_be_a_png(fixture_site, capsys):
    with_logo(fixture_site, "aulnoy.png", b"<html><script>alert(1)</script></html>")
    assert fixture_site.build() == 1
    assert "content/employers/logos/aulnoy.png: this is not a PNG image" \
        in capsys.readouterr().err


def test_a_real_png_logo_is_published(fixture_site):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    with_logo(fixture_site, "aulnoy.png", png)
    assert fixture_site.build() == 0
    assert (fixture_site.out / "employeurs/ville-a/logo.png").read_bytes() == png


def test_every_file_is_served_under_the_pages_policy(fixture_site):
    with_logo(fixture_site, "aulnoy.svg", BENIGN.encode())
    assert fixture_site.build() == 0
    rules = headers.parse(fixture_site.read("_headers"))
    files = ["/" + p.relative_to(fixture_site.out).as_posix()
             for p in fixture_site.out.rglob("*") if p.is_file()]
    assert "/employeurs/ville-a/logo.svg" in files
    for url in files + ["/"]:
        # Exactly one rule for each file: hosts disagree on how overlapping rules combine.
        matching = [values for pattern, values in rules if headers.for_path([(pattern, values)], url)]
        assert len(matching) == 1, url
        sent = dict(matching[0])
        assert sent["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in sent["Content-Security-Policy"]
    header = dict(headers.for_path(rules, "/employeurs/ville-a/logo.svg"))["Content-Security-Policy"]
    directives = {d.split()[0]: d for d in header.split("; ")}
    for page in ["index.html", "recherche/index.html", "offres/agent/index.html"]:
        meta = fixture_site.html(page).find("meta", attrs={"http-equiv":
                                                            "Content-Security-Policy"})
        # A browser enforces both: the header never loosens a page's own policy, and the
        # search page's (the widest) is the header's.
        for directive in meta["content"].split("; "):
            assert set(directive.split()) <= set(directives[directive.split()[0]].split())
    search = fixture_site.html("recherche/index.html").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert header == search + "; frame-ancestors 'none'"


def test_a_logo_over_the_size_limit_is_refused(fixture_site, capsys):
    with_logo(fixture_site, "aulnoy.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 1_000_000)
    assert fixture_site.build() == 1
    assert "content/employers/logos/aulnoy.png: the file is 1000 KB, more than 1000 KB" \
        in capsys.readouterr().err


def test_the_preview_serves_every_file_under_the_policy(fixture_site):
    from jobboard.commands.serve import Preview
    with_logo(fixture_site, "aulnoy.svg", BENIGN.encode())
    preview = Preview(fixture_site.content, fixture_site.out)
    preview.rebuild()
    assert preview.error is None
    sent = {}
    body = preview.app({"PATH_INFO": "/employeurs/ville-a/logo.svg"},
                       lambda status, headers: sent.update(headers, status=status))
    assert sent["status"] == "200 OK" and b"".join(body) == BENIGN.encode()
    assert sent["Content-Type"].startswith("image/svg+xml")
    assert fixture_site.build() == 0  # the preview writes no site: the build's _headers
    rules = headers.parse(fixture_site.read("_headers"))
    expected = dict(headers.for_path(rules, "/employeurs/ville-a/logo.svg"))
    assert "Content-Security-Policy" in expected
    assert {k: v for k, v in sent.items() if k not in ("status", "Content-Type",
                                                         "Cache-Control")} == expected
