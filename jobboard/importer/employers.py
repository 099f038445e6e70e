"""Which of our employers a posting is from, by the names postings use for them.

An employer file says "Ville de Valenciennes" or "Communauté urbaine de
Dunkerque"; postings say "la Ville de VALENCIENNES", "Mairie de Valenciennes",
"CU de Dunkerque", "Les Villes de Valenciennes et d'Anzin". Names are compared
folded (no case, no accents, apostrophes and dashes as spaces), and each
employer gets the usual variants of its name (`aliases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from jobboard.text import fold


@dataclass(frozen=True)
class KnownEmployer:
    slug: str
    name: str
    city: str
    aliases: tuple[str, ...]  # folded
    street: str = ""
    postal_code: str = ""
    website: str = ""
    description: str = ""
    kind: str = ""


def norm(text: str) -> str:
    """Folded text with words separated by single spaces: 'ville d'anzin' → 'ville d anzin'."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


# Kinds of body and the other ways postings name them; "{x}" is the place.
_FORMS = [
    (r"^(ville|mairie|commune) d[e ]\s*(?:la |l )?(.+)$",
     ["ville de {x}", "ville d {x}", "mairie de {x}", "mairie d {x}", "commune de {x}",
      "commune d {x}", "villes de {x}", "villes d {x}"]),
    (r"^communaute urbaine d[e ]\s*(.+)$", ["communaute urbaine de {x}", "cu de {x}",
                                            "cu d {x}", "communaute urbaine d {x}"]),
    (r"^communaute d agglomeration d[e ]\s*(?:la |l )?(.+)$",
     ["communaute d agglomeration de {x}", "ca de {x}", "agglomeration de {x}",
      "agglo de {x}", "{x} agglo", "{x} agglomeration"]),
    (r"^communaute de communes d[e ]\s*(?:la |l |s )?(.+)$",
     ["communaute de communes de {x}", "communaute de communes du {x}",
      "communaute de communes des {x}", "cc de {x}", "cc du {x}"]),
    (r"^(?:centre communal d action sociale|ccas) d[e ]\s*(.+)$",
     ["centre communal d action sociale de {x}", "ccas de {x}", "ccas d {x}"]),
    (r"^departement d[ue ]\s*(?:la |l )?(.+)$", ["departement du {x}", "departement de {x}",
                                                "conseil departemental du {x}",
                                                "conseil departemental de {x}"]),
]


def aliases_of(name: str) -> tuple[str, ...]:
    base = norm(name)
    out = [base]
    for pattern, forms in _FORMS:
        m = re.match(pattern, base)
        if m:
            place = m.groups()[-1]
            out += [f.format(x=place) for f in forms]
    return tuple(dict.fromkeys(out))


