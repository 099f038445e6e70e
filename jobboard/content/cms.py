"""The web editor's configuration (Decap CMS `config.yml`), made from the model.

Like the JSON Schema (schema.py), it is generated from the dataclasses that validate
content and from the same French titles, descriptions and formats (their `spec(...)` in
model.py, with the form's own help where YAML's would mislead), so the form
cannot offer a field, a value or a requirement that `check` refuses: each type hint
gives the widget (a select list for a Literal, a date picker for a date, a list, an
object), a field is required in the form when it is required in the schema, and the
employers of an offer are a relation to the employer files. Drafts are Decap's
editorial workflow: an entry saved but not published lives on a branch of its own.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from typing import Any, Literal

import yaml

from jobboard.content import model
from jobboard.content.schema import ENUM_LABELS, FROM_GIT, INTERNAL
from jobboard.content.typed import Format

DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
        "time_format": False, "picker_utc": True}

# The Markdown editor offers what the site renders: no level-1 heading (the title is
# the page's), no image, no raw HTML.
BODY = {"name": "body", "label": "Texte de l'annonce", "widget": "markdown",
        "hint": "Intertitres de niveau 2 (Le contexte, Vos missions, Votre profil…), listes "
                "et liens.",
        "buttons": ["bold", "italic", "link", "heading-two", "heading-three",
                    "bulleted-list", "numbered-list", "quote"],
        "editor_components": [], "modes": ["rich_text", "raw"]}

OFFERS, EMPLOYERS = "offres", "employeurs"


def _required(f: dataclasses.Field) -> bool:
    """The JSON Schema's rule (schema.object_schema): no default, not dated by git."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING \
        and f.name not in FROM_GIT


def _widget(tp: Any, f: dataclasses.Field, key: str, optional: bool) -> dict:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return _widget(options[0], f, key, optional)
        return {"widget": "string"}  # a date or a text (start): the validator reads both
    if origin is Literal:
        labels = ENUM_LABELS.get(tp, {})
        return {"widget": "select",
                "options": [{"label": labels.get(v, v), "value": v}
                            for v in typing.get_args(tp)]}
    if origin is list:
        (item,) = typing.get_args(tp)
        if key == "Offer.employers":
            return {"widget": "relation", "collection": EMPLOYERS, "value_field": "{{slug}}",
                    "search_fields": ["name"], "display_fields": ["name"], "multiple": True}
        if typing.get_origin(item) is Literal:
            return {**_widget(item, f, key, optional), "multiple": True}
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return {"widget": "list", "fields": fields(item)}
        if item is date:
            return {"widget": "list", "field": {"name": "date", "label": "Date", **DATE}}
        return {"widget": "list"}  # texts separated by commas
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return {"widget": "object", "fields": fields(tp, optional)}
    if key == "Employer.logo":
        return {"widget": "image", "choose_url": False}
    if tp is date:
        return dict(DATE)
    if tp is bool:
        return {"widget": "boolean", "default": False}
    if tp in (int, float):
        return {"widget": "number", "value_type": "int" if tp is int else "float"}
    return {"widget": "text" if f.metadata["multiline"] else "string"}


def fields(cls: type, optional: bool = False) -> list[dict]:
    """The form's fields for a model dataclass, in the model's order.

    Within an optional object (working time, pay…) nothing is required in the form:
    Decap would refuse to save an offer that leaves the whole object empty. The validator
    still requires `working_time.type` once the object is written."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.name in INTERNAL:
            continue
        key = f"{cls.__name__}.{f.name}"
        label, description = f.metadata["title"], f.metadata["help"]
        # The form's own help when the description, written for YAML ("entre guillemets",
        # "[a, b]"), would mislead in a form where the editor types the value alone.
        hint = description if f.metadata["form"] is None else f.metadata["form"]
        required = _required(f) and not optional
        field = {"name": f.name, "label": label, **({"hint": hint} if hint else {}),
                 **_widget(hints[f.name], f, key, not required)}
        if not required:
            field["required"] = False
        elif field.get("widget") in ("list", "relation", "select") and \
                (field.get("multiple") or field["widget"] == "list"):
            field["min"] = 1
        check = f.metadata.get("check")
        if isinstance(check, Format) and check.form:
            field["pattern"] = list(check.form)
        out.append(field)
    return out


def config(site: model.Site) -> dict:
    """Decap CMS's configuration for `site` (which has an `admin` section)."""
    admin = site.admin
    assert admin is not None
    backend: dict[str, Any] = {"name": admin.backend, "repo": admin.repo,
                               "branch": admin.branch}
    for name in ("base_url", "api_root", "auth_type", "app_id"):
        if getattr(admin, name):
            backend[name] = getattr(admin, name)
    cfg: dict[str, Any] = {"backend": backend}
    if admin.local_backend:
        # Used only when the editor is opened on localhost, with decap-server running.
        cfg["local_backend"] = {"url": admin.local_backend}
    cfg |= {
        "locale": "fr",
        "site_url": site.base_url,
        "display_url": site.base_url,
        "publish_mode": "editorial_workflow",
        # An optional field left empty is not written: the file stays as an editor
        # would write it, and an empty value never reaches the validator.
        "omit_empty_optional_fields": True,
        "media_folder": "content/employers/logos",
        "public_folder": "logos",
        # File names the validator accepts: lowercase ASCII, digits and dashes.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {"name": OFFERS, "label": "Offres d'emploi", "label_singular": "offre",
             "description": "Une offre par fichier de content/offers/ ; le guide de "
                            "rédaction est content/README.md.",
             "folder": "content/offers", "extension": "md", "format": "frontmatter",
             "create": True, "slug": "{{title}}", "identifier_field": "title",
             "summary": "{{title}} (clôture le {{deadline}})",
             "sortable_fields": ["deadline", "title"],
             "fields": fields(model.Offer) + [BODY]},
            {"name": EMPLOYERS, "label": "Employeurs", "label_singular": "employeur",
             "folder": "content/employers", "extension": "yaml", "format": "yaml",
             "create": True, "slug": "{{name}}", "identifier_field": "name",
             "sortable_fields": ["name"], "fields": fields(model.Employer)},
        ],
    }
    return cfg


def render(site: model.Site) -> bytes:
    """config.yml: YAML that a person can read, keys in the order above."""
    head = "# Generated by the build from the content model (jobboard/content/cms.py).\n"
    return (head + yaml.safe_dump(config(site), allow_unicode=True, sort_keys=False,
                                  width=100)).encode("utf-8")
