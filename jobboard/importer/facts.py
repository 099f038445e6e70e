"""Stage 2, continued: dates, contract, hours, remote work, pay, contacts, how to apply.

Each function reads the `Posting` and returns {front-matter key: Found}. The
patterns are those of French territorial postings: labelled header facts
("Date limite de candidature : 17/02/2025"), or the usual sentences ("Les
candidatures sont à adresser à Monsieur le Maire … avant le 11 février 2026").
"""

from __future__ import annotations

import re

from jobboard.importer.contacts import find_contacts_and_apply, find_interviews
from jobboard.importer.french_dates import MONTH_RX, find_date, parse_french_date
from jobboard.importer.posting import BULLET, Found, Posting, capitalise, clause
from jobboard.text import fold


def extract_facts(p: Posting) -> dict[str, Found]:
    out: dict[str, Found] = {}
    for finder in (find_deadline, find_published, find_start, find_employment, find_routes,
                   find_working_time, find_remote_work, find_pay, find_service, find_reference,
                   find_location, find_contacts_and_apply, find_interviews):
        out.update(finder(p))
    return out


def _flat(p: Posting) -> str:
    """The folded text on one line: sentences hard-wrapped by the source read whole."""
    return re.sub(r"\s+", " ", "\n".join(p.folded))


# --- Dates ------------------------------------------------------------------------------

_STRONG_DEADLINE = (r"date limite(?: de (?:candidature|depot|reception|reponse)s?)?|date butoir|"
                    r"fin de candidatures?|cloture des candidatures|candidatures? jusqu'au|"
                    r"limite de (?:depot|reception) des candidatures")
_WEAK_DEADLINE = r"avant le|au plus tard le|jusqu'au|d'ici le"


def find_deadline(p: Posting) -> dict[str, Found]:
    flat, orig = _flat(p), _flat_original(p)
    strong = _dates_after(flat, orig, _STRONG_DEADLINE)
    weak = [(d, pos, raw) for d, pos, raw in _dates_after(flat, orig, _WEAK_DEADLINE)
            if re.search(r"candidat|postuler|cv\b", flat[max(0, pos - 300):pos])]
    found = strong or weak
    for i in p.lines_matching(rf"^\s*(?:{_STRONG_DEADLINE})\s*:?\s*[\d\w /.-]*\d{{2,4}}\s*\.?$"):
        p.used.add(i)
    if not found:
        m = re.search(rf"(?:{_STRONG_DEADLINE}|{_WEAK_DEADLINE})\s*:?\s*(\d{{1,2}}(?:er)? (?:{MONTH_RX}))\b(?!\s*\d)",
                      flat)
        if m:
            return {"deadline": Found(None, False, f"l'annonce indique « {m[1]} » sans année")}
        return {}
    dates = sorted({d for d, _, _ in found})
    if len(dates) > 1:
        return {"deadline": Found(found[0][0], False, "l'annonce donne plusieurs dates : "
                                  + ", ".join(d.isoformat() for d in dates))}
    return {"deadline": Found(found[0][0], bool(strong), "" if strong else
                              f"lu dans « {found[0][2]} »")}


def _dates_after(flat: str, orig: str, keywords: str):
    out = []
    for m in re.finditer(rf"(?:{keywords})\b\s*:?", flat):
        window = flat[m.end():m.end() + 45]
        hit = find_date(window)
        if hit and hit[1] <= 12:
            out.append((hit[0], m.start(), orig[m.start():m.end() + hit[2]].strip()))
    return out


def find_published(p: Posting) -> dict[str, Found]:
    hit = p.label(r"date de (?:publication|parution|mise en ligne)", r"publiee? le",
                  r"offre publiee le", r"mise en ligne le")
    d = parse_french_date(hit[0]) if hit else None
    return {"published": Found(d)} if d else {}


_START_LABELS = (r"date (?:de )?debut", r"date de prise de (?:poste|fonctions?)",
                 r"date prevue du recrutement", r"poste a pourvoir", r"prise de poste",
                 r"date d'embauche", r"a pourvoir")


def find_start(p: Posting) -> dict[str, Found]:
    hit = p.label(*_START_LABELS)
    if not hit:
        return {}
    value = hit[0].strip(" .:")
    d = parse_french_date(value)
    if d:
        return {"start": Found(d)}
    value = re.sub(r"^(?:pour |a partir |des |au )", "", value, flags=re.I)
    if len(value) > 80:
        return {}
    return {"start": Found(capitalise(value), False, "date de prise de poste en toutes lettres")}


# --- Contract and recruitment routes --------------------------------------------------

_DURATION = re.compile(r"\b(?:contrat|cdd|mission|remplacement|engagement|duree)\b[^.\n]{0,40}?"
                       r"(?:\bde\s+|\bd'une duree de\s+|\bpour\s+|:\s*|\bd')(\d+|un|une)\s*"
                       r"(mois|ans?|annees?|semaines)\b")