def load_employers(content: Path) -> list[KnownEmployer]:
    out = []
    for path in sorted((content / "employers").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # `check` reports broken employer files; here they just do not match
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            continue
        address: dict = data["address"] if isinstance(data.get("address"), dict) else {}
        city = str(address.get("city") or "")
        out.append(KnownEmployer(path.stem, data["name"], city, aliases_of(data["name"]),
                                 str(address.get("street") or ""),
                                 str(address.get("postal_code") or ""),
                                 str(data.get("website") or ""),
                                 str(data.get("description") or ""),
                                 str(data.get("kind") or "")))
    return out


def _domain(url: str) -> str:
    host = re.sub(r"^https?://", "", url.lower()).split("/")[0]
    return host.removeprefix("www.")


def match_by_details(text: str, employers: list[KnownEmployer]) -> EmployerMatch:
    """Employers a posting does not name as we do, recognised by their address (street
    and town), their web domain in a link or an email, or their presentation (the
    employer file's description: several of its phrases in the posting)."""
    folded = " " + norm(text) + " "
    hits: list[tuple[str, str]] = []
    for emp in employers:
        street = norm(emp.street)
        if len(street) >= 8 and f" {street} " in folded and (
                f" {emp.postal_code} " in folded or f" {norm(emp.city)} " in folded):
            hits.append((emp.slug, f"reconnu à son adresse ({emp.street}, {emp.city})"))
            continue
        domain = _domain(emp.website) if emp.website else ""
        if domain and re.search(rf"[@./]{re.escape(domain)}\b", text.lower()):
            hits.append((emp.slug, f"reconnu au domaine {domain} d'un lien ou d'un courriel"))
            continue
        words = norm(emp.description).split()
        grams = {" ".join(words[k:k + 4]) for k in range(len(words) - 3)}
        shared = [g for g in grams if f" {g} " in folded]
        if len(shared) >= 3:
            hits.append((emp.slug, "reconnu à sa présentation (« " + shared[0] + " »…)"))
    slugs = list(dict.fromkeys(s for s, _ in hits))
    if len(slugs) != 1:
        return EmployerMatch([], False, "")
    return EmployerMatch(slugs, False, hits[0][1])


@dataclass(frozen=True)
class EmployerMatch:
    slugs: list[str]
    sure: bool
    reason: str


# "Les Villes de Valenciennes et d'Anzin": one alias form per place.
_JOINT = re.compile(r"\b(villes|communes|mairies) (de |d )?(\w[\w ]*?) et (de |d )?(\w+)")


def match_employers(text: str, employers: list[KnownEmployer]) -> EmployerMatch:
    """The employers the posting names, lead employer first."""
    folded = " " + norm(text) + " "
    hits: dict[str, tuple[int, int]] = {}  # slug → (count, first position)
    for emp in employers:
        positions = [m.start() for alias in emp.aliases
                     for m in re.finditer(rf" {re.escape(alias)} ", folded)]
        if positions:
            hits[emp.slug] = (len(positions), min(positions))
    for m in _JOINT.finditer(folded):
        for place in (m[3], m[5]):
            for emp in employers:
                if norm(emp.city) == place or f"ville de {place}" in emp.aliases \
                        or f"ville d {place}" in emp.aliases:
                    count, pos = hits.get(emp.slug, (0, m.start()))
                    hits[emp.slug] = (count + 2, min(pos, m.start()))
    if not hits:
        return EmployerMatch([], False, "")
    ranked = sorted(hits, key=lambda s: (-hits[s][0], hits[s][1]))
    joint = [s for s in ranked if _is_joint(folded, s, employers)]
    if len(joint) >= 2:
        return EmployerMatch(joint, False, "recrutement conjoint : vérifiez l'ordre (le premier "
                             "employeur signe le contrat)")
    best = ranked[0]
    others = [s for s in ranked[1:] if hits[s][0] >= hits[best][0]]
    if others:
        return EmployerMatch([best], False, "l'annonce nomme aussi " + ", ".join(others))
    return EmployerMatch([best], True, "")


def _is_joint(folded: str, slug: str, employers: list[KnownEmployer]) -> bool:
    emp = next(e for e in employers if e.slug == slug)
    place = norm(emp.city)
    return any(place in (m[3], m[5]) for m in _JOINT.finditer(folded)) \
        or bool(re.search(rf"recrutement (conjoint|mutualise)\b.{{0,80}}\b{re.escape(place)}\b",
                          folded))


def lead_first(slugs: list[str], employers: list[KnownEmployer], apply_text: str,
               text: str) -> list[str]:
    """Joint recruitment: the employer the post is attached to, or that receives the
    applications, signs the contract: put it first."""
    folded = norm(text)
    apply = norm(apply_text)

    def score(slug: str) -> int:
        emp = next(e for e in employers if e.slug == slug)
        place = norm(emp.city)
        s = 0
        if re.search(rf"rattache\w* (a|au sein de) (la )?(ville|commune|mairie) d[e ]?\s*{place}",
                     folded):
            s += 2
        if place and place in apply:
            s += 1
        return -s

    return sorted(slugs, key=lambda s: (score(s), slugs.index(s)))


def suggest(slug: str, known: list[str]) -> str | None:
    import difflib
    close = difflib.get_close_matches(slug, known, n=1, cutoff=0.5)
    return close[0] if close else None
