"""An employer the board does not know yet: a draft employer file from what the posting
says (name, address, website), every field to check.

The name comes from the posting's "Employeur" / "Collectivité" block, or from the
sentence or header line that names a public body ("La Communauté de communes X
recrute", "COMMUNE DE SAINT-AMAND-LES-EAUX"); "Mairie de X" becomes "Ville de X", as
on the board. The town must be a commune of the region (its case and postal code come
from the communes table); what the posting does not give stays commented, so that
`build.py check` names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobboard.content import model
from jobboard.content.frontmatter import yaml_scalar
from jobboard.importer import statutes
from jobboard.importer.contacts import URL
from jobboard.importer.posting import BULLET, Posting
from jobboard.text import fold, slugify

# Public bodies, folded, and their kind in the model.
_BODIES = [
    (r"ville|commune|mairie", "commune"),
    (r"communaute (?:urbaine|d'agglomeration|de communes)|metropole|agglomeration|"
     r"etablissement public territorial", "intercommunalite"),
    (r"centre communal d'action sociale|ccas|centre intercommunal d'action sociale|cias",
     "ccas"),
    (r"departement|conseil departemental", "departement"),
    (r"region|conseil regional", "region"),
    (r"centre de gestion|cdg", "centre-de-gestion"),
    (r"syndicat(?: mixte| intercommunal)?|sivom|sivu|smirt", "syndicat"),
]
_BODY = "|".join(f"(?:{rx})" for rx, _ in _BODIES)
_NAME_IN_TEXT = re.compile(rf"\b(?:la |le |l')?((?:{_BODY})\b[^.,;:!?\n()]{{2,70}}?)\s+"
                           r"(?:recrute|recrutent|recherche|propose)\b")
_NAME_LINE = re.compile(rf"^\s*((?:{_BODY})\b.{{2,70}})$")
_SMALL = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "sur", "sous", "lez",
          "les", "aux", "au"}


@dataclass
class DraftEmployer:
    name: str
    kind: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    departement: str = ""
    website: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.name)


def _recase(name: str) -> str:
    """'MAIRIE DE BAILLEUL' → 'Mairie de Bailleul', with a commune's own spelling."""
    if any(c.islower() for c in name):
        return name
    m = re.match(r"^(.*?\b(?:de|du|d'|des)\s*)(.+)$", name, re.I)
    if m:
        commune = statutes.find_commune(m[2])
        if commune:
            return _recase(m[1]).rstrip() + (" " if not m[1].endswith("'") else "") \
                + commune.name
    words = re.split(r"(\s+|'|-)", name.lower())
    return "".join(w if w in _SMALL or not w.strip() else w.capitalize()
                   for w in words).replace("Ccas", "CCAS")


def _normalise(name: str) -> str:
    name = re.sub(r"\s+", " ", BULLET.sub("", name)).strip(" .-–")
    name = _recase(name)
    name = re.sub(r"^(?:la |le |l')", "", name, flags=re.I)
    name = name[:1].upper() + name[1:]
    # "Mairie de X" and "Commune de X" are "Ville de X" on the board.
    name = re.sub(r"^(?:Mairie|Commune)\s+(de |d'|du )", r"Ville \1", name, flags=re.I)
    return name


def _kind(name: str) -> str:
    folded = fold(name)
    for rx, kind in _BODIES:
        if re.match(rf"(?:{rx})\b", folded):
            return kind
    return "autre"


def employer_from_posting(p: Posting) -> DraftEmployer | None:
    block = p.block(r"employeurs?", r"collectivite", r"etablissement",
                    r"organisme(?: de rattachement)?", consume=False)
    name, address_lines = None, []
    if block and block[0]:
        name, address_lines = block[0][0], block[0][1:]
    if not name:
        m = _NAME_IN_TEXT.search("\n".join(p.folded[i] for i in p.nonempty(40)))
        if m:
            flat = "\n".join(p.texts[i] for i in p.nonempty(40))
            name = flat[m.start(1):m.end(1)]
    if not name:
        for i in p.nonempty(12):
            m = _NAME_LINE.match(p.folded[i])
            if m and len(p.texts[i]) <= 80 and not re.search(r"recrute", p.folded[i]):
                name = p.texts[i]
                break
    if not name or not re.match(rf"(?:la |le |l')?(?:{_BODY})\b", fold(name).strip()):
        return None
    draft = DraftEmployer(_normalise(name), _kind(_normalise(name)))
    _address(draft, address_lines, p)
    for i, text in enumerate(p.texts):
        if re.search(r"site (?:web|internet)", p.folded[i]):
            url = URL.search(text) or (URL.search(p.texts[i + 1]) if i + 1 < len(p.texts)
                                       else None)
            if url:
                found = url[0].rstrip(".,;")
                draft.website = found if found.startswith("http") else "https://" + found
                break
    return draft


