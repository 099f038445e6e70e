"""JSON Schema (draft 2020-12) of offer front matter and employer files, made from the model.

The schema is generated from the same dataclasses and type hints that
validate content, so the two cannot disagree; DOCS holds the French title
and description of every field (a test checks that none is missing). The
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

ISO_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

# Fields filled by the reader, not written by editors.
INTERNAL = {"slug", "source", "body_html", "digest"}
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

CHECK_FORMATS = {
    model.check_email: {"format": "email"},
    model.check_url: {"format": "uri", "pattern": "^https?://"},
    model.check_phone: {"pattern": r"^\+?[0-9 .()-]+$"},
    model.check_postal_code: {"pattern": r"^\d{5}$"},
    model.check_slug: {"pattern": model.SLUG.pattern},
    model.check_logo: {"pattern": r"^[^:]+\.(svg|png|jpe?g|webp)$"},
}

DOCS: dict[str, tuple[str, str]] = {
    # Offer
    "Offer.title": ("Intitulé", "L'intitulé du poste, avec la mention (F/H)."),
    "Offer.employers": ("Employeurs", "Nom(s) de fichier des employeurs ; le premier signe le "
                        "contrat. Exemple : [ville-d-anzin, ville-de-valenciennes]."),
    "Offer.reference": ("Référence", "Référence interne de l'employeur, unique sur le site."),
    "Offer.published": ("Date de publication", "AAAA-MM-JJ. Par défaut : la date du premier "
                        "commit du fichier."),
    "Offer.updated": ("Date de mise à jour", "AAAA-MM-JJ. Par défaut : la date du dernier commit."),
    "Offer.deadline": ("Date limite de candidature", "AAAA-MM-JJ, incluse (heure de Paris)."),
    "Offer.closed": ("Close le", "AAAA-MM-JJ : poste pourvu ou offre retirée avant la date "
                     "limite ; l'offre est close à partir de ce jour."),
    "Offer.start": ("Prise de poste", "Une date AAAA-MM-JJ ou un texte (« Dès que possible »)."),
    "Offer.categories": ("Catégories", "A+, A, B ou C ; plusieurs si le poste est ouvert à "
                         "plusieurs cadres d'emplois (« attachés ou rédacteurs » : [A, B])."),
    "Offer.cadres": ("Cadres d'emplois", "Exemple : [Attachés territoriaux]."),
    "Offer.grades": ("Grades", "Exemple : [Attaché, Attaché principal]."),
    "Offer.filiere": ("Filière", "La filière de la fonction publique territoriale."),
    "Offer.job_family": ("Famille de métiers", "Texte libre."),
    "Offer.service": ("Service", "Direction ou service de rattachement."),
    "Offer.employment": ("Type d'emploi", "Emploi permanent ou non permanent, et durée."),
    "Offer.vacancy_reason": ("Motif du recrutement", "Création de poste, départ…"),
    "Offer.recruitment": ("Recrutement", "Voies de recrutement et fondement juridique."),
    "Offer.working_time": ("Temps de travail", "Temps complet ou non complet, heures."),
    "Offer.remote_work": ("Télétravail", "Texte libre."),
    "Offer.pay": ("Rémunération", "Texte libre et, si possible, un montant brut."),
    "Offer.location": ("Lieu de travail", "Par défaut : l'adresse du premier employeur."),
    "Offer.contacts": ("Contacts", "Personnes ou services à contacter."),
    "Offer.apply": ("Candidater", "Au moins un courriel, un lien ou une adresse postale."),
    "Offer.interviews": ("Entretiens", "Dates prévues des entretiens."),
    "Offer.themes": ("Thèmes", "Mots-clés libres, par exemple [Cité éducative]."),
    "Offer.draft": ("Brouillon", "true : l'offre est vérifiée mais pas publiée."),
    "Employment.type": ("Type", "permanent ou temporary."),
    "Employment.duration": ("Durée", "Durée du contrat, par exemple « 20 mois »."),
    "Recruitment.routes": ("Voies de recrutement", "mutation, detachement, liste-aptitude, "
                           "integration-directe, contractuel."),
    "Recruitment.contract_basis": ("Fondement du recrutement contractuel",
                                   "Article de loi, par exemple « L332-8 2° »."),
    "WorkingTime.type": ("Temps de travail", "full-time (complet) ou part-time (non complet)."),
    "WorkingTime.weekly_hours": ("Heures par semaine", "Un nombre, par exemple 35 ou 17.5."),
    "WorkingTime.schedule": ("Horaires", "Texte libre."),
    "Pay.text": ("Rémunération (texte)", "Par exemple « Statutaire + régime indemnitaire »."),
    "Pay.min": ("Minimum", "Montant brut en euros."),
    "Pay.max": ("Maximum", "Montant brut en euros."),
    "Pay.unit": ("Période", "Obligatoire avec min ou max."),
    "Location.name": ("Nom du lieu", "Par exemple « Hôtel communautaire »."),
    "Location.street": ("Voie", "Numéro et rue."),
    "Location.postal_code": ("Code postal", "5 chiffres, entre guillemets."),
    "Location.city": ("Commune", ""),
    "Contact.name": ("Nom", "Personne ou service."),
    "Contact.role": ("Fonction", ""),
    "Contact.phone": ("Téléphone", "Entre guillemets."),
    "Contact.email": ("Courriel", ""),
    "Apply.email": ("Courriel de candidature", ""),
    "Apply.url": ("Candidature en ligne", "Adresse https://"),
    "Apply.address": ("Adresse postale", "Sur plusieurs lignes avec « | »."),
    "Apply.documents": ("Pièces à joindre", "Par exemple [CV, Lettre de motivation]."),
    "Apply.note": ("Précisions", "Texte libre."),
    "Interviews.dates": ("Dates d'entretien", "Liste de dates AAAA-MM-JJ."),
    "Interviews.note": ("Précisions", "Par exemple « L'après-midi »."),
    # Employer
    "Employer.name": ("Nom", "Nom officiel, par exemple « Ville de Douai »."),
    "Employer.kind": ("Type d'employeur", ""),
    "Employer.address": ("Adresse", ""),
    "Employer.departement": ("Département", "Code du département, entre guillemets."),
    "Employer.website": ("Site internet", "Adresse https://"),
    "Employer.logo": ("Logo", "Fichier image placé dans content/employers/logos/."),
    "Employer.description": ("Présentation", "Une ou deux phrases."),
    "Address.street": ("Voie", ""),
    "Address.postal_code": ("Code postal", "5 chiffres, entre guillemets."),
    "Address.city": ("Commune", ""),
}


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
    if dataclasses.is_dataclass(tp):
        return object_schema(tp)
    return {str: {"type": "string", "minLength": 1}, int: {"type": "integer"},
            float: {"type": "number"}, bool: {"type": "boolean"}, date: dict(ISO_DATE)}[tp]


def object_schema(cls: type) -> dict:
    hints = typing.get_type_hints(cls)
    props, required = {}, []
    for f in dataclasses.fields(cls):
        if f.name in INTERNAL:
            continue
        prop = _type_schema(hints[f.name], f.metadata.get("one_or_many", False))
        check = f.metadata.get("check")
        if check in CHECK_FORMATS:
            target = prop.get("items", prop) if prop.get("type") == "array" else prop
            if "anyOf" in prop:
                for option in prop["anyOf"]:
                    (option.get("items", option) if option.get("type") == "array"
                     else option).update(CHECK_FORMATS[check])
            else:
                target.update(CHECK_FORMATS[check])
        title, description = DOCS[f"{cls.__name__}.{f.name}"]
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
