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

from jobboard.content import model
from jobboard.importer import statutes
from jobboard.importer.employers import (
    KnownEmployer,
    lead_first,
    match_by_details,
    match_employers,
)
from jobboard.importer.facts import extract_facts
from jobboard.importer.new_employer import employer_from_posting
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
        _workplace_at_employer(found, employers)
    _other_versant(posting, found)
    posting.consume_fact_blocks()
    return found


def _other_versant(p: Posting, found: dict[str, Found]) -> None:
    """The State's board also lists posts of the State and of hospitals ("Versant :
    Fonction publique de l'État"): not the board's, and not our statutes' grades."""
    versant = p.block(r"versant")
    text = fold(" ".join(versant[0])) if versant and versant[0] else ""
    if not versant or not text or "territorial" in text:
        return
    note = (f"l'annonce relève de la « {' '.join(versant[0])} », pas de la fonction "
            "publique territoriale : vérifiez qu'elle a sa place sur le site")
    title = found.get("title")
    if title:
        found["title"] = Found(title.value, False, "; ".join(x for x in (title.note, note) if x))
    for key in ("categories", "cadres", "grades", "filiere"):
        if key in found and found[key].value:
            found[key] = Found(found[key].value, False, "cadres et grades territoriaux "
                               "supposés ; " + note)


def _workplace_at_employer(found: dict[str, Found], employers: list[KnownEmployer]) -> None:
    """"Lieu : Hôtel communautaire" names no town: the building is the (only) employer's,
    in its town; written "À vérifier"."""
    loc = found.get("location")
    slugs = found["employers"].value
    if not loc or loc.value is not None or len(slugs) != 1 or not loc.note:
        return
    emp = next((e for e in employers if e.slug == slugs[0]), None)
    named = re.search(r"« (.*) »", loc.note)
    if not emp or not emp.postal_code or not named or len(named[1]) > 60:
        return
    value = {"name": named[1]}
    if emp.street:
        value["street"] = emp.street
    value.update({"postal_code": emp.postal_code, "city": emp.city})
    found["location"] = Found(value, False, f"« {named[1]} » sans commune : adresse de "
                              f"l'employeur ({emp.city}) supposée")


# --- Title ------------------------------------------------------------------------------

FH = re.compile(r"\(?\s*\b[FH]\s*/\s*[FH]\b\s*\)?", re.I)
_TITLE_LABELS = (r"intitule du poste", r"intitule de l'offre", r"intitule", r"poste propose",
                 r"offre d'emploi", r"emploi")
_PREFIX = re.compile(r"^.{0,80}?\b(?:recrute|recrutent)\s+(?:(?:un|une|un\(e\)|son|sa|ses|des|\d+)\s+)?"
                     r"(?:(?:nouvel(?:le)?|futur(?:e)?)\s+)?(?=\w)|"
                     r"^\s*(?:recrutement|offre d'emploi|recrute|poste)\s*[:←→>–—-]*\s*|"
                     r"^\s*(?:1|un|une|un\(e\))\s+(?=[A-ZÉa-zé])", re.I)
_SUFFIX = re.compile(r"\s*[-–—]\s*(?:\d+\s*h\w*|cat[ée]gorie\s.*|cdd\b.*|cdi\b.*|"
                     r"temps (?:non )?complet.*)$", re.I)
_NOT_TITLE = re.compile(r"^(rejoignez|les villes?|la ville|recrute|recrutent|offre d'emploi$|"
                        r"synthese de l'offre|description|date|categorie|filiere|etablissement)")
HEADER_LINES = 30


_REFERENCE_LINE = re.compile(r"^\s*(?:offre n°|n° d'offre|reference de l'offre)\s*:?\s*\w*\d")


def find_title(p: Posting) -> Found | None:
    hit = p.block(r"intitule (?:du poste|de l'offre|de l'emploi)", r"intitule")
    if hit and hit[0] and len(hit[0][0]) <= 160:
        return Found(_tidy_title(hit[0][0], p), True)
    header = [i for i in p.nonempty(HEADER_LINES) if p.lines[i].kind != "meta"]
    # emploi-territorial.fr: the title is the line just above "Offre n° O0…".
    for k, i in enumerate(header):
        if _REFERENCE_LINE.match(p.folded[i]) and k > 0:
            j = header[k - 1]
            if len(p.texts[j]) <= 160 and not p.is_label_line(j):
                p.used.add(j)
                _drop_preamble(p, j)
                return _title_found(p.texts[j], p)
    # A line with the "(F/H)" every public posting must carry, in the header.
    for i in header:
        text = p.texts[i]
        m = FH.search(text)
        if m and len(text) <= 160 and not p.folded[i].startswith(("date", "categorie")):
            p.used.add(i)
            k = header.index(i)
            if k and (re.search(r"\b(?:de|du|des|d'|la|le|les|et|en|a|au|aux|pour|-|–)\s*$",
                                p.folded[header[k - 1]]) or text[:1].islower()) \
                    and len(p.texts[header[k - 1]]) <= 100:
                # A title hard-wrapped over two lines ("Assistant … réseau des" / "médiathèques (F/H)")
                text = p.texts[header[k - 1]].rstrip() + " " + text.lstrip()
                p.used.add(header[k - 1])
                i = header[k - 1]
                m = FH.search(text) or m  # always found: the joined text ends with the line
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
        m = match_by_details(p.text, employers)
        named = employer_from_posting(p)
        known = next((e for e in employers if m.slugs and e.slug == m.slugs[0]), None)
        if named and known and known.kind and named.kind != known.kind:
            # "Le CCAS de Roubaix" writing from an address of the Ville de Roubaix: the
            # CCAS, not on the board yet, is the employer (a draft is written for it).
            return None
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

