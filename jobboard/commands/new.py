"""`build.py new offer|employer`: write a valid file with every field, commented in French.

Required values come from flags, or are asked for at a terminal; a flag goes through
the same check as an answer, with the same message, so that both write a file that
`check` accepts. Answers are matched without regard to case or accents ("b" is B,
"Sociale" is sociale), and dates may be written 22/02/2026. The slug is
made from the title and the employer's town (offers) or the name (employers);
an existing file is never overwritten: a free slug is chosen instead.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from jobboard.commands.options import NewOptions
from jobboard.content import model
from jobboard.content.frontmatter import (
    OFFER_BODY,
    offer_slug,
    render_front_matter,
    slots,
    write_new,
    yaml_scalar,
)
from jobboard.text import fold, nearest, slugify

# The employer file's layout; each comment and example is its field's spec() in model.py
# (frontmatter.slots), filled in by `employer_text`.
EMPLOYER = '''\
# yaml-language-server: $schema=../../docs/schema/employeur.json
# Employeur. Guide : content/README.md
name: {name}  # {c[name]}
kind: {kind}  # {c[kind]}
address:  # {c[address]}
  # street: {e[address.street]}  # {c[address.street]}
  postal_code: "{postal_code}"  # {c[address.postal_code]}
  city: {city}  # {c[address.city]}
departement: "{departement}"  # {c[departement]}
website: {website}  # {c[website]}
# logo: logos/{slug}.svg  # {c[logo]}
# description: {e[description]}  # {c[description]}
'''


def employer_text(**values: str) -> str:
    comments, examples = {}, {}
    for slot in slots(model.Employer):
        for path, s in [(slot.key, slot)] + [(f"{slot.key}.{c.key}", c) for c in slot.children]:
            comments[path], examples[path] = s.comment, s.example
    return EMPLOYER.format(c=comments, e=examples, **values)


def add_arguments(p: argparse.ArgumentParser) -> None:
    # No `choices=`: values are checked (and matched without regard to case or accents)
    # by the same questions a terminal asks.
    g = p.add_argument_group("offer fields")
    g.add_argument("--title")
    g.add_argument("--employer", help="employer slug, such as ville-de-douai")
    g.add_argument("--deadline", metavar="YYYY-MM-DD", help="or DD/MM/YYYY; not in the past")
    g.add_argument("--published", metavar="YYYY-MM-DD",
                   help="default: none, the date of the file's first commit")
    g.add_argument("--category", metavar="|".join(model.CATEGORIES))
    g.add_argument("--filiere", metavar="FILIERE", help=", ".join(model.FILIERES))
    g.add_argument("--email", help="where applications are sent")
    e = p.add_argument_group("employer fields")
    e.add_argument("--name")
    e.add_argument("--kind", metavar="KIND", help=", ".join(model.EMPLOYER_KINDS))
    e.add_argument("--postal-code")
    e.add_argument("--city")
    e.add_argument("--website")


class Refused(ValueError):
    """An answer or a flag that would not pass `check`; the message is for the editor."""


@dataclass(frozen=True)
class Question:
    name: str  # the field of NewOptions, and the flag (--name, with - for _)
    text: str  # asked at a terminal
    parse: Callable[[str], object]  # the value to write, or raises Refused

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


def _answers(args: NewOptions, questions: list[Question], ask: Callable[[str], str] | None,
             command: str) -> dict | int:
    """Each question's value, from its flag or asked at a terminal; an exit code on error.

    A flag goes through the same `parse` as an answer: a refused flag is a usage error
    with the answer's message; a refused answer is asked again.
    """
    values, errors, missing = {}, [], []
    for q in questions:
        given = getattr(args, q.name)
        if given not in (None, ""):
            try:
                values[q.name] = q.parse(given.strip())
            except Refused as e:
                errors.append(f"{q.flag} '{given}': {e}")
            continue
        while q.name not in values:
            if ask is None:
                missing.append(q.flag)
                break
            answer = ask(f"{q.text} : ").strip()
            try:
                if not answer:
                    raise Refused("une valeur est obligatoire")
                values[q.name] = q.parse(answer)
            except Refused as e:
                print(f"  {e}", file=sys.stderr)
    for error in errors:
        print(f"build.py {command}: {error}", file=sys.stderr)
    if missing:
        print(f"build.py {command}: missing " + ", ".join(missing), file=sys.stderr)
    return 2 if errors or missing else values


# --- How answers are read ----------------------------------------------------------

def _text(value: str) -> str:
    return value


def _key(text: str) -> str:
    """An answer as it is compared: no case, no accents, spaces as dashes."""
    return re.sub(r"[\s_]+", "-", fold(text.strip()))


def _choice(labels: dict[str, str]) -> Callable[[str], str]:
    """One of `labels`' keys, typed as the key or as its French label, in any case."""
    def parse(value: str) -> str:
        for key, label in labels.items():
            if _key(value) in (_key(key), _key(label)):
                return key
        raise Refused("attendu : " + ", ".join(labels))
    return parse


