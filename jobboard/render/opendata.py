"""Open data: every open offer with its structured fields, as JSON and as CSV.

`record()` is the one place that flattens an offer for machines; `SCHEMA`
documents it (published as /offres.schema.json and checked by the tests), the offer's own
fields with their type and description from the model (`described`), and the CSV's
columns follow from it (`CSV_COLUMNS`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from jobboard import dates
from jobboard.content import model
from jobboard.plan.views import OfferView


def record(v: OfferView) -> dict[str, Any]:
    o, wt, pay, rec = v.offer, v.offer.working_time, v.offer.pay, v.offer.recruitment
    return {
        "id": o.slug,
        "url": v.abs_url,
        "title": o.title,
        "reference": o.reference,
        "employers": [{"id": e.slug, "name": e.name, "kind": e.kind, "website": e.website}
                      for e in v.employers],
        "published": o.published.isoformat(),
        "updated": o.updated.isoformat() if o.updated else None,
        "deadline": o.deadline.isoformat(),
        "closes_at": dates.end_of_day(o.deadline).isoformat(),
        "start_date": o.start_date.isoformat() if o.start_date else None,
        "start_text": o.start if isinstance(o.start, str) else None,
        "categories": list(o.categories),
        "cadres": list(o.cadres),
        "grades": list(o.grades),
        "filiere": o.filiere,
        "filiere_label": v.filiere.label,
        "job_family": o.job_family,
        "service": o.service,
        "employment_type": o.employment.type,
        "duration": o.employment.duration,
        "vacancy_reason": o.vacancy_reason,
        "recruitment_routes": list(rec.routes) if rec else [],
        "open_to_contractuels": bool(rec and rec.open_to_contractuels),
        "contract_basis": rec.contract_basis if rec else None,
        "working_time": wt.type if wt else None,
        "weekly_hours": wt.weekly_hours if wt else None,
        "schedule": wt.schedule if wt else None,
        "remote_work": o.remote_work,
        "pay_text": pay.text if pay else None,
        "pay_min": pay.min if pay else None,
        "pay_max": pay.max if pay else None,
        "pay_unit": pay.unit if pay else None,
        "location": {"name": v.place.name, "street": v.place.street,
                     "postal_code": v.place.postal_code, "city": v.place.city},
        "contacts": [{"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
                     for c in o.contacts],
        "apply": {"email": o.apply.email, "url": o.apply.url, "address": o.apply.address,
                  "documents": list(o.apply.documents), "note": o.apply.note},
        "interview_dates": [d.isoformat() for d in o.interviews.dates] if o.interviews else [],
        "themes": list(o.themes),
    }


def _text(description: str, nullable: bool = True, **extra) -> dict:
    return {"type": ["string", "null"] if nullable else "string", "description": description,
            **extra}


def _list(description: str, items: dict | None = None) -> dict:
    return {"type": "array", "items": items or {"type": "string"}, "description": description}


_DATE: dict[str, Any] = {"format": "date"}


def _model_field(path: str) -> tuple[dataclasses.Field, Any, bool]:
    """The offer's field at `path` ("employment.type"), its type without None, and whether
    an offer may lack it (it, or a mapping above it, is optional)."""
    cls: Any = model.Offer
    optional = False
    for name in path.split("."):
        if typing.get_origin(cls) is list:  # contacts.name: a key of each item
            (cls,) = typing.get_args(cls)
        f = next(f for f in dataclasses.fields(cls) if f.name == name)
        tp = typing.get_type_hints(cls)[name]
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            optional = optional or type(None) in typing.get_args(tp)
            (tp,) = [a for a in typing.get_args(tp) if a is not type(None)][:1]
        cls = tp
    return f, tp, optional


def _item(tp: Any) -> dict:
    if typing.get_origin(tp) is Literal:
        return {"enum": list(typing.get_args(tp))}
    return {"type": "string", **(_DATE if tp is date else {})}


def described(path: str, nullable: bool | None = None, enum: bool = True, **extra) -> dict:
    """The open-data schema of an offer's field, from the model: its type hint gives the
    JSON type (a Literal its values), its spec() the description (`data`, else the title)."""
    f, tp, optional = _model_field(path)
    nullable = optional if nullable is None else nullable
    text = f.metadata["data"] or f.metadata["title"]
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        return _list(text, _item(item))
    if typing.get_origin(tp) is Literal and enum:
        return {"enum": list(typing.get_args(tp)) + ([None] if nullable else []),
                "description": text}
    if tp in (int, float):
        return {"type": ["number", "null"] if nullable else "number", "description": text}
    return _text(text, nullable, **(_DATE if tp is date else {}), **extra)


def _object(path: str, keys: tuple[str, ...], required: tuple[str, ...] = (),
            **extra: dict) -> dict:
    """An offer's mapping (location, apply…) with the given keys, each `described`."""
    props = {k: extra.get(k) or described(f"{path}.{k}",
                                          nullable=False if k in required else None)
             for k in keys}
    return {"type": "object", "additionalProperties": False,
            **({"required": list(required)} if required else {}),
            "description": described(path)["description"], "properties": props}


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Offres d'emploi ouvertes",
    "description": "Les offres ouvertes aux candidatures le jour de la génération du site.",
    "type": "object",
    "required": ["title", "generated", "count", "offers"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string"},
        "generated": {"type": "string", "format": "date",
                      "description": "Jour de génération (les offres ouvertes ce jour-là)"},
        "count": {"type": "integer"},
        "offers": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "url", "title", "employers", "published", "deadline",
                         "closes_at", "categories", "filiere", "employment_type", "location",
                         "apply"],
            # Each key of `record()`, in its order: the offer's own fields described by the
            # model (model.py, their spec()), the others (derived) here.
            "properties": {
                "id": _text("Identifiant stable (nom du fichier de l'offre)", False),
                "url": _text("Adresse de la page de l'offre", False, format="uri"),
                "title": described("title"),
                "reference": described("reference"),
                "employers": _list("Employeurs, le premier recrute", {
                    "type": "object", "additionalProperties": False,
                    "required": ["id", "name", "kind", "website"],
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                   "kind": {"type": "string"},
                                   "website": {"type": "string", "format": "uri"}}}),
                "published": described("published"),
                "updated": described("updated"),
                "deadline": described("deadline"),
                "closes_at": _text("Fin du dépôt des candidatures (heure de Paris)", False,
                                   format="date-time"),
                "start_date": _text("Date de prise de poste", **_DATE),
                "start_text": _text("Prise de poste, en texte (« Dès que possible »)"),
                "categories": described("categories"),
                "cadres": described("cadres"),
                "grades": described("grades"),
                "filiere": described("filiere", enum=False),
                "filiere_label": _text("Filière (libellé)", False),
                "job_family": described("job_family"),
                "service": described("service"),
                "employment_type": described("employment.type"),
                "duration": described("employment.duration"),
                "vacancy_reason": described("vacancy_reason"),
                "recruitment_routes": described("recruitment.routes"),
                "open_to_contractuels": {"type": "boolean",
                                         "description": "Ouvert aux contractuels"},
                "contract_basis": described("recruitment.contract_basis"),
                "working_time": described("working_time.type"),
                "weekly_hours": described("working_time.weekly_hours"),
                "schedule": described("working_time.schedule"),
                "remote_work": described("remote_work"),
                "pay_text": described("pay.text"),
                "pay_min": described("pay.min"),
                "pay_max": described("pay.max"),
                "pay_unit": described("pay.unit"),
                # The workplace: the offer's, else its lead employer's address.
                "location": _object("location", ("name", "street", "postal_code", "city"),
                                    required=("postal_code", "city")),
                "contacts": _list(described("contacts")["description"], {
                    "type": "object", "additionalProperties": False,
                    "properties": {k: described(f"contacts.{k}")
                                   for k in ("name", "role", "phone", "email")}}),
                "apply": _object("apply", ("email", "url", "address", "documents", "note"),
                                 url=described("apply.url", format="uri")),
                "interview_dates": described("interviews.dates"),
                "themes": described("themes"),
            },
        }},
    },
}