_TEMPORARY = re.compile(r"\bcdd\b|non permanent|emploi temporaire|contrat de projet|"
                        r"\bsaisonni|vacataire|accroissement temporaire|\bremplacement\b")


def find_employment(p: Posting) -> dict[str, Found]:
    flat = _flat(p)
    m = _DURATION.search(flat)
    typed = p.label(r"type d'emploi", r"type de contrat", r"nature de l'emploi", consume=True)
    typed_text = fold(typed[0]) if typed else ""
    if m or _TEMPORARY.search(typed_text or flat):
        emp = {"type": "temporary"}
        if m:
            count = "1" if m[1] in ("un", "une") else m[1]
            emp["duration"] = f"{count} {'an' if m[2].startswith('an') and count == '1' else m[2]}"
        sure = bool(m) or bool(typed_text)
        return {"employment": Found(emp, sure, "" if sure else "contrat à durée limitée "
                                    "supposé d'après les mots de l'annonce")}
    if "permanent" in typed_text or re.search(r"\bemploi permanent\b", flat):
        return {"employment": Found({"type": "permanent"})}
    return {"employment": Found({"type": "permanent"}, False,
                                "aucune durée de contrat dans l'annonce : emploi permanent supposé")}


def find_routes(p: Posting) -> dict[str, Found]:
    p.label(r"contrat", r"statut", r"ouvert aux contractuels")  # header line: consumed
    flat = _flat(p)
    routes = []
    if re.search(r"\bmutation\b", flat):
        routes.append("mutation")
    if re.search(r"\bdetachement\b", flat):
        routes.append("detachement")
    if re.search(r"liste d'aptitude|\blaureat", flat):
        routes.append("liste-aptitude")
    if re.search(r"integration directe", flat):
        routes.append("integration-directe")
    note = ""
    if re.search(r"\btitulaires?\b(?!\s+(?:du|de|des|d'|d'un|d'une)\b)", flat) and not routes:
        routes += ["mutation", "detachement"]
        note = "« titulaires » lu comme mutation et détachement"
    closed = re.search(r"ouvert aux contractuels\s*:?\s*non\b", flat)
    temporary = find_employment(p)["employment"].value["type"] == "temporary"
    if not closed and (re.search(r"contractuel|voie contractuelle|non[- ]titulaire", flat)
                       or temporary):
        routes.append("contractuel")
    out: dict = {"routes": routes} if routes else {}
    basis = re.search(r"\b(?:article\s+)?(l\.?\s?332-\d+(?:\s*\d°)?)", p.text, re.I)
    if basis:
        out["contract_basis"] = re.sub(r"\s+", " ", basis[1]).upper()
    return {"recruitment": Found(out, not note, note)} if out else {}


# --- Working time, remote work, pay ---------------------------------------------------

_HOURS = re.compile(r"(?<![\d,.])(\d{1,2})(?:[,.](\d{1,2}))?\s*(?:h|heures?)\s*(\d{2})?\s*"
                    r"(?:/\s*semaine|par semaine|/\s*sem\b|hebdo\w*|de travail hebdo\w*)")
_HOURS_LABEL = re.compile(r"(?:duree|temps de travail|volume horaire|quotite)[^\n:]{0,20}:?\s*"
                          r"[^\n\d]{0,30}?(\d{1,2})\s*(?:h|heures?)\s*(\d{2})?")


def find_working_time(p: Posting) -> dict[str, Found]:
    p.label(r"temps de travail", r"duree hebdomadaire", r"quotite", r"temps (?:non )?complet")
    flat = _flat(p)
    wt: dict = {}
    notes = []
    if re.search(r"temps non complet|temps partiel|\bnon complet\b|\btnc\b", flat):
        wt["type"] = "part-time"
    elif re.search(r"temps complet|temps de travail\s*:?\s*complet", flat):
        wt["type"] = "full-time"
    m = _HOURS.search(flat) or _HOURS_LABEL.search(flat)
    if m:
        if m.re is _HOURS:
            hours = int(m[1]) + (float("0." + m[2]) if m[2] else 0) + (int(m[3]) / 60 if m[3]
                                                                         else 0)
        else:
            hours = int(m[1]) + (int(m[2]) / 60 if m[2] else 0)
        if 1 <= hours <= 48:
            wt["weekly_hours"] = int(hours) if hours == int(hours) else round(hours, 2)
            after = _flat(p)[m.end():m.end() + 90]
            sched = re.match(r"\s*((?:du|sur|reparti\w*|en|le|les)\b[^,.;)\n]{3,70})", after)
            if sched:
                start = m.end() + sched.start(1)
                wt["schedule"] = _original(p, start, m.end() + sched.end(1))
    if "type" not in wt and "weekly_hours" in wt:
        wt["type"] = "full-time" if wt["weekly_hours"] >= 35 else "part-time"
        notes.append(f"déduit des {wt['weekly_hours']} heures par semaine")
    if not wt:
        return {}
    if "type" not in wt:
        return {"working_time": Found(None, False, "temps de travail non trouvé")}
    return {"working_time": Found(wt, not notes, "; ".join(notes))}


