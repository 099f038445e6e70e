"""The statutes as data: cadres d'emplois and their grades (`cadres.yaml`), and the
communes of Hauts-de-France (`communes.tsv`, see scripts/extract_communes.py).

A grade is recognised only when it is one of the table's, after normalising the
ways postings write it ("Attachée ppale", "Adjoint technique principal de 2ème
classe", "Rédacteur territorial"); it then gives its cadre, catégorie and
filière. A city is a workplace only when it is a commune of the region (with its
postal code when the posting gives one), never a phrase such as "du lieu de
travail".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from jobboard.text import fold


@dataclass(frozen=True)
class Cadre:
    name: str
    category: str
    filiere: str
    grades: tuple[str, ...]
    match: tuple[re.Pattern, ...]
    note: str = ""


@dataclass(frozen=True)
class Grade:
    name: str
    cadre: Cadre


@cache
def cadres() -> tuple[Cadre, ...]:
    text = resources.files(__package__).joinpath("cadres.yaml").read_text(encoding="utf-8")
    return tuple(Cadre(row["name"], row["category"], row["filiere"], tuple(row["grades"]),
                       tuple(re.compile(m) for m in row.get("match") or ()),
                       row.get("note", "")) for row in yaml.safe_load(text))


# Feminine and plural forms, abbreviations and ordinals as postings write them → one key.
_WORDS = {
    "attachee": "attache", "redactrice": "redacteur", "technicienne": "technicien",
    "adjointe": "adjoint", "administrative": "administratif", "animatrice": "animateur", "educatrice": "educateur",
    "infirmiere": "infirmier", "conseillere": "conseiller", "directrice": "directeur",
    "assistante": "assistant", "operatrice": "operateur", "administratrice": "administrateur",
    "ingenieure": "ingenieur", "conservatrice": "conservateur", "gardienne": "gardien",
    "monitrice": "moniteur", "principale": "principal", "principaux": "principal",
    "principales": "principal", "ppal": "principal", "ppale": "principal", "pal": "principal",
    "princ": "principal", "qualifiee": "qualifie", "specialisee": "specialise",
    "generale": "general", "generaux": "general", "superieure": "superieur",
    "professeure": "professeur", "psychologue": "psychologue", "aps": "activite physique et sportive",
    "apsa": "activite physique et sportive", "cl": "classe", "cat": "categorie",
    "premiere": "1re", "1ere": "1re", "1er": "1re", "1re": "1re", "deuxieme": "2e",
    "2eme": "2e", "2nde": "2e", "2nd": "2e", "2e": "2e", "seconde": "2e", "2de": "2e",
}
_DROP = {"territorial", "territoriale", "territoriaux", "territoriales", "grade", "d", "de",
         "du", "des", "l", "la", "le", "les", "et", "en"}


def grade_key(text: str) -> str:
    """A grade as a comparable key: 'Adjointe technique ppale de 2ème cl.' and
    'Adjoint technique principal de 2e classe' give the same key."""
    text = fold(text).replace("œ", "oe")
    text = re.sub(r"(\d)\s+(ere|re|er|eme|e|nde|de)\b", r"\1\2", text)  # "1 ère" → "1ère"
    words = []
    for word in re.findall(r"[a-z0-9]+", text):
        word = _WORDS.get(word, word)
        for part in word.split():
            if part in _DROP:
                continue
            if len(part) > 3 and part.endswith("s") and part not in ("sapeurs",):
                part = part[:-1]
            words.append(_WORDS.get(part, part))
    return " ".join(words)


@cache
def _grades_by_key() -> dict[str, Grade]:
    out: dict[str, Grade] = {}
    for cadre in cadres():
        for name in cadre.grades:
            out.setdefault(grade_key(name), Grade(name, cadre))
    # "Attaché territorial principal", "Technicien principal 2e classe": same grade.
    return out


def find_grade(text: str) -> Grade | None:
    """The grade `text` names (the whole of it), or None."""
    text = re.sub(r"\([^)]*\)|\bgrade\s+(?:d'|de\s+)", " ", text.replace("’", "'"),
                  flags=re.I)
    text = text.strip(" .;:,-–—•*")
    grade = _grades_by_key().get(grade_key(text)) if text else None
    first = (fold(text).split() or [""])[0]
    if grade and first.endswith(("s", "x")) and not fold(grade.name).split()[0].endswith(
            ("s", "x")):
        return None  # "Techniciens territoriaux": the cadre, not its first grade
    return grade


def cadres_named_in(folded_text: str) -> list[Cadre]:
    """Cadres named in free text (folded), by the table's `match` patterns."""
    return [c for c in cadres() if any(rx.search(folded_text) for rx in c.match)]


# --- Communes ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    departement: str
    postal_codes: tuple[str, ...]
    kind: str  # "" for a commune, "deleguee" / "associee" for a former one


def city_key(text: str) -> str:
    text = fold(text)
    text = re.sub(r"\bste?\b\.?", lambda m: "sainte" if m[0].startswith("ste") else "saint",
                  text)
    text = re.sub(r"\bcedex\b.*$", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


@cache
def communes() -> tuple[Commune, ...]:
    text = resources.files(__package__).joinpath("communes.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        insee, name, dep, postal, kind = (line.split("\t") + [""])[:5]
        out.append(Commune(insee, name, dep, tuple(postal.split()), kind))
    return tuple(out)


@cache
def _by_name() -> dict[str, list[Commune]]:
    out: dict[str, list[Commune]] = {}
    for c in communes():
        out.setdefault(city_key(c.name), []).append(c)
    return out


@cache
def _by_postal() -> dict[str, list[Commune]]:
    out: dict[str, list[Commune]] = {}
    for c in communes():
        for code in c.postal_codes:
            out.setdefault(code, []).append(c)
    return out


def find_commune(name: str, postal_code: str | None = None,
                 departement: str | None = None) -> Commune | None:
    """The commune named `name` (with `postal_code`, when given, among its codes).

    None when the name is no commune of the region, or when several communes bear it
    and no postal code tells them apart. A current commune wins over a former one of
    the same name."""
    found = _by_name().get(city_key(name), [])
    if postal_code:
        found = [c for c in found if postal_code in c.postal_codes]
    if departement:
        found = [c for c in found if c.departement == departement]
    current = [c for c in found if not c.kind]
    found = current or found
    return found[0] if len(found) == 1 else None


def communes_with_postal_code(code: str) -> list[Commune]:
    return list(_by_postal().get(code, []))


def postal_code_of(commune: Commune, stated: str | None = None) -> str | None:
    """The commune's postal code: the stated one, or its only one."""
    if stated and stated in commune.postal_codes:
        return stated
    return commune.postal_codes[0] if len(commune.postal_codes) == 1 else None