def render_json(ctx: dict, full_html: Callable | None = None) -> bytes:
    return json_file(ctx, [json_item(ctx, v) for v in ctx["items"]])


def json_item(ctx: dict, v: OfferView) -> bytes:
    """One offer of /offres.json as `json.dumps` of the whole file writes it (indent 2,
    in a list in an object): strings in JSON hold no line break, so lines are indented."""
    return ("    " + json.dumps(record(v), ensure_ascii=False, indent=2)
            .replace("\n", "\n    ")).encode("utf-8")


def json_file(ctx: dict, items: list[bytes]) -> bytes:
    """/offres.json from its offers (`json_item`, in order)."""
    head = {"title": ctx["site"].title, "generated": ctx["today"].isoformat(),
            "count": len(items)}
    text = json.dumps(head, ensure_ascii=False, indent=2).removesuffix("\n}").encode("utf-8")
    offers = b"[\n" + b",\n".join(items) + b"\n  ]" if items else b"[]"
    return text + b',\n  "offers": ' + offers + b"\n}\n"


def render_schema(ctx: dict, full_html: Callable | None = None) -> bytes:
    return (json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# The CSV has the record's columns, in its order, but for what JSON alone carries (a
# timestamp, a label, a note); a mapping becomes one column per key (location_city), a
# list of mappings the columns named here, each a list of one key's values.
JSON_ONLY = {"closes_at", "filiere_label", "apply.note"}
CSV_LISTS = {"employers": {"employers": "name", "employer_ids": "id"},
             "contacts": {"contact_names": "name", "contact_phones": "phone",
                          "contact_emails": "email"}}


def _csv_columns(properties: dict[str, dict]) -> list[str]:
    columns: list[str] = []
    for key, prop in properties.items():
        if key in JSON_ONLY:
            continue
        if key in CSV_LISTS:
            columns += CSV_LISTS[key]
        elif prop.get("type") == "object":
            columns += [f"{key}_{k}" for k in prop["properties"] if f"{key}.{k}" not in JSON_ONLY]
        else:
            columns.append(key)
    return columns


CSV_COLUMNS = _csv_columns(SCHEMA["properties"]["offers"]["items"]["properties"])


def csv_row(r: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in r.items():
        if key in CSV_LISTS:
            for column, sub in CSV_LISTS[key].items():
                row[column] = [item[sub] for item in value if item[sub]]
        elif isinstance(value, dict):
            row |= {f"{key}_{k}": v for k, v in value.items()}
        else:
            row[key] = value
    return {k: cell(row[k]) for k in CSV_COLUMNS}


def cell(value: Any) -> str:
    """One CSV cell: lists joined with '; ', and no text a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    # OWASP: a cell starting with = + - @ or a tab/return is a formula in
    # Excel and LibreOffice; a leading apostrophe makes it plain text.
    # Spreadsheets also skip leading spaces before a formula.
    if text.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        text = "'" + text
    return text


def render_csv(ctx: dict, full_html: Callable | None = None) -> bytes:
    return csv_file(ctx, [csv_item(ctx, v) for v in ctx["items"]])


def csv_item(ctx: dict, v: OfferView) -> bytes:
    """One offer's row of /offres.csv (the writer keeps no state from row to row)."""
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=CSV_COLUMNS).writerow(csv_row(record(v)))
    return buffer.getvalue().encode("utf-8")


def csv_file(ctx: dict, items: list[bytes]) -> bytes:
    """/offres.csv from its rows (`csv_item`, in order)."""
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=CSV_COLUMNS).writeheader()
    return buffer.getvalue().encode("utf-8") + b"".join(items)
