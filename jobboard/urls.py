"""URLs as browsers and feed readers read them: one rule for "does this URL leave the site?".

Python's `urlsplit` and browsers disagree on hostile spellings, and only the
browser's reading matters: it decides what a visitor's phone fetches. Browsers
(the WHATWG URL standard) trim spaces and control characters around a URL,
drop every tab and line break inside it, read the scheme in any case, take a
backslash for a slash in http(s) URLs, and read `http:tracker.example/p.gif`
(a scheme other than the page's, without `//`) as the host `tracker.example`.
So `urlsplit` sees no host in `http:tracker.example`, `\\\\tracker.example`,
`/\\tracker.example` or `ht<tab>tp://tracker.example`; a browser does.

`parse` reads a URL the browser's way against the scheme of the page it sits
in; `site_path` says where on the site a link leads (None: elsewhere);
`is_local_image` is the rule for images of offers and pages; `is_web_address`
the rule for the address fields (apply.url, website, base_url).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Schemes the URL standard parses with a host ("special"): in them "\" is "/".
SPECIAL = {"http", "https", "ws", "wss", "ftp", "file"}
DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21"}
_TRIMMED = "".join(map(chr, range(0x21)))  # C0 controls and space, trimmed at both ends
_DROPPED = re.compile(r"[\t\n\r]")  # removed anywhere in the URL
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# data: images markdown-it lets through, and only those: no SVG (it may hold script).
_DATA_IMAGE = re.compile(r"data:image/(gif|png|jpeg|webp);", re.IGNORECASE)


@dataclass(frozen=True)
class Parsed:
    scheme: str | None  # lowercased; None for a relative URL
    host: str | None  # "host" or "host:port" (lowercased, default port dropped) if named
    rest: str  # what follows the host (or the whole relative URL), "\" read as "/"


def parse(url: str, page_scheme: str | None = "https") -> Parsed:
    """Read `url` as a browser does on a page served with `page_scheme`
    (None: no page, as a feed reader without a base: a scheme always names a host)."""
    text = _DROPPED.sub("", url.strip(_TRIMMED))
    m = _SCHEME.match(text)
    scheme = m.group(1).lower() if m else None
    rest = text[m.end():] if m else text
    if (scheme or page_scheme) in SPECIAL:
        cut = min([i for i in (rest.find("?"), rest.find("#")) if i >= 0], default=len(rest))
        rest = rest[:cut].replace("\\", "/") + rest[cut:]
    if scheme is not None and scheme not in SPECIAL:
        return Parsed(scheme, None, rest)  # mailto:, tel:, data:, javascript:…
    names_host = rest.startswith("//") if scheme is None or scheme == page_scheme \
        else True  # another special scheme: slashes optional ("http:host")
    if not names_host:
        return Parsed(scheme, None, rest)
    body = rest.lstrip("/")
    end = min([i for i in (body.find("/"), body.find("?"), body.find("#")) if i >= 0],
              default=len(body))
    authority = body[:end].rsplit("@", 1)[-1].lower()
    port_scheme = scheme or page_scheme or ""
    host, _, port = authority.partition(":")
    if port and port != DEFAULT_PORTS.get(port_scheme):
        host = f"{host}:{port}"
    return Parsed(scheme, host, body[end:])


def site_path(url: str, base_url: str) -> str | None:
    """Where a link on a page of the site leads on the site: a relative URL as it is
    (backslashes read as slashes), the path of an absolute URL of the site's own host;
    None for another host or a scheme that names no page (mailto:, tel:…)."""
    scheme, host = _scheme_and_host(base_url)
    parsed = parse(url, scheme)
    if parsed.host is None:
        return parsed.rest if parsed.scheme is None or parsed.scheme == scheme else None
    if parsed.scheme not in (None, "http", "https") or parsed.host != host:
        return None
    return parsed.rest or "/"


@functools.lru_cache(maxsize=16)  # the site's one base URL, for every link of every page
def _scheme_and_host(base_url: str) -> tuple[str, str | None]:
    return urlsplit(base_url).scheme, _host_of(base_url)


def is_local_image(src: str) -> bool:
    """An image of a page must come from the site itself (a path) or be a data: image:
    any URL naming a scheme or a host would make readers fetch it, and a feed reader
    resolves `https:x` against its own base, so a scheme is never trusted."""
    if _DATA_IMAGE.match(src.strip(_TRIMMED)):
        return True
    parsed = parse(src)  # pages and feed readers are http(s): "\\" is "/"
    return parsed.scheme is None and parsed.host is None


def is_web_address(value: str) -> bool:
    """An absolute http(s) address that every reader reads alike: written `scheme://host`,
    with nothing a browser would drop or read differently (spaces, tabs, backslashes)."""
    if value != value.strip(_TRIMMED) or any(c in value for c in " \t\r\n\\"):
        return False
    parsed = parse(value, None)
    return parsed.scheme in ("http", "https") and bool(parsed.host) \
        and value.lower().startswith(f"{parsed.scheme}://")


def _host_of(base_url: str) -> str | None:
    return parse(base_url, None).host