_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value: str) -> date:
    """2026-02-22, or 22/02/2026 as French people write it (also 22.02.2026, 22-02-2026)."""
    m = _FRENCH_DATE.match(value)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            return date.fromisoformat(value)
    except ValueError:
        raise Refused(f"le {value} n'existe pas : vérifiez le jour et le mois") from None
    raise Refused("attendu : une date AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2026-12-31")


def _deadline(today: date, published: date | None) -> Callable[[str], date]:
    def parse(value: str) -> date:
        day = parse_date(value)
        start = max(today, published) if published else today
        if day < start:
            raise Refused(f"la date limite {day.isoformat()} est passée (aujourd'hui : "
                          f"{today.isoformat()})" if day < today else
                          f"la date limite {day.isoformat()} est avant la publication "
                          f"({start.isoformat()})")
        return day
    return parse


def _checked(check: Callable[[str], object], expected: str) -> Callable[[str], str]:
    """A model field check (None when fine) as a parse function with a French message."""
    def parse(value: str) -> str:
        if check(value):
            raise Refused(f"attendu : {expected}")
        return value
    return parse


def _employer(employers: list[str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        for slug in (value, slugify(value)):
            if slug in employers:
                return slug
        if not employers:
            raise Refused("aucun employeur dans content/employers/ : créez-le d'abord avec "
                          "build.py new employer")
        raise Refused("employeur inconnu ; les plus proches : "
                      + ", ".join(nearest(slugify(value), employers))
                      + " (ou créez-le : build.py new employer)")
    return parse


def _postal_code(value: str) -> str:
    if model.check_postal_code(value):
        raise Refused("attendu : 5 chiffres")
    if value[:2] not in model.DEPARTEMENTS:
        raise Refused("attendu : un code postal des Hauts-de-France (département "
                      + ", ".join(model.DEPARTEMENTS) + ")")
    return value


# --- The commands --------------------------------------------------------------------

def run(args: NewOptions, ask: Callable[[str], str] | None = None) -> int:
    if ask is None and sys.stdin.isatty():
        ask = input
    if args.what == "offer":
        return _new_offer(args, ask)
    return _new_employer(args, ask)


def _known_employers(content: Path) -> list[str]:
    return sorted(p.stem for p in (content / "employers").glob("*.yaml"))


def _new_offer(args: NewOptions, ask) -> int:
    today = args.today
    assert today is not None  # cli.options resolves it for an offer
    published = None
    if args.published:
        try:
            published = parse_date(args.published.strip())
        except Refused as e:
            print(f"build.py new offer: --published '{args.published}': {e}", file=sys.stderr)
            return 2
    employers = _known_employers(args.content)
    shown = employers if len(employers) <= 8 else employers[:8] + ["…"]
    values = _answers(args, [
        Question("title", "Intitulé du poste (ex. Agent d'accueil (F/H))", _text),
        Question("employer", "Employeur (" + ", ".join(shown) + ")", _employer(employers)),
        Question("deadline", "Date limite de candidature (AAAA-MM-JJ ou JJ/MM/AAAA)",
                 _deadline(today, published)),
        Question("category", "Catégorie (A+, A, B, C)", _choice(model.CATEGORIES)),
        Question("filiere", "Filière (" + ", ".join(model.FILIERES) + ")",
                 _choice(model.FILIERES)),
        Question("email", "Courriel de candidature",
                 _checked(model.check_email, "une adresse comme drh@ville-exemple.fr")),
    ], ask, "new offer")
    if isinstance(values, int):
        return values
    emp = yaml.safe_load((args.content / "employers" / f"{values['employer']}.yaml").read_text())
    city = (emp.get("address") or {}).get("city", "") if isinstance(emp, dict) else ""
    # No `published` unless given: the file's first commit dates it (see gitdates.py), so
    # a draft published two weeks later does not show the day it was started.
    front = {"title": values["title"], "employers": [values["employer"]],
             **({"published": published} if published else {}),
             "deadline": values["deadline"], "categories": [values["category"]],
             "filiere": values["filiere"], "employment": {"type": "permanent"},
             "apply": {"email": values["email"], "documents": ["CV", "Lettre de motivation"]},
             "draft": True}
    text = render_front_matter(front) + OFFER_BODY
    path = write_new(args.content / "offers", offer_slug(values["title"], city), ".md", text)
    print(f"Wrote {path} (a draft: set draft: false to publish)")
    return 0


def _new_employer(args: NewOptions, ask) -> int:
    values = _answers(args, [
        Question("name", "Nom officiel (ex. Ville de Douai)", _text),
        Question("kind", "Type (" + ", ".join(model.EMPLOYER_KINDS) + ")",
                 _choice(model.EMPLOYER_KINDS)),
        Question("postal_code", "Code postal", _postal_code),
        Question("city", "Commune", _text),
        Question("website", "Site internet (https://...)",
                 _checked(model.check_url, "une adresse qui commence par https://")),
    ], ask, "new employer")
    if isinstance(values, int):
        return values
    slug = slugify(values["name"])
    text = employer_text(name=yaml_scalar(values["name"]), kind=values["kind"],
                         postal_code=values["postal_code"], city=yaml_scalar(values["city"]),
                         departement=values["postal_code"][:2], website=values["website"],
                         slug=slug)
    path = write_new(args.content / "employers", slug, ".yaml", text)
    print(f"Wrote {path}")
    return 0
