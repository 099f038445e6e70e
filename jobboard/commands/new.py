"""`build.py new offer|employer`: write a valid file with every field, commented in French.

Required values come from flags, or are asked for at a terminal. The slug is
made from the title and the employer's town (offers) or the name (employers);
an existing file is never overwritten: a free slug is chosen instead.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

from jobboard.content import model
from jobboard.content.frontmatter import (
    OFFER_BODY,
    offer_slug,
    render_front_matter,
    write_new,
    yaml_scalar,
)
from jobboard.dates import resolve_today
from jobboard.text import slugify

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
    values = {"title": args.title, "employers": [args.employer],
              "published": date.fromisoformat(published),
              "deadline": date.fromisoformat(args.deadline), "categories": [args.category],
              "filiere": args.filiere, "employment": {"type": "permanent"},
              "apply": {"email": args.email, "documents": ["CV", "Lettre de motivation"]},
              "draft": True}
    text = render_front_matter(values) + OFFER_BODY
    path = write_new(args.content / "offers", offer_slug(args.title, city), ".md", text)
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
    departement = args.postal_code[:2]
    text = EMPLOYER.format(name=yaml_scalar(args.name), kind=args.kind,
                           kinds=", ".join(model.EMPLOYER_KINDS), postal_code=args.postal_code,
                           city=yaml_scalar(args.city),
                           departement=departement, website=args.website, slug=slug)
    path = write_new(args.content / "employers", slug, ".yaml", text)
    print(f"Wrote {path}")
    return 0
