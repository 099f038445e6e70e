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
from dataclasses import dataclass

import yaml

from . import model
from .dates import resolve_today
from .slugs import slugify

# --- The offer's front matter: every field, in order, with its French comment ---------

@dataclass(frozen=True)
class Slot:
    """One front-matter key: its comment for editors and the example shown, commented
    out, when the file has no value for it. `children` for a mapping (or, with
    `many`, a list of mappings)."""
    key: str
    comment: str = ""
    example: str = ""
    children: tuple[Slot, ...] = ()
    many: bool = False


OFFER_SLOTS: tuple[Slot, ...] = (
    Slot("title", "obligatoire : intitulé du poste, avec (F/H)", "Agent d'accueil (F/H)"),
    Slot("employers", "obligatoire : employeur(s) ; le premier signe le contrat",
         "[ville-de-douai]"),
    Slot("reference", "facultatif : référence de l'employeur, unique", '"RH-2026-001"'),
    Slot("published", "date de publication (AAAA-MM-JJ) ; sans elle, la date du premier "
         "commit du fichier", "2026-01-05"),
    Slot("updated", "facultatif : date de la dernière modification", "2026-01-05"),
    Slot("deadline", "obligatoire : date limite de candidature, incluse", "2026-02-28"),
    Slot("closed", "facultatif : poste pourvu ou retiré avant la date limite : l'offre est "
         "close dès ce jour", "2026-02-15"),
    Slot("start", "facultatif : date (AAAA-MM-JJ) ou texte", "Dès que possible"),
    Slot("categories", "obligatoire : A+, A, B ou C (plusieurs possibles : [A, B])", "[C]"),
    Slot("cadres", "facultatif : cadre(s) d'emplois", "[Adjoints administratifs territoriaux]"),
    Slot("grades", "facultatif : grade(s)", "[Adjoint administratif]"),
    Slot("filiere", "obligatoire : " + ", ".join(model.FILIERES), "administrative"),
    Slot("job_family", "facultatif : famille de métiers", "Accueil"),
    Slot("service", "facultatif : service de rattachement", "Direction de la population"),
    Slot("employment", "obligatoire", children=(
        Slot("type", "obligatoire : permanent ou temporary (emploi non permanent)", "permanent"),
        Slot("duration", "facultatif : durée du contrat", "12 mois"))),
    Slot("vacancy_reason", "facultatif : motif du recrutement", "Départ à la retraite"),
    Slot("recruitment", "", children=(
        Slot("routes", "voies de recrutement", "[mutation, detachement, liste-aptitude, "
             "contractuel]"),
        Slot("contract_basis", "fondement du recrutement d'un contractuel", '"L332-8 2°"'))),
    Slot("working_time", "", children=(
        Slot("type", "full-time (temps complet) ou part-time (temps non complet)", "full-time"),
        Slot("weekly_hours", "heures par semaine", "35"),
        Slot("schedule", "horaires", "du lundi au vendredi"))),
    Slot("remote_work", "facultatif : télétravail", "Possible un jour par semaine"),
    Slot("pay", "recommandé", children=(
        Slot("text", "", "Rémunération statutaire + régime indemnitaire"),
        Slot("min", "en euros bruts", "1900"), Slot("max", "", "2300"),
        Slot("unit", "hour, day, week, month ou year", "month"))),
    Slot("location", "facultatif : sinon, l'adresse du premier employeur", children=(
        Slot("name", "", "Médiathèque"), Slot("street", "", "1 rue de la Gare"),
        Slot("postal_code", "", '"59300"'), Slot("city", "", "Valenciennes"))),
    Slot("contacts", "recommandé", many=True, children=(
        Slot("name", "", "Prénom Nom"), Slot("role", "", "Responsable du service"),
        Slot("phone", "", '"03 27 00 00 00"'), Slot("email", "", "prenom.nom@exemple.fr"))),
    Slot("apply", "obligatoire : au moins un courriel, un lien ou une adresse postale", children=(
        Slot("email", "courriel de candidature", "drh@exemple.fr"),
        Slot("url", "candidature en ligne", "https://www.exemple.fr/emploi"),
        Slot("address", "adresse postale, sur plusieurs lignes",
             "|\n  Monsieur le Maire\n  Hôtel de ville"),
        Slot("documents", "pièces à joindre", "[CV, Lettre de motivation]"),
        Slot("note", "", "Merci de rappeler la référence de l'offre."))),
    Slot("interviews", "", children=(
        Slot("dates", "dates d'entretien prévues", "[2027-01-15]"),
        Slot("note", "", "L'après-midi"))),
    Slot("themes", "facultatif : mots-clés", "[Cité éducative]"),
    Slot("draft", "brouillon : passez à false (ou retirez la ligne) pour publier", "true"),
)

