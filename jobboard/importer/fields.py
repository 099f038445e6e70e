"""Stage 2: the posting's text → the offer's fields, each `Found` with how sure we are.

Plain functions over a `Posting`, one a field or a group of fields; `extract`
runs them all. This module holds what the post is (title, employer, catégorie,
cadres, grades, filière, contract); `facts.py` holds dates, hours, pay,
contacts and how to apply. Every rule here is about how French territorial
postings are written in general, never about one particular posting.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from importlib import resources

import yaml

from jobboard.content import model
from jobboard.importer.employers import KnownEmployer, lead_first, match_employers
from jobboard.importer.facts import extract_facts
from jobboard.importer.posting import BULLET, Found, Posting, capitalise, recase
from jobboard.text import fold


def extract(posting: Posting, employers: list[KnownEmployer]) -> dict[str, Found]:
    """Every field found, by its front-matter key ("working_time", "apply"...)."""
    found: dict[str, Found] = {}
    title = find_title(posting)
    if title:
        found["title"] = title
    found.update(find_classification(posting, title.value if title else ""))
    found.update(extract_facts(posting))
    emp = find_employers(posting, employers)
    if emp:
        found["employers"] = emp
    return found


# --- Title ------------------------------------------------------------------------------

FH = re.compile(r"\(?\s*\b[FH]\s*/\s*[FH]\b\s*\)?", re.I)
_TITLE_LABELS = (r"intitule du poste", r"intitule de l'offre", r"intitule", r"poste propose",
                 r"offre d'emploi", r"emploi")
_PREFIX = re.compile(r"^\s*(?:recrutement|offre d'emploi|recrute|poste)\s*[:←→>–—-]*\s*|"
                     r"^\s*(?:1|un|une|un\(e\))\s+(?=[A-ZÉa-zé])", re.I)
_SUFFIX = re.compile(r"\s*[-–—]\s*(?:\d+\s*h\w*|cat[ée]gorie\s.*|cdd\b.*|cdi\b.*|"
                     r"temps (?:non )?complet.*)$", re.I)
_NOT_TITLE = re.compile(r"^(rejoignez|les villes?|la ville|recrute|recrutent|offre d'emploi$|"
                        r"synthese de l'offre|description|date|categorie|filiere|etablissement)")
HEADER_LINES = 30


def find_title(p: Posting) -> Found | None:
    hit = p.label(*_TITLE_LABELS[:4])
    if hit:
        return Found(_tidy_title(hit[0], p), True)
    header = [i for i in p.nonempty(HEADER_LINES) if p.lines[i].kind != "meta"]
    # A line with the "(F/H)" every public posting must carry, in the header.
    for i in header:
        text = p.texts[i]
        m = FH.search(text)
        if m and len(text) <= 160 and not p.folded[i].startswith(("date", "categorie")):
            p.used.add(i)
            _drop_preamble(p, i)
            return _title_found(text[:m.end()], p)
    # "RECRUTEMENT ← AGENT D'ACCUEIL - CATEGORIE C"
    for i in header:
        if re.match(r"^\s*(recrutement|offre d'emploi)\s*[:←→>–—-]", p.folded[i]):
            p.used.add(i)
            _drop_preamble(p, i)
            return _title_found(p.texts[i], p)
    for i in header:
        if p.lines[i].kind == "heading" and not _NOT_TITLE.match(p.folded[i]):
            p.used.add(i)
            return _title_found(p.texts[i], p)
    for i in header:
        words = p.texts[i].split()
        if 2 <= len(words) <= 15 and not p.texts[i].rstrip().endswith(("!", ".", ":")) \
                and not _NOT_TITLE.match(p.folded[i].strip()):
            p.used.add(i)
            found = _title_found(p.texts[i], p)
            return Found(found.value, False, "intitulé pris à la première ligne de l'annonce")
    return None


def _drop_preamble(p: Posting, title_line: int) -> None:
    """Short lines above the title ("Les Villes de X et d'Y", "Recrutent", "REJOIGNEZ-
    NOUS !") only say who recruits, which the front matter now says."""
    for i in p.nonempty():
        if i >= title_line:
            break
        if len(p.texts[i].strip()) <= 80:
            p.used.add(i)


def _title_found(text: str, p: Posting) -> Found:
    title = _tidy_title(text, p)
    letters = [c for c in FH.sub("", text) if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return Found(title, False, "intitulé écrit en capitales dans l'annonce : "
                     "vérifiez les majuscules")
    return Found(title, True)


def _tidy_title(text: str, p: Posting) -> str:
    text = BULLET.sub("", text, count=1)
    text = FH.sub(" ", text)
    for _ in range(2):
        text = _PREFIX.sub("", text).strip()
        text = _SUFFIX.sub("", text).strip(" -–—:")
    text = re.sub(r"\s+", " ", text)
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        text = _recase(text, p)
    return f"{capitalise(text)} (F/H)"


def _recase(title: str, p: Posting) -> str:
    """An all-caps title, in the case the posting itself writes it in its text, if it
    does (keeps "Cité éducative"); else in sentence case."""
    target = fold(title)
    n = len(title.split())
    words = p.text.split()
    best, best_ratio = None, 0.0
    for k in range(len(words) - n + 1):
        window = " ".join(words[k:k + n]).strip(" ,.;:()")
        if window.isupper():
            continue
        ratio = difflib.SequenceMatcher(None, fold(window), target).ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best if best and best_ratio >= 0.9 else recase(title, p.text)


# --- Employer ---------------------------------------------------------------------------

def find_employers(p: Posting, employers: list[KnownEmployer]) -> Found | None:
    hit = p.label(r"etablissement", r"employeur", r"collectivite", consume=False)
    text = hit[0] if hit else p.text
    m = match_employers(text, employers)
    if not m.slugs and hit:
        m = match_employers(p.text, employers)
    if not m.slugs:
        return None
    if hit:
        p.used.add(hit[1])
    slugs = m.slugs
    if len(slugs) > 1:
        # The application lines (and the two after them, where the address goes on).
        apply_text = "\n".join(p.texts[i + k] for i in p.lines_matching(
            r"candidature|postuler|adresser") for k in range(3) if i + k < len(p.texts))
        slugs = lead_first(slugs, employers, apply_text, p.text)
    return Found(slugs, m.sure, m.reason)


# --- Catégorie, cadres, grades, filière -------------------------------------------------

@cache
def cadres_table() -> list[dict]:
    text = resources.files(__package__).joinpath("cadres.yaml").read_text(encoding="utf-8")
    table = yaml.safe_load(text)
    for row in table:
        row["rx"] = [re.compile(m) for m in row["match"]]
    return table


# Lines that speak of the post's statutory level, where a cadre's name is not an
# ordinary word ("animateurs périscolaires" in a description is not a cadre).
_RECRUITMENT_LINE = (r"cadres? d'emplois?|grades?\b|categorie|niveau de recrutement|"
                     r"relevant d|recrute|ouvert aux|filiere|statut|poste de\b")
_CATEGORY = re.compile(r"\bcat(?:egorie|egories|\.)?\s*(?:\(s\))?\s*:?\s*"
                       r"((?:a\+|[abc])\b(?:\s*(?:,|/|et|ou|-|–)\s*(?:a\+|[abc])\b)*)")
_GRADE_ABBREV = [(r"\bppal\b\.?", "principal"), (r"\bprinc\.", "principal"),
                 (r"\b1(?:ere|ère|re|er)\b", "1re"), (r"\b2(?:eme|ème|nde|e)\b", "2e")]


def find_classification(p: Posting, title: str) -> dict[str, Found]:
    out: dict[str, Found] = {}
    context = [i for i in p.lines_matching(_RECRUITMENT_LINE)]
    context_text = fold(title) + "\n" + "\n".join(p.folded[i] for i in context)

    grades_hit = p.label(r"grades?", r"grades? recherches?", r"grades? ouverts?", r"grade\(s\)")
    grades: list[str] = []
    if grades_hit and not fold(grades_hit[0]).startswith("cadre"):
        grades = _split_grades(grades_hit[0])
        context_text += "\n" + fold(grades_hit[0])
    elif grades_hit:  # "Grade : Cadre d'emplois des attachés" names a cadre
        context_text += "\n" + fold(grades_hit[0])
    if grades:
        out["grades"] = Found(grades)

    cadres = [row for row in cadres_table() if any(rx.search(context_text) for rx in row["rx"])]
    for i in context:  # "Cadre d'emplois des adjoints d'animation": now in the front matter
        if re.match(r"^\s*cadres? d'emplois?\b", p.folded[i]) and len(p.folded[i]) <= 100:
            p.used.add(i)
    if cadres:
        out["cadres"] = Found([row["name"] for row in cadres])

    stated = _stated_categories(p)
    if stated:
        out["categories"] = Found(stated)
    elif cadres:
        cats = sorted({row["category"] for row in cadres}, key=list(model.CATEGORIES).index)
        notes = [row["note"] for row in cadres if row.get("note")]
        why = ", ".join(f"{row['name']} → {row['category']}" for row in cadres)
        out["categories"] = Found(cats, False, "déduite du cadre d'emplois (" + why + ")"
                                  + ("; " + "; ".join(notes) if notes else ""))

    filiere = _stated_filiere(p)
    if filiere:
        out["filiere"] = Found(filiere)
    elif cadres:
        filieres = sorted({row["filiere"] for row in cadres})
        if len(filieres) == 1:
            out["filiere"] = Found(filieres[0], False, "déduite du cadre d'emplois")
        else:
            out["filiere"] = Found(filieres[0], False, "les cadres d'emplois relèvent de "
                                   "plusieurs filières : " + ", ".join(filieres))
    return out


def _stated_categories(p: Posting) -> list[str]:
    for i, folded in enumerate(p.folded):
        if len(folded) > 200:  # a sentence, not a header fact
            continue
        if re.search(r"agents? de categorie|encadr", folded):  # the team, not the post
            continue
        m = _CATEGORY.search(folded)
        if m:
            cats = re.findall(r"a\+|[abc]", m[1])
            if folded.lstrip().startswith("cat") and len(folded) < 80:
                p.used.add(i)  # "Catégorie A – Attaché territorial": a header fact
            order = list(model.CATEGORIES)
            return sorted({c.upper() for c in cats}, key=order.index)
    return []


def _stated_filiere(p: Posting) -> str | None:
    hit = p.label(r"filiere")
    text = fold(hit[0]) if hit else ""
    if not text:
        m = re.search(r"\bfiliere\s+(\w[\w -]*)", "\n".join(f for f in p.folded if len(f) < 200))
        text = m[1] if m else ""
    for slug, label in model.FILIERES.items():
        if text.startswith(fold(label)) or text.startswith(slug):
            return slug
    return None


def _split_grades(text: str) -> list[str]:
    text = re.sub(r"\s*\([^)]*\)", "", text)
    parts = re.split(r"\s*(?:[,;/]|\bet\b|\bou\b)\s*", text)
    out = []
    for part in parts:
        part = part.strip(" .-–")
        for rx, repl in _GRADE_ABBREV:
            part = re.sub(rx, repl, part, flags=re.I)
        if part:
            out.append(capitalise(part))
    return list(dict.fromkeys(out))

