"""Open data: every open offer with its structured fields, as JSON and as CSV.

`record()` is the one place that flattens an offer for machines; `SCHEMA`
documents it (published as /offres.schema.json and checked by the tests).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from jobboard import dates
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


_DATE = {"format": "date"}
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
            "properties": {
                "id": _text("Identifiant stable (nom du fichier de l'offre)", False),
                "url": _text("Adresse de la page de l'offre", False, format="uri"),
                "title": _text("Intitulé du poste", False),
                "reference": _text("Référence de l'employeur"),
                "employers": _list("Employeurs, le premier recrute", {
                    "type": "object", "additionalProperties": False,
                    "required": ["id", "name", "kind", "website"],
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                   "kind": {"type": "string"},
                                   "website": {"type": "string", "format": "uri"}}}),
                "published": _text("Date de publication", False, **_DATE),
                "updated": _text("Date de mise à jour", **_DATE),
                "deadline": _text("Date limite de candidature (incluse)", False, **_DATE),
                "closes_at": _text("Fin du dépôt des candidatures (heure de Paris)", False,
                                   format="date-time"),
                "start_date": _text("Date de prise de poste", **_DATE),
                "start_text": _text("Prise de poste, en texte (« Dès que possible »)"),
                "categories": _list("Catégories : A+, A, B, C",
                                    {"enum": ["A+", "A", "B", "C"]}),
                "cadres": _list("Cadres d'emplois"),
                "grades": _list("Grades"),
                "filiere": _text("Filière (code)", False),
                "filiere_label": _text("Filière (libellé)", False),
                "job_family": _text("Famille de métiers"),
                "service": _text("Service de rattachement"),
                "employment_type": {"enum": ["permanent", "temporary"],
                                    "description": "Emploi permanent ou non permanent"},
                "duration": _text("Durée du contrat"),
                "vacancy_reason": _text("Motif du recrutement"),
                "recruitment_routes": _list("Voies de recrutement", {"enum": [
                    "mutation", "detachement", "liste-aptitude", "integration-directe",
                    "contractuel"]}),
                "open_to_contractuels": {"type": "boolean",
                                         "description": "Ouvert aux contractuels"},
                "contract_basis": _text("Fondement juridique du recrutement contractuel"),
                "working_time": {"enum": ["full-time", "part-time", None],
                                 "description": "Temps complet ou non complet"},
                "weekly_hours": {"type": ["number", "null"],
                                 "description": "Heures hebdomadaires"},
                "schedule": _text("Horaires"),
                "remote_work": _text("Télétravail"),
                "pay_text": _text("Rémunération, en texte"),
                "pay_min": {"type": ["number", "null"], "description": "Minimum brut, euros"},
                "pay_max": {"type": ["number", "null"], "description": "Maximum brut, euros"},
                "pay_unit": {"enum": ["hour", "day", "week", "month", "year", None],
                             "description": "Période de pay_min et pay_max"},
                "location": {"type": "object", "additionalProperties": False,
                             "required": ["postal_code", "city"],
                             "description": "Lieu de travail",
                             "properties": {"name": _text("Nom du lieu"),
                                            "street": _text("Voie"),
                                            "postal_code": _text("Code postal", False),
                                            "city": _text("Commune", False)}},
                "contacts": _list("Contacts", {
                    "type": "object", "additionalProperties": False,
                    "properties": {k: _text(k) for k in ("name", "role", "phone", "email")}}),
                "apply": {"type": "object", "additionalProperties": False,
                          "description": "Comment candidater",
                          "properties": {"email": _text("Courriel"),
                                         "url": _text("Adresse web", format="uri"),
                                         "address": _text("Adresse postale"),
                                         "documents": _list("Pièces à joindre"),
                                         "note": _text("Précisions")}},
                "interview_dates": _list("Dates d'entretien", {"type": "string", **_DATE}),
                "themes": _list("Thèmes"),
            },
        }},
    },
}


def render_json(ctx: dict, full_html: Callable | None = None) -> bytes:
    items = ctx["items"]
    data = {"title": ctx["site"].title, "generated": ctx["today"].isoformat(),
            "count": len(items), "offers": [record(v) for v in items]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_schema(ctx: dict, full_html: Callable | None = None) -> bytes:
    return (json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


CSV_COLUMNS = ["id", "url", "title", "reference", "employers", "employer_ids", "published",
               "updated", "deadline", "start_date", "start_text", "categories", "cadres",
               "grades", "filiere", "job_family", "service", "employment_type", "duration",
               "vacancy_reason", "recruitment_routes", "open_to_contractuels", "contract_basis",
               "working_time", "weekly_hours", "schedule", "remote_work", "pay_text", "pay_min",
               "pay_max", "pay_unit", "location_name", "location_street", "location_postal_code",
               "location_city", "contact_names", "contact_phones", "contact_emails",
               "apply_email", "apply_url", "apply_address", "apply_documents", "interview_dates",
               "themes"]


def csv_row(r: dict[str, Any]) -> dict[str, Any]:
    row = {k: r[k] for k in CSV_COLUMNS if k in r}
    row["employers"] = [e["name"] for e in r["employers"]]
    row["employer_ids"] = [e["id"] for e in r["employers"]]
    for key in ("name", "street", "postal_code", "city"):
        row[f"location_{key}"] = r["location"][key]
    for key in ("name", "phone", "email"):
        row[f"contact_{key}s"] = [c[key] for c in r["contacts"] if c[key]]
    for key in ("email", "url", "address", "documents"):
        row[f"apply_{key}"] = r["apply"][key]
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
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for v in ctx["items"]:
        writer.writerow(csv_row(record(v)))
    return buffer.getvalue().encode("utf-8")
