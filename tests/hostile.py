"""A hostile content tree: every free-text field of the site, the employer and the
offer holds markup that would run script if it were not escaped, and the body
holds every way Markdown has of smuggling HTML or a `javascript:` URL.

Each payload names its field, so a failure says which field leaked:
`window.__xss` collects the names of the fields whose script ran.
"""

from __future__ import annotations

import dataclasses
import json
import typing

SLUG = "poste-piege"


def payload(field: str) -> str:
    run = f"window.__xss.push('{field}')"
    return (f"\"'><script>{run}</script><img src=x onerror=\"{run}\">"
            f"<svg onload=\"{run}\"></svg></script><!-- ]]> &amp; {{{{7*7}}}} {field}")


def _fields(prefix: str, names: list[str]) -> dict:
    return {name: payload(f"{prefix}.{name}") for name in names}


SITE = {
    **_fields("site", ["title", "description", "region"]),
    "base_url": "https://emplois.example/", "language": "fr", "timezone": "Europe/Paris",
    "publisher": {**_fields("publisher", ["name"]), "email": "contact@emplois.example"},
}

EMPLOYER = {
    **_fields("employer", ["name", "description"]),
    "kind": "commune", "departement": "59", "website": "https://www.aulnoy.example",
    "address": {**_fields("address", ["street", "city"]), "postal_code": "59300"},
}

# Spreadsheet formulas at the start of the cells of the open data CSV, and a
# line break that would start a calendar event of its own.
FORMULAS = {"reference": "=HYPERLINK(\"https://evil.example\",\"clic\")",
            "job_family": "+cmd|' /C calc'!A0", "vacancy_reason": "-2+3+cmd|' /C calc'!A0",
            "remote_work": "@SUM(1+1)*cmd|' /C calc'!A0"}
ICAL_BREAK = "Agent\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Faux événement\rX-EVIL:1"

OFFER = {
    "title": payload("offer.title") + ICAL_BREAK,
    "employers": ["ville-piege"],
    "published": "2026-01-05", "deadline": "2026-03-01",
    "start": payload("offer.start"),
    "categories": ["C"], "filiere": "administrative",
    "cadres": [payload("offer.cadres")], "grades": [payload("offer.grades")],
    "service": payload("offer.service"),
    **FORMULAS,
    "employment": {"type": "temporary", **_fields("employment", ["duration"])},
    "recruitment": {"routes": ["contractuel"], **_fields("recruitment", ["contract_basis"])},
    "working_time": {"type": "full-time", **_fields("working_time", ["schedule"])},
    "pay": _fields("pay", ["text"]),
    "location": {**_fields("location", ["name", "street", "city"]), "postal_code": "59300"},
    "contacts": [{**_fields("contact", ["name", "role"]), "email": "drh@aulnoy.example"}],
    "apply": {"email": "drh@aulnoy.example", "documents": [payload("apply.documents")],
              **_fields("apply", ["address", "note"])},
    "interviews": {"dates": ["2026-03-10"], **_fields("interviews", ["note"])},
    "themes": [payload("offer.themes")],
}

BODY = """\
## Missions <script>window.__xss.push('body.heading')</script>

<script>window.__xss.push('body.script')</script>

<div onmouseover="window.__xss.push('body.div')">survol</div>

Texte <img src=x onerror="window.__xss.push('body.inline')"> et <b onclick="x()">gras</b>.

- [lien](javascript:window.__xss.push('body.link'))
- [casse](JaVaScRiPt:window.__xss.push('body.case'))
- [entité](&#106;avascript:window.__xss.push('body.entity'))
- [données](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
- [vb](vbscript:msgbox(1))
- <javascript:window.__xss.push('body.autolink')>
- [référence][piege]
- ![image](javascript:window.__xss.push('body.image'))
- ![titre](/theme/style.css "\\" onerror=\\"window.__xss.push('body.title')")
- [ok](https://www.service-public.fr/)

[piege]: javascript:window.__xss.push('body.reference')

<iframe src="javascript:window.__xss.push('body.iframe')"></iframe>
<style>body { display: none }</style>
"""


def write(site) -> None:
    """Write the hostile tree into a FixtureSite (tests/conftest.py)."""
    site.write("site.yaml", json.dumps(SITE, ensure_ascii=False))
    site.write("employers/ville-piege.yaml", json.dumps(EMPLOYER, ensure_ascii=False))
    site.write(f"offers/{SLUG}.md",
               f"---\n{json.dumps(OFFER, ensure_ascii=False, indent=1)}\n---\n{BODY}")


def free_text_fields(cls: type, prefix: str = "") -> list[str]:
    """Every field of the model an editor fills with free text (no format check)."""
    found = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in ("slug", "source", "body_html", "digest") or f.metadata.get("check"):
            continue
        tp = hints[f.name]
        args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
        inner = [typing.get_args(a)[0] if typing.get_origin(a) is list else a for a in args]
        if str in inner:
            found.append(prefix + f.name)
        found += [name for a in inner if dataclasses.is_dataclass(a)
                  for name in free_text_fields(a, f"{prefix}{f.name}.")]
    return found


def covered(data: dict, prefix: str = "") -> set[str]:
    """The dotted field names of `data` that hold a payload or a formula."""
    names = set()
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, dict):
                names |= covered(v, f"{prefix}{key}.")
            elif isinstance(v, str) and ("__xss" in v or v in FORMULAS.values()):
                names.add(prefix + key)
    return names

