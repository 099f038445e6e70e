"""`build.py new offer|employer`: write a valid file with every field, commented in French.

Required values come from flags, or are asked for at a terminal. The slug is
made from the title and the employer's town (offers) or the name (employers);
an existing file is never overwritten: a free slug is chosen instead.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from collections.abc import Callable

import yaml

from . import model
from .dates import resolve_today
from .slugs import slugify

OFFER = '''\
---
# yaml-language-server: $schema=../../docs/schema/offre.json
# Offre d'emploi. Les lignes qui commencent par « # » sont des commentaires :
# retirez le « # » d'un champ facultatif pour l'utiliser. Guide : content/README.md
title: {title}  # obligatoire : intitulé du poste, avec (F/H)
employers: [{employer}]  # obligatoire : employeur(s) ; le premier signe le contrat
# reference: "RH-2026-001"  # facultatif : référence de l'employeur, unique
published: {published}  # obligatoire : date de publication (AAAA-MM-JJ)
# updated: {published}  # facultatif : date de la dernière modification
deadline: {deadline}  # obligatoire : date limite de candidature, incluse
# closed: {published}  # facultatif : poste pourvu ou retiré avant la date limite : l'offre est close dès ce jour
# start: Dès que possible  # facultatif : date (AAAA-MM-JJ) ou texte
categories: [{category}]  # obligatoire : A+, A, B ou C (plusieurs possibles : [A, B])
# cadres: [Adjoints administratifs territoriaux]  # facultatif : cadre(s) d'emplois
# grades: [Adjoint administratif]  # facultatif : grade(s)
filiere: {filiere}  # obligatoire : {filieres}
# job_family: Accueil  # facultatif : famille de métiers
# service: Direction de la population  # facultatif : service de rattachement
employment:
  type: permanent  # obligatoire : permanent ou temporary (emploi non permanent)
  # duration: 12 mois  # facultatif : durée du contrat
# vacancy_reason: Départ à la retraite  # facultatif : motif du recrutement
# recruitment:
#   routes: [mutation, detachement, liste-aptitude, contractuel]  # voies de recrutement
#   contract_basis: "L332-8 2°"  # fondement du recrutement d'un contractuel
# working_time:
#   type: full-time  # full-time (temps complet) ou part-time (temps non complet)
#   weekly_hours: 35  # heures par semaine
#   schedule: du lundi au vendredi  # horaires
# remote_work: Possible un jour par semaine  # facultatif : télétravail
# pay:  # recommandé
#   text: Rémunération statutaire + régime indemnitaire
#   min: 1900  # en euros bruts
#   max: 2300
#   unit: month  # hour, day, week, month ou year
# location:  # facultatif : sinon, l'adresse du premier employeur
#   name: Médiathèque
#   street: 1 rue de la Gare
#   postal_code: "59300"
#   city: Valenciennes
# contacts:  # recommandé
#   - name: Prénom Nom
#     role: Responsable du service
#     phone: "03 27 00 00 00"
#     email: prenom.nom@exemple.fr
apply:  # obligatoire : au moins un courriel, un lien ou une adresse postale
  {apply_line}
  # url: https://www.exemple.fr/emploi  # candidature en ligne
  # address: |  # adresse postale, sur plusieurs lignes
  #   Monsieur le Maire
  #   Hôtel de ville
  documents: [CV, Lettre de motivation]  # pièces à joindre
  # note: Merci de rappeler la référence de l'offre.
# interviews:
#   dates: [2027-01-15]  # dates d'entretien prévues
#   note: L'après-midi
# themes: [Cité éducative]  # facultatif : mots-clés
draft: true  # brouillon : passez à false (ou retirez la ligne) pour publier
---
## Le contexte

Présentez la collectivité et le service en quelques phrases.

## Vos missions

- Première mission ;
- Deuxième mission.

## Votre profil

- Formation ou expérience attendue ;
- Qualités recherchées.
'''

EMPLOYER = '''\
# yaml-language-server: $schema=../../docs/schema/employeur.json
# Employeur. Guide : content/README.md
name: {name}  # obligatoire : nom officiel
kind: {kind}  # obligatoire : {kinds}
address:  # obligatoire
  # street: Place de l'Hôtel de ville  # facultatif : voie
  postal_code: "{postal_code}"  # obligatoire : 5 chiffres, entre guillemets
  city: {city}  # obligatoire
departement: "{departement}"  # obligatoire : 02, 59, 60, 62 ou 80, entre guillemets
website: {website}  # obligatoire : site internet
# logo: logos/{slug}.svg  # facultatif : fichier image dans content/employers/logos/
# description: Une ou deux phrases de présentation.  # facultatif
'''


def add_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("offer fields")
    g.add_argument("--title")
    g.add_argument("--employer", help="employer slug, such as ville-de-douai")
    g.add_argument("--deadline", metavar="YYYY-MM-DD")
    g.add_argument("--published", metavar="YYYY-MM-DD", help="default: today")
    g.add_argument("--category", choices=list(model.CATEGORIES), default=None)
    g.add_argument("--filiere", choices=list(model.FILIERES), default=None)
    g.add_argument("--email", help="where applications are sent")
    e = p.add_argument_group("employer fields")
    e.add_argument("--name")
    e.add_argument("--kind", choices=list(model.EMPLOYER_KINDS), default=None)
    e.add_argument("--postal-code")
    e.add_argument("--city")
    e.add_argument("--website")


def _q(text: str) -> str:
    """A YAML scalar for a value typed by a person (quotes when needed)."""
    return yaml.safe_dump(text, allow_unicode=True, width=1000).removesuffix("\n...\n").strip()


def free_path(folder: Path, slug: str, suffix: str) -> Path:
    """content/x/<slug><suffix>, or <slug>-2, -3... if taken: never overwrite."""
    path, n = folder / f"{slug}{suffix}", 2
    while path.exists():
        path, n = folder / f"{slug}-{n}{suffix}", n + 1
    return path


def _ask(args, fields: list[tuple[str, str, Callable[[str], str | None]]],
         ask: Callable[[str], str] | None) -> list[str]:
    """Fill missing values from the terminal; return the names still missing."""
    missing = []
    for name, question, check in fields:
        while getattr(args, name) in (None, ""):
            if ask is None:
                missing.append(name)
                break
            answer = ask(f"{question} : ").strip()
            problem = check(answer) if answer else "une valeur est obligatoire"
            if problem:
                print(f"  {problem}", file=sys.stderr)
            else:
                setattr(args, name, answer)
    return missing


def _date_check(value: str) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return "attendu : une date AAAA-MM-JJ, par exemple 2026-12-31"
    return None


def _choice_check(choices) -> Callable[[str], str | None]:
    return lambda v: None if v in choices else "attendu : " + ", ".join(choices)


def _ok(value: str) -> None:
    return None


def run(args, ask: Callable[[str], str] | None = None) -> int:
    if ask is None and sys.stdin.isatty():
        ask = input
    if args.kind == "offer":
        return _new_offer(args, ask)
    return _new_employer(args, ask)


def _known_employers(content: Path) -> list[str]:
    return sorted(p.stem for p in (content / "employers").glob("*.yaml"))


def _new_offer(args, ask) -> int:
    employers = _known_employers(args.content)
    missing = _ask(args, [
        ("title", "Intitulé du poste (ex. Agent d'accueil (F/H))", _ok),
        ("employer", "Employeur (" + ", ".join(employers) + ")", _choice_check(employers)),
        ("deadline", "Date limite de candidature (AAAA-MM-JJ)", _date_check),
        ("category", "Catégorie (A+, A, B, C)", _choice_check(list(model.CATEGORIES))),
        ("filiere", "Filière", _choice_check(list(model.FILIERES))),
        ("email", "Courriel de candidature", lambda v: model.check_email(v) and
         "attendu : une adresse comme drh@ville-exemple.fr"),
    ], ask)
    if missing:
        print("build.py new offer: missing " + ", ".join("--" + m for m in missing),
              file=sys.stderr)
        return 2
    if args.employer not in employers:
        print(f"build.py new offer: unknown employer '{args.employer}'; known: "
              + ", ".join(employers), file=sys.stderr)
        return 2
    published = args.published or resolve_today(None).isoformat()
    emp = yaml.safe_load((args.content / "employers" / f"{args.employer}.yaml").read_text())
    city = (emp.get("address") or {}).get("city", "") if isinstance(emp, dict) else ""
    title_words = args.title.replace("(F/H)", "").replace("(H/F)", "")
    slug = slugify(f"{title_words} {city}")
    path = free_path(args.content / "offers", slug, ".md")
    text = OFFER.format(title=_q(args.title), employer=args.employer, published=published,
                        deadline=args.deadline, category=args.category, filiere=args.filiere,
                        filieres=", ".join(model.FILIERES),
                        apply_line=f"email: {args.email}  # courriel de candidature")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path} (a draft: set draft: false to publish)")
    return 0


def _new_employer(args, ask) -> int:
    missing = _ask(args, [
        ("name", "Nom officiel (ex. Ville de Douai)", _ok),
        ("kind", "Type (" + ", ".join(model.EMPLOYER_KINDS) + ")",
         _choice_check(list(model.EMPLOYER_KINDS))),
        ("postal_code", "Code postal", lambda v: model.check_postal_code(v) and
         "attendu : 5 chiffres"),
        ("city", "Commune", _ok),
        ("website", "Site internet (https://...)", lambda v: model.check_url(v) and
         "attendu : une adresse qui commence par https://"),
    ], ask)
    if missing:
        print("build.py new employer: missing " + ", ".join(
            "--" + m.replace("_", "-") for m in missing), file=sys.stderr)
        return 2
    slug = slugify(args.name)
    path = free_path(args.content / "employers", slug, ".yaml")
    departement = args.postal_code[:2]
    text = EMPLOYER.format(name=_q(args.name), kind=args.kind,
                           kinds=", ".join(model.EMPLOYER_KINDS), postal_code=args.postal_code,
                           city=_q(args.city),
                           departement=departement, website=args.website, slug=slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}")
    return 0
