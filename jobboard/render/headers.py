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
    """One rule per top-level file or folder (plan/policies.py: no two rules match one
    path, since hosts disagree on how they combine)."""
    lines = []
    for pattern, policy in context["rules"]:
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers(policy)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a `_headers` file: (URL pattern, headers)."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if line.startswith("  ") and rules:
            name, _, value = line.strip().partition(": ")
            rules[-1][1].append((name, value))
        elif line.strip():
            rules.append((line.strip(), []))
    return rules


def for_path(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> list[tuple[str, str]]:
    """The headers a host reading `_headers` sends with `path` (our rules never overlap:
    the first that matches)."""
    for pattern, values in rules:
        if pattern == path or (pattern.endswith("/*") and
                               (path + "/").startswith(pattern[:-1])):
            return values
    return []