def _flat_original(p: Posting) -> str:
    """The source text on one line, position for position with `_flat(p)`."""
    return re.sub(r"\s+", " ", "\n".join(p.texts))


def _original(p: Posting, start: int, end: int) -> str:
    return _flat_original(p)[start:end].strip()


def find_remote_work(p: Posting) -> dict[str, Found]:
    hit = p.label(r"teletravail")
    if hit:
        value = hit[0].strip(" .")
        if fold(value).startswith("non"):
            return {}
        return {"remote_work": Found("Possible" if fold(value) == "oui" else capitalise(value))}
    text = "\n".join(p.texts)
    folded = fold(text)
    m = re.search(r"teletravail\w*", folded)
    if not m:
        return {}
    part = clause(text, m.start(), m.end())
    part = re.sub(r"^(?:et |ou )?(?:le |la |les |l'|un |une |des |de )", "", BULLET.sub("", part))
    return {"remote_work": Found(capitalise(part), False, "repris de la phrase de l'annonce")}


_PAY_WORDS = r"remuneration|regime indemnitaire|rifseep|salaire|traitement indiciaire|" \
             r"grille indiciaire|\bnbi\b"
_AMOUNT = re.compile(r"(\d[\d  .]*\d|\d)(?:,(\d{1,2}))?\s*(?:€|euros?)\s*(brut|net)?", re.I)


def find_pay(p: Posting) -> dict[str, Found]:
    lines = p.lines_matching(_PAY_WORDS)
    if not lines:
        return {}
    i = lines[0]
    text, folded = p.texts[i], p.folded[i]
    m = re.search(_PAY_WORDS, folded)
    part = BULLET.sub("", clause(text, m.start(), m.end()))
    part = re.sub(r"^(?:remuneration|salaire)\s*:\s*", "", part.strip(), flags=re.I)
    part = re.sub(r"^(?:Rémunération|Salaire)\s*:\s*", "", part)
    pay: dict = {"text": capitalise(part.strip())}
    amounts = [(float(a[1].replace(" ", "").replace(" ", "").replace(".", "")
                      + ("." + a[2] if a[2] else "")), a[3]) for a in _AMOUNT.finditer(text)]
    if amounts and not any(kind and kind.lower() == "net" for _, kind in amounts):
        unit = ("month" if re.search(r"mensuel|/\s*mois|par mois", folded) else
                "year" if re.search(r"annuel|/\s*an\b|par an\b", folded) else
                "hour" if re.search(r"horaire|de l'heure|/\s*h\b", folded) else None)
        if unit:
            values = sorted(v for v, _ in amounts)
            pay.update({"min": values[0], "max": values[-1], "unit": unit})
    return {"pay": Found(pay, False, "repris de la phrase de l'annonce")}


def find_service(p: Posting) -> dict[str, Found]:
    """"Service d'affectation : …", "Sous-entité …", with the direction above it."""
    service = p.label(r"service d'affectation", r"service de rattachement", r"sous-entite",
                      r"service")
    direction = p.label(r"direction generale adjointe", r"pole", r"direction")
    parts = [x[0].strip(" .") for x in (service, direction) if x and len(x[0]) <= 120]
    if not parts:
        return {}
    text = parts[0] + (f" ({parts[1]})" if len(parts) > 1 else "")
    return {"service": Found(text, False, "service repris de l'annonce")}


def find_reference(p: Posting) -> dict[str, Found]:
    hit = p.label(r"reference(?: de l'offre| du poste)?", r"ref\.?", r"n° (?:de l')?offre",
                  r"numero (?:de l')?offre")
    if hit and len(hit[0]) <= 60:
        return {"reference": Found(hit[0].strip(" ."))}
    return {}


def find_location(p: Posting) -> dict[str, Found]:
    hit = p.label(r"lieu de travail", r"lieu d'affectation", r"localisation", r"lieu",
                  r"adresse du poste")
    if not hit:
        return {}
    value = hit[0].strip(" .")
    m = re.search(r"[,–—-]?\s*(\d{5})\s+([A-ZÉÈÀa-zéèà][\w' -]*?)\s*$", value)
    loc: dict = {}
    if m:
        loc = {"postal_code": m[1], "city": m[2].strip()}
        value = value[:m.start()].strip(" ,–—-")
    if value:
        loc = {"name": value, **loc}
    return {"location": Found(loc, False, "lieu repris de l'annonce")} if loc else {}

