"""Check JSON-LD against the schema.org vocabulary (release in ../shared/schemaorg/).

Every property must exist, apply to its object's type (or a supertype), and
hold a value of a type in its range.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

# ../shared/schemaorg next to the checkout; a git worktree sits one level deeper
# (/work/wt/<name>), so the nearest parent that has it is used.
SHARED = next((p / "shared" / "schemaorg" for p in Path(__file__).resolve().parents[1:]
               if (p / "shared" / "schemaorg").is_dir()),
              Path(__file__).resolve().parents[2] / "shared" / "schemaorg")
VOCABULARY = SHARED / "schemaorg-current-https.jsonld"
CONTEXT = SHARED / "schemaorgcontext.jsonld"


@cache
def graph() -> dict[str, dict]:
    data = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    return {node["@id"]: node for node in data["@graph"]}


def _ids(value) -> list[str]:
    if not value:
        return []
    return [v["@id"] for v in (value if isinstance(value, list) else [value])]


@cache
def supertypes(cls: str) -> frozenset[str]:
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo += _ids(graph().get(c, {}).get("rdfs:subClassOf"))
    return frozenset(seen)


def _text_ok(value: str, ranges: set[str]) -> bool:
    if ranges & {"schema:Text", "schema:CssSelectorType", "schema:XPathType"}:
        return True
    if "schema:URL" in ranges and re.match(r"^https?://\S+$", value):
        return True
    if "schema:DateTime" in ranges and "T" in value:
        try:
            return datetime.fromisoformat(value).tzinfo is not None
        except ValueError:
            pass
    if "schema:Date" in ranges:
        try:
            return date.fromisoformat(value).isoformat() == value
        except ValueError:
            pass
    return False


def problems(obj: dict, path: str = "$") -> list[str]:
    """Every way `obj` departs from the vocabulary (empty list when it conforms)."""
    g, found = graph(), []
    cls = "schema:" + obj.get("@type", "")
    if cls not in g:
        return [f"{path}: unknown type {obj.get('@type')!r}"]
    for key, value in obj.items():
        if key.startswith("@"):
            continue
        prop = g.get("schema:" + key)
        if prop is None or prop.get("@type") != "rdf:Property":
            found.append(f"{path}.{key}: no such schema.org property")
            continue
        if not set(_ids(prop.get("schema:domainIncludes"))) & supertypes(cls):
            found.append(f"{path}.{key}: not a property of {obj['@type']}")
        ranges = set(_ids(prop.get("schema:rangeIncludes")))
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}" + (f"[{i}]" if isinstance(value, list) else "")
            if isinstance(item, dict):
                sub = "schema:" + item.get("@type", "")
                if not supertypes(sub) & ranges:
                    found.append(f"{where}: a {item.get('@type')} is not in the range of {key}")
                found += problems(item, where)
            elif isinstance(item, bool):
                if "schema:Boolean" not in ranges:
                    found.append(f"{where}: a Boolean is not in the range of {key}")
            elif isinstance(item, (int, float)):
                if not ranges & {"schema:Number", "schema:Integer", "schema:Float"}:
                    found.append(f"{where}: a Number is not in the range of {key}")
            elif isinstance(item, str):
                if not _text_ok(item, ranges):
                    found.append(f"{where}: {item[:40]!r} does not fit the range of {key}")
            else:
                found.append(f"{where}: unexpected value {item!r}")
    return found