OFFER_HEADER = """\
# yaml-language-server: $schema=../../docs/schema/offre.json
# Offre d'emploi. Les lignes qui commencent par « # » sont des commentaires :
# retirez le « # » d'un champ facultatif pour l'utiliser. Guide : content/README.md
"""

OFFER_BODY = """\
## Le contexte

Présentez la collectivité et le service en quelques phrases.

## Vos missions

- Première mission ;
- Deuxième mission.

## Votre profil

- Formation ou expérience attendue ;
- Qualités recherchées.
"""


def yaml_value(value) -> str:
    """One value as YAML on the key's line: dates bare, lists in flow style, text quoted
    only when YAML needs it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                              width=10**9).strip()
    return _q(str(value))


def render_front_matter(values: dict, notes: dict[str, str] | None = None,
                        header: str = OFFER_HEADER) -> str:
    """The offer's front matter, '---' to '---': a line for every field of OFFER_SLOTS,
    the given ones with their value, the others commented out with an example.

    `notes` maps a key path ("deadline", "working_time.type") to a French remark
    for the editor, written on the line above that field.
    """
    notes = notes or {}
    out = ["---", *header.rstrip("\n").split("\n")]
    for slot in OFFER_SLOTS:
        _render_slot(out, slot, values.get(slot.key), slot.key, notes, "", slot.key in values)
    out.append("---")
    return "\n".join(out) + "\n"


def _line(indent: str, key: str, value: str, comment: str, off: bool,
          parent_off: bool = False) -> str:
    """One `key: value  # comment` line; commented out so that removing "# " restores it
    (after the indentation when the parent mapping is in use, before it otherwise)."""
    text = f"{key}:" + (f" {value}" if value else "")
    if comment:
        text += f"  # {comment}"
    if not off:
        return indent + text
    return f"# {indent}{text}" if parent_off or not indent else f"{indent}# {text}"


def _render_slot(out: list[str], slot: Slot, value, path: str, notes: dict, indent: str,
                 present: bool, parent_off: bool = False) -> None:
    off = parent_off or not present or value is None
    for note in notes.get(path, "").split("\n") if notes.get(path) else ():
        out.append(f"{indent}# {note}")
    if not slot.children:
        if off:
            shown = slot.example.split("\n")
            out.append(_line(indent, slot.key, shown[0], slot.comment, True, parent_off))
            lead = f"# {indent}" if parent_off or not indent else f"{indent}# "
            out.extend(f"{lead}{extra}" for extra in shown[1:])
        elif isinstance(value, str) and "\n" in value:
            out.append(_line(indent, slot.key, "|", slot.comment, False))
            out.extend(f"{indent}  {part}" for part in value.rstrip("\n").split("\n"))
        else:
            out.append(_line(indent, slot.key, yaml_value(value), slot.comment, False))
        return
    out.append(_line(indent, slot.key, "", slot.comment, off, parent_off))
    if slot.many:
        items = value if not off else [{}]
        for item in items:
            first = True
            for child in slot.children:
                present_child = not off and child.key in item
                if not present_child and not off:
                    continue
                lead = "  - " if first else "    "
                first = False
                text = _line("", child.key, "" if not present_child else
                             yaml_value(item[child.key]), "", False)
                if not present_child:
                    text = f"{child.key}: {child.example}"
                out.append(("# " if off else "") + lead + text)
        return
    for child in slot.children:
        child_value = value.get(child.key) if isinstance(value, dict) else None
        _render_slot(out, child, child_value, f"{path}.{child.key}", notes, indent + "  ",
                     not off and isinstance(value, dict) and child.key in value, off)


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


def offer_slug(title: str | None, city: str) -> str:
    """An offer's file name: its title without (F/H), then the town."""
    words = (title or "offre").replace("(F/H)", "").replace("(H/F)", "")
    return slugify(f"{words} {city}")


def write_new(folder: Path, slug: str, suffix: str, text: str) -> Path:
    """Write content/x/<slug><suffix>, or <slug>-2, -3... if taken: never overwrite.

    The file is created exclusively ("x" mode), so a file appearing between the
    check and the write is not overwritten either.
    """
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        path = folder / (f"{slug}{suffix}" if n == 1 else f"{slug}-{n}{suffix}")
        try:
            with path.open("x", encoding="utf-8") as f:
                f.write(text)
            return path
        except FileExistsError:
            n += 1


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
    text = EMPLOYER.format(name=_q(args.name), kind=args.kind,
                           kinds=", ".join(model.EMPLOYER_KINDS), postal_code=args.postal_code,
                           city=_q(args.city),
                           departement=departement, website=args.website, slug=slug)
    path = write_new(args.content / "employers", slug, ".yaml", text)
    print(f"Wrote {path}")
    return 0
