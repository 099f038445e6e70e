"""JSON Schema (draft 2020-12) of offer front matter and employer files, made from the model.

The schema is generated from the same dataclasses and type hints that
validate content, so the two cannot disagree, and takes the French title and
description of every field from the model's `spec(...)` (DOCS is that view). The
generated files are committed in docs/schema/ for editors' tools and
published in the site under /schema/.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from typing import Any, Literal

from jobboard.content import model
from jobboard.content.typed import Format

ISO_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

INTERNAL = model.INTERNAL
# Required in the model, but the reader fills them from git when absent.
FROM_GIT = {"published"}

# French labels of enumerated values, by the Literal type they belong to.
ENUM_LABELS: dict[Any, dict[str, str]] = {
    model.Category: model.CATEGORIES, model.Filiere: model.FILIERES,
    model.EmployerKind: model.EMPLOYER_KINDS, model.Route: model.ROUTES,
    model.EmploymentType: model.EMPLOYMENT_TYPES, model.WorkingTimeType: model.WORKING_TIME_TYPES,
    model.PayUnit: {"hour": "Heure", "day": "Jour", "week": "Semaine", "month": "Mois",
                    "year": "Année"},
    model.Departement: model.DEPARTEMENTS,
}



def _described(cls: type) -> dict[str, tuple[str, str]]:
    """`Class.field` → (French title, description) of every field an editor writes in
    `cls` and the dataclasses under it, read from the model's `spec(...)`."""
    docs: dict[str, tuple[str, str]] = {}
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.name in INTERNAL:
            continue
        docs[f"{cls.__name__}.{f.name}"] = (f.metadata["title"], f.metadata["help"])
        for inner in _dataclasses_in(hints[f.name]):
            docs |= _described(inner)
    return docs


def _dataclasses_in(tp: Any) -> list[type]:
    """The model dataclasses a type hint holds: Pay | None, list[Contact]…"""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return [tp]
    return [c for a in typing.get_args(tp) for c in _dataclasses_in(a)]


# The French title and description of every field, as the model describes them.
DOCS: dict[str, tuple[str, str]] = _described(model.Offer) | _described(model.Employer)


def _type_schema(tp: Any, one_or_many: bool = False) -> dict:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return _type_schema(options[0], one_or_many)
        return {"anyOf": [_type_schema(a) for a in options]}
    if origin is Literal:
        labels = ENUM_LABELS.get(tp, {})
        return {"enum": list(typing.get_args(tp)),
                "oneOf": [{"const": v, "title": labels.get(v, str(v))}
                          for v in typing.get_args(tp)]}
    if origin is list:
        (item,) = typing.get_args(tp)
        array = {"type": "array", "items": _type_schema(item)}
        return {"anyOf": [_type_schema(item), array]} if one_or_many else array
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return object_schema(tp)
    scalars: dict[type, dict] = {str: {"type": "string", "minLength": 1},
                                 int: {"type": "integer"}, float: {"type": "number"},
                                 bool: {"type": "boolean"}, date: dict(ISO_DATE)}
    return scalars[tp]


def object_schema(cls: type) -> dict:
    hints = typing.get_type_hints(cls)
    props, required = {}, []
    for f in dataclasses.fields(cls):
        if f.name in INTERNAL:
            continue
        prop = _type_schema(hints[f.name], f.metadata.get("one_or_many", False))
        check = f.metadata.get("check")
        if isinstance(check, Format):
            target = prop.get("items", prop) if prop.get("type") == "array" else prop
            if "anyOf" in prop:
                for option in prop["anyOf"]:
                    (option.get("items", option) if option.get("type") == "array"
                     else option).update(check.schema)
            else:
                target.update(check.schema)
        title, description = f.metadata["title"], f.metadata["help"]
        props[f.name] = {"title": title, **({"description": description} if description
                                            else {}), **prop}
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING \
                and f.name not in FROM_GIT:
            required.append(f.name)
    return {"type": "object", "properties": props, "required": required,
            "additionalProperties": False}


def document(cls: type, title: str, slug: str) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{slug}.json", "title": title, **object_schema(cls)}


SCHEMAS = {
    "offre": (model.Offer, "Offre d'emploi (en-tête YAML d'un fichier content/offers/*.md)"),
    "employeur": (model.Employer, "Employeur (fichier content/employers/*.yaml)"),
}


def render(name: str) -> bytes:
    cls, title = SCHEMAS[name]
    return (json.dumps(document(cls, title, name), ensure_ascii=False, indent=2)
            + "\n").encode("utf-8")


def render_output(ctx: dict, full_html=None) -> bytes:
    return render(ctx["schema"])
