"""`_headers`: the HTTP headers of every file, for hosts that read such a file
(Netlify, Cloudflare Pages). A page carries its policy in a <meta>, but a logo,
a feed or a JSON file has no <meta>: only a header puts them under the policy.
README.md ("Deploying") gives the same headers for nginx and Apache.
"""

from __future__ import annotations

from collections.abc import Callable


def headers(policy: str) -> list[tuple[str, str]]:
    """The headers every file of the site is served with."""
    return [("Content-Security-Policy", policy),
            # A file is what its extension says: a browser never runs a logo as a page.
            ("X-Content-Type-Options", "nosniff")]


def render(context: dict, _full_html: Callable) -> bytes:
    lines = ["/*"] + [f"  {name}: {value}" for name, value in headers(context["policy"])]
    return ("\n".join(lines) + "\n").encode("utf-8")
