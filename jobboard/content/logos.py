"""Employers' logo files: copied into the site as they are, so checked first.

An SVG file is a document: opened at /employeurs/<slug>/logo.svg it runs its
scripts in the site's origin, and as an image it may fetch other sites. We
refuse (we do not clean: a cleaned logo is a logo nobody checked) any SVG
holding script, event handlers, foreignObject or HTML, a DOCTYPE or entity
(XML bombs, external entities), processing instructions (xml-stylesheet),
xml:base, animations that set a link, a reference to anything but a part of
the same file (`#id`) or an embedded raster image (data:image/png…), and CSS
that could load anything (`url()` other than `url(#id)`, `@import`,
`image-set()`, escapes). A raster logo must be what its extension says.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

LOGO_HINT = ("export the logo again as a plain image (PNG, or an SVG without script, links "
             "or embedded content), or remove the logo line")
SVG_NS = "{http://www.w3.org/2000/svg}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
MAX_BYTES = 1_000_000  # a logo, even a PNG exported at print size

# Elements that run script, embed other documents, or carry HTML.
_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
              "audio", "video", "canvas", "frame", "frameset", "applet", "meta", "link", "base"}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")]*)", re.IGNORECASE)
_CSS_LOADERS = re.compile(r"@import|image-set\(|image\(|src\(|\\|expression\(", re.IGNORECASE)
_RASTER_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
}


def logo_problem(path: Path) -> str | None:
    """Why this logo file cannot be published, or None."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size > MAX_BYTES:
        return f"the file is {size // 1000} KB, more than {MAX_BYTES // 1000} KB"
    data = path.read_bytes()
    if suffix != ".svg":
        magic = _RASTER_MAGIC.get(suffix, ())
        if not any(data.startswith(m) for m in magic) or \
                (suffix == ".webp" and data[8:12] != b"WEBP"):
            return f"this is not a {suffix[1:].upper()} image"
        return None
    return _svg_problem(data)


def _svg_problem(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "an SVG logo must be UTF-8 text"
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        return "found a DOCTYPE or ENTITY declaration in an SVG logo"
    body = text.lstrip()
    if re.match(r"<\?xml\s", body):  # the XML declaration, the only <?…?> allowed
        body = body[body.find("?>") + 2:]
    if "<?" in body:
        return "found a processing instruction (<?…?>) in an SVG logo"
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        return f"this SVG file is not well-formed XML ({e})"
    if root.tag != f"{SVG_NS}svg":
        return "this is not an SVG image (its root element is not <svg>)"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        if name in _FORBIDDEN or element.tag.startswith(XHTML_NS):
            return f"found a <{name}> element in an SVG logo"
        if name == "style" and (problem := _css_problem(element.text or "")):
            return problem
        if name in _ANIMATIONS:
            target = element.get("attributeName", "").lower()
            if target.endswith("href") or target.startswith("on"):
                return f"found an animation that sets '{target}' in an SVG logo"
        for attribute, value in element.attrib.items():
            if problem := _attribute_problem(attribute, value):
                return problem
    return None


def _attribute_problem(attribute: str, value: str) -> str | None:
    name = _local(attribute).lower()
    if name.startswith("on"):
        return f"found an event handler ({name}) in an SVG logo"
    if attribute == "{http://www.w3.org/XML/1998/namespace}base":
        return "found xml:base in an SVG logo"
    if name == "href" and not (value.strip().startswith("#") or _DATA_IMAGE.match(value.strip())):
        return f"found a reference outside this file in an SVG logo: {value!r}"
    if "url(" in value.lower() or name == "style":
        return _css_problem(value)
    return None


def _css_problem(css: str) -> str | None:
    for _, target in _CSS_URL.findall(css):
        if not target.strip().startswith("#"):
            return f"found a style that loads another file in an SVG logo: url({target})"
    if m := _CSS_LOADERS.search(css):
        return f"found a style that may load another file in an SVG logo: {m.group()}"
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()