_POSTAL_CITY = re.compile(r"\b((?:02|59|60|62|80)\d{3})\s+([A-Za-zÀ-ÿ][\w'’ -]*?)\s*(?:cedex\b.*)?$",
                          re.I)


def _address(draft: DraftEmployer, lines: list[str], p: Posting) -> None:
    """Street, postal code and town: from the lines under the employer's name, else from
    the postal address applications go to."""
    candidates = list(lines)
    for i, folded in enumerate(p.folded):
        if re.search(r"monsieur l[ea] (?:maire|president)|madame l[ea] (?:maire|presidente)",
                     folded):
            candidates += re.split(r",|\s[–—-]\s", " ".join(p.texts[i:i + 3]))
    street = ""
    for line in candidates:
        line = line.strip(" .")
        m = _POSTAL_CITY.search(line)
        if m:
            commune = statutes.find_commune(m[2], m[1])
            if commune:
                draft.postal_code, draft.city = m[1], commune.name
                draft.departement = commune.departement
                before = line[:m.start()].strip(" ,–-")
                draft.street = street or before
                return
        if re.match(r"^\s*\d+\s*(?:bis|ter)?\s*,?\s*\w|^\s*(?:place|rue|avenue|boulevard|"
                    r"grand'?\s*place|h[ôo]tel de ville|parvis|quai)\b", line, re.I):
            street = line
    # Else the workplace: often the employer's own address (the file is a draft to check).
    from jobboard.importer.facts import parse_place
    hit = p.block(r"lieux? de travail", r"lieu d'affectation", r"localisation(?: du poste)?",
                  r"affectation", r"lieu", consume=False)
    lines = list(hit[0]) if hit else []
    for i, folded in enumerate(p.folded):
        m = re.search(r"lieu de travail\s*:\s*(.+)", folded)
        if m:
            lines.append(p.texts[i][m.start(1):])
    for line in lines:
        place = parse_place(line)
        if place:
            draft.postal_code, draft.city = place["postal_code"], place["city"]
            draft.street = place.get("street", "")
            draft.departement = draft.postal_code[:2]
            draft.notes.append("adresse du lieu de travail de l'annonce")
            return
    draft.notes.append("adresse non trouvée dans l'annonce")


def render_employer(draft: DraftEmployer, source_name: str) -> str:
    """The draft employer file: the `new employer` layout, with what the posting gave."""
    kinds = ", ".join(model.EMPLOYER_KINDS)

    what = {"name": "le nom", "kind": "le type", "street": "la voie",
            "postal_code": "le code postal", "city": "la commune",
            "departement": "le département", "website": "le site internet de l'employeur"}

    def line(key, value, comment, example, indent=""):
        if value:
            return f"{indent}{key}: {value}  # {comment}\n"
        return (f"{indent}# Non trouvé dans l'annonce : {what[key]}\n"
                f"{indent}# {key}: {example}  # {comment}\n")

    out = (f"# Brouillon d'employeur créé par build.py import d'après « {source_name} » :\n"
           "# À vérifier : nom officiel, type, adresse et site internet ; complétez ce qui\n"
           "# manque (build.py check le signale), puis retirez ces deux lignes.\n"
           + "".join(f"# À vérifier : {note}\n" for note in draft.notes)
           + "# yaml-language-server: $schema=../../docs/schema/employeur.json\n"
           "# Employeur. Guide : content/README.md\n")
    out += line("name", yaml_scalar(draft.name), "obligatoire : nom officiel", "Ville de X")
    out += line("kind", draft.kind, f"obligatoire : {kinds}", "commune")
    out += "address:  # obligatoire\n"
    out += line("street", yaml_scalar(draft.street) if draft.street else "",
                "facultatif : voie", "Place de l'Hôtel de ville", "  ")
    out += line("postal_code", f'"{draft.postal_code}"' if draft.postal_code else "",
                "obligatoire : 5 chiffres, entre guillemets", '"59000"', "  ")
    out += line("city", yaml_scalar(draft.city) if draft.city else "", "obligatoire",
                "Lille", "  ")
    out += line("departement", f'"{draft.departement}"' if draft.departement else "",
                "obligatoire : 02, 59, 60, 62 ou 80, entre guillemets", '"59"')
    out += line("website", draft.website, "obligatoire : site internet",
                "https://www.exemple.fr")
    out += "# description: Une ou deux phrases de présentation.  # facultatif\n"
    return out