# Lines that speak of the post's statutory level, where a cadre's name is not an
# ordinary word ("animateurs périscolaires" in a description is not a cadre).
_RECRUITMENT_LINE = (r"cadres? d'emplois?|grades?\b|categorie|niveau de recrutement|"
                     r"relevant d|recrute|ouvert aux|filiere|statut|poste de\b")
# ... unless the line speaks of the team the post leads ("vous encadrez 4 adjoints").
_TEAM = re.compile(r"encadr\w* (?:de |d'|des |une |un |l'|les )|vous encadrez|agents? de categorie|"
                   r"composee? de \d|equipe de \d|\d+ agents|sous (?:votre|sa) responsabilite|"
                   r"managez|management d|manag\w* (?:une |des |d'|l'|la |votre |son )|"
                   r"equipe compos\w*")
_CATEGORY = re.compile(r"\bcat(?:egorie|egories|\.)?\s*(?:\(s\))?\s*:?\s*(?:categorie\s*)?"
                       r"((?:a\s?\+|[abc]\b)(?:\s*(?:,|/|et|ou|-|–)\s*(?:a\s?\+|[abc]\b))*)")
_GRADE_LABELS = (r"grades? (?:recherches?|ouverts?|vises?)", r"grades?", r"cadre d'emplois? / grades?",
                 r"cadres? d'emplois? et grades?", r"grade ou cadre d'emplois?")


def find_classification(p: Posting, title: str) -> dict[str, Found]:
    out: dict[str, Found] = {}
    grades, unknown, label_cadres = _grades(p)
    if grades and unknown:
        out["grades"] = Found([g.name for g in grades], False, "grade(s) non reconnu(s) : "
                              + ", ".join(f"« {u} »" for u in unknown))
    elif grades:
        out["grades"] = Found([g.name for g in grades])
    elif unknown:
        out["grades"] = Found(None, False, "grade(s) non reconnu(s) dans la liste des grades "
                              "territoriaux : " + ", ".join(f"« {u} »" for u in unknown))
    grade_cadres = list(dict.fromkeys(g.cadre for g in grades))

    context = [i for i in p.lines_matching(_RECRUITMENT_LINE)
               if not _TEAM.search(p.folded[i]) or i in label_cadres]
    context_text = fold(title) + "\n" + "\n".join(p.folded[i] for i in context)
    named = [c for c in statutes.cadres_named_in(context_text) if c not in grade_cadres]
    for i in context:  # "Cadre d'emplois des adjoints d'animation": now in the front matter
        if re.match(r"^\s*cadres? d'emplois?\b", p.folded[i]) and len(p.folded[i]) <= 100:
            p.used.add(i)
    cadres = grade_cadres + named
    if cadres:
        out["cadres"] = Found([c.name for c in cadres])

    stated, in_sentence = _stated_categories(p)
    from_grades = sorted({c.category for c in grade_cadres}, key=_CAT_ORDER.index)
    all_cats = sorted({c.category for c in cadres}, key=_CAT_ORDER.index)
    if stated:
        if from_grades and not set(from_grades) <= set(stated):
            out["categories"] = Found(stated, False, "l'annonce écrit la catégorie "
                                      + ", ".join(stated) + " mais ses grades relèvent de "
                                      + ", ".join(from_grades))
        elif in_sentence and not set(stated) == set(from_grades):
            out["categories"] = Found(stated, False, f"lu dans la phrase « {in_sentence} »")
        else:
            out["categories"] = Found(stated)
    elif grade_cadres:
        notes = [c.note for c in grade_cadres if c.note]
        why = ", ".join(f"{g.name} → {g.cadre.category}" for g in grades)
        out["categories"] = Found(from_grades, not notes and not named and not unknown,
                                  "déduite des grades (" + why + ")"
                                  + ("; " + "; ".join(notes) if notes else ""))
    elif cadres:
        notes = [c.note for c in cadres if c.note]
        why = ", ".join(f"{c.name} → {c.category}" for c in cadres)
        out["categories"] = Found(all_cats, False, "déduite du cadre d'emplois (" + why + ")"
                                  + ("; " + "; ".join(notes) if notes else ""))

    filiere = _stated_filiere(p)
    filieres = sorted({c.filiere for c in cadres})
    if filiere:
        sure = not filieres or filiere in filieres
        out["filiere"] = Found(filiere, sure, "" if sure else "l'annonce écrit la filière "
                               f"{filiere} mais les cadres d'emplois relèvent de "
                               + ", ".join(filieres))
    elif filieres:
        if len(filieres) == 1:
            sure = bool(grade_cadres) and not named and not unknown
            out["filiere"] = Found(filieres[0], sure, "" if sure else
                                   "déduite du cadre d'emplois")
        else:
            out["filiere"] = Found(filieres[0], False, "les cadres d'emplois relèvent de "
                                   "plusieurs filières : " + ", ".join(filieres))
    return out


_CAT_ORDER = list(model.CATEGORIES)


def _grades(p: Posting) -> tuple[list[statutes.Grade], list[str], set[int]]:
    """(grades recognised, texts under a grade label that are no grade, label lines).

    Only what stands under a grade label ("Grade(s) recherché(s)", "Grade :") or in a
    short header line ("Catégorie A – Attaché territorial") is read, and only a grade
    of the table is kept: "Recherché" or "selon profil" never become a grade."""
    found: list[statutes.Grade] = []
    unknown: list[str] = []
    lines: set[int] = set()
    block = p.block(*_GRADE_LABELS)
    if block:
        values, i = block
        lines.add(i)
        parts = _join_wrapped(values)
        for part in parts:
            grade = statutes.find_grade(part)
            if grade:
                found.append(grade)
                continue
            pieces = [x for x in _split_grades(part) if x]
            graded = [statutes.find_grade(x) for x in pieces]
            found += [g for g in graded if g]
            # "Cadre d'emplois des attachés" names a cadre (read below), not an unknown grade.
            unknown += [x for x, g in zip(pieces, graded)
                        if not g and not statutes.cadres_named_in(fold(x))]
    for i in p.nonempty():  # "Catégorie A – Attaché territorial"
        folded = p.folded[i]
        if len(folded) <= 100 and re.match(r"^\s*(?:categorie|cat\.|niveau de recrutement)",
                                           folded):
            for piece in re.split(r"\s[–—-]\s|[,;:/]", p.texts[i])[1:]:
                grade = statutes.find_grade(piece)
                if grade:
                    found.append(grade)
    return list(dict.fromkeys(found)), list(dict.fromkeys(unknown)), lines


def _join_wrapped(values: list[str]) -> list[str]:
    """Value lines with a grade hard-wrapped over two lines ("… principal de" /
    "2ème classe") joined again: only when the line alone is no grade and the two
    together are one."""
    out: list[str] = []
    for v in values:
        v = BULLET.sub("", v).strip()
        if out and not statutes.find_grade(out[-1]) and statutes.find_grade(out[-1] + " " + v):
            out[-1] += " " + v
        elif v:
            out.append(v)
    return out


def _stated_categories(p: Posting) -> tuple[list[str], str]:
    """(catégories stated, the sentence they were read in when not a header fact)."""
    block = p.block(r"categories?", r"categorie statutaire", r"categorie d'emplois?")
    candidates = []
    if block and block[0]:
        candidates.append(("categorie " + fold(" ".join(block[0])), block[1]))
    candidates += [(f, i) for i, f in enumerate(p.folded)]
    for folded, i in candidates:
        if len(folded) > 200:  # a sentence, not a header fact
            continue
        for m in _CATEGORY.finditer(folded):
            # The team the post leads ("encadrement de 5 agents de catégorie C"), not the post.
            if re.search(r"(?:agents?|equipe|encadr\w*|manag\w*|cadres)\W+(?:\w+\W+){0,6}$",
                         folded[max(0, m.start() - 40):m.start()]) \
                    and not re.match(r"^\s*cat", folded):
                continue
            cats = re.findall(r"a\s?\+|[abc]", m[1])
            header = len(folded) <= 100 or re.match(r"^\s*cat", folded)
            if folded.lstrip().startswith("cat") and len(folded) < 80:
                p.used.add(i)  # "Catégorie A – Attaché territorial": a header fact
            sentence = "" if header else p.texts[i].strip()[:100]
            return (sorted({c.replace(" ", "").upper() for c in cats}, key=_CAT_ORDER.index),
                    sentence)
    return [], ""


def _stated_filiere(p: Posting) -> str | None:
    hit = p.label(r"filieres?")
    text = fold(hit[0]) if hit else ""
    if not text:
        m = re.search(r"\bfiliere\s+(\w[\w -]*)", "\n".join(f for f in p.folded if len(f) < 200))
        text = m[1] if m else ""
    text = text.strip(" :")
    for slug, label in model.FILIERES.items():
        if text.startswith(fold(label)) or text.startswith(slug):
            return slug
    if text.startswith(("medico sociale", "medicosociale", "sanitaire et sociale")):
        return "medico-sociale"
    if text.startswith(("securite", "police")):
        return "police-municipale"
    if text.startswith(("sapeurs-pompiers", "incendie")):
        return "incendie-secours"
    return None


def _split_grades(text: str) -> list[str]:
    text = re.sub(r"\s*\([^)]*\)", "", text)
    parts = re.split(r"\s*(?:[,;/]|\s[–—-]\s|\bet\b|\bou\b)\s*", text)
    return [part.strip(" .-–") for part in parts if part.strip(" .-–")]
