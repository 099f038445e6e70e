"""Stage 2, continued: dates, contract, hours, remote work, pay, contacts, how to apply.

Each function reads the `Posting` and returns {front-matter key: Found}. The
patterns are those of French territorial postings: labelled header facts
("Date limite de candidature : 17/02/2025"), or the usual sentences ("Les
candidatures sont à adresser à Monsieur le Maire … avant le 11 février 2026").
"""

from __future__ import annotations

import re

from jobboard.importer import statutes
from jobboard.importer.contacts import find_contacts_and_apply, find_interviews
from jobboard.importer.french_dates import MONTH_RX, find_date, parse_french_date
from jobboard.importer.posting import BULLET, Found, Posting, capitalise, clause
from jobboard.text import fold


def extract_facts(p: Posting) -> dict[str, Found]:
    out: dict[str, Found] = {}
    for finder in (find_deadline, find_published, find_start, find_employment, find_routes,
                   find_job_family,
                   find_working_time, find_remote_work, find_pay, find_service, find_reference,
                   find_location, find_contacts_and_apply, find_interviews):
        out.update(finder(p))
    return out


def _flat(p: Posting) -> str:
    """The folded text on one line: sentences hard-wrapped by the source read whole."""
    return re.sub(r"\s+", " ", "\n".join(p.folded))


# --- Dates ------------------------------------------------------------------------------

_STRONG_DEADLINE = (r"date limite(?: de (?:depot des |reception des |remise des )?"
                    r"(?:candidature|depot|reception|reponse|dossier)s?)?|date butoir|"
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


_START_LABELS = (r"poste a pourvoir(?: le| a compter du| pour le| des le| au)?",
                 r"date (?:de )?(?:debut|prise de poste|prise de fonctions?)(?: du contrat)?",
                 r"date de prise de (?:poste|fonctions?)", r"date prevue du recrutement",
                 r"a compter du", r"prise de (?:poste|fonctions?)", r"date d'embauche",
                 r"a pourvoir(?: le| a compter du| des le)?")
# The ways postings say "as soon as possible"; any other wording is left to the editor.
_SOON = re.compile(r"^(?:(?:le |au |des |a partir )?(?:plus )?(?:rapidement|vite|tot|des que)"
                   r"(?: possible)?|immediatement|des maintenant|selon (?:les )?disponibilites?"
                   r"(?: du candidat| de la candidate| du ou de la candidat\w*)?|"
                   r"au plus (?:tot|vite)|(?:le )?plus tot possible|dans les meilleurs delais|"
                   r"des que possible|asap)\b")


def find_start(p: Posting) -> dict[str, Found]:
    hit = p.block(*_START_LABELS)
    if not hit or not hit[0]:
        return {}
    value = " ".join(hit[0]).strip(" .:")
    value = re.sub(r"^(?:le|pour le|a compter du|au|des le)\s*:?\s+(?=\d)", "", value,
                   flags=re.I)
    found = find_date(value)
    if found and found[1] <= 12:
        return {"start": Found(found[0])}
    folded = fold(value).strip()
    m = _SOON.match(re.sub(r"^(?:pour |a partir |des (?!que)|au )", "", folded))
    if m and len(value) <= 80:
        text = value
        text = re.sub(r"^(?:pour |à partir |dès (?!que)|au )", "", text, flags=re.I).rstrip(" .")
        if re.match(r"plus\b", text):  # "Poste à pourvoir le| plus rapidement possible"
            text = "le " + text
        return {"start": Found(capitalise(text))}
    return {"start": Found(None, False, f"date de prise de poste non reconnue : « {value[:80]} »")}


# --- Contract and recruitment routes --------------------------------------------------

_DURATION = re.compile(r"\b(?:contrat|cdd|mission|remplacement|engagement|duree(?: du contrat)?|"
                       r"poste|recrutement)\b[^.\n;]{0,40}?"
                       r"(?:\bde\s+|\bd'une duree de\s+|\bpour\s+(?:une duree de\s+)?|:\s*|\bd')"
                       r"(\d{1,2}|un|une|deux|trois|six|douze|dix-huit)\s*"
                       r"(mois|ans?|annees?|semaines)\b")
_NUMBERS = {"un": "1", "une": "1", "deux": "2", "trois": "3", "six": "6", "douze": "12",
            "dix-huit": "18"}
# The law's limits on contracts, printed on every board ("ne peut excéder trois ans",
# "dans la limite de 2 ans", article L332-14…): about contracts in general, not this post.
_LEGAL = re.compile(r"ne (?:peut|pourra|peuvent) (?:pas )?exceder|dans la limite|maxim|"
                    r"\bau plus\b|l\.? ?332|\bart(?:icle|\.)|\bloi\b|decret|"
                    r"peut etre (?:recrute|conclu|prolonge)|\bcdi\b|au terme|\bcode\b|"
                    r"vacance temporaire|titularis")
_TEMPORARY = re.compile(r"\bcdd\b|non permanent|emploi temporaire|contrat de projet|"
                        r"\bsaisonni|vacataire|accroissement (?:temporaire|saisonnier)|"
                        r"\bremplacement\b|\btemporaire\b|contrat a duree determinee")
_PERMANENT = re.compile(r"\bpermanent|titulaire|fonctionnaire|vacance d'emploi|"
                        r"creation d'emploi|\bcdi\b|statutaire")


def _sentence(flat: str, start: int, end: int) -> str:
    left = max(flat.rfind(". ", 0, start), flat.rfind("\n", 0, start))
    right = flat.find(". ", end)
    return flat[left + 1: right if right != -1 else len(flat)]


def _sentences(p: Posting) -> list[str]:
    """The folded text as sentences: hard-wrapped lines joined, but a label, its value
    and a blank line each end one."""
    parts: list[str] = []
    current: list[str] = []
    for i, folded in enumerate(p.folded):
        if not folded.strip() or p.is_label_line(i):
            parts.append(" ".join(current))
            current = [] if not folded.strip() else [folded.strip() + " :"]
            if folded.strip():
                parts.append(" ".join(current))
                current = []
            continue
        current.append(folded.strip())
    parts.append(" ".join(current))
    return [s for part in parts for s in re.split(r"(?<=[.!?])\s+", part) if s.strip()]


_COUNT_UNIT = re.compile(r"^\s*(\d{1,2}|un|une|deux|trois|six|douze|dix-huit)\s*"
                         r"(mois|ans?|annees?|semaines)\b")


def _duration_text(count: str, unit: str) -> str | None:
    count = _NUMBERS.get(count, count)
    if not 1 <= int(count) <= 72:
        return None
    if unit.startswith(("an", "annee")):
        unit = "an" if count == "1" else "ans"
    return f"{count} {unit}"


def find_duration(p: Posting) -> tuple[str, str] | None:
    """(duration, the sentence) of the contract this post offers, never a legal limit."""
    labelled = p.block(r"duree (?:du contrat|de la mission|de l'engagement|du cdd)",
                       r"date de fin de contrat", consume=False)
    if labelled and labelled[0]:
        m = _COUNT_UNIT.match(fold(labelled[0][0]))
        if m and (stated := _duration_text(m[1], m[2])):
            return stated, labelled[0][0]
    contractuels = p.block(r"ouvert aux contractuels", consume=False)
    skip = fold(" ".join(contractuels[0])) if contractuels else ""
    for sentence in _sentences(p):
        if _LEGAL.search(sentence) or (skip and sentence[:40] in skip):
            continue
        for m in _DURATION.finditer(sentence):
            text = _duration_text(m[1], m[2])
            if text:
                return text, sentence
    return None


def find_employment(p: Posting) -> dict[str, Found]:
    typed = p.block(r"type d'emploi", r"type de contrat", r"nature du contrat",
                    r"nature de l'emploi", r"statut(?: du poste)?", r"type de recrutement")
    typed_text = fold(" ".join(typed[0])) if typed and typed[0] else ""
    duration = find_duration(p)
    emp: dict = {}
    if typed and typed_text and _TEMPORARY.search(typed_text) and _PERMANENT.search(typed_text):
        # "Titulaire ou CDD de 3 ans": a permanent post a contractuel may hold on contract.
        return {"employment": Found({"type": "permanent"}, False, "emploi permanent supposé : "
                                    f"l'annonce dit « {' '.join(typed[0])[:80]} »")}
    if typed_text and _TEMPORARY.search(typed_text):
        emp["type"] = "temporary"
        sure = True
    elif typed_text and _PERMANENT.search(typed_text):
        emp["type"] = "permanent"
        sure = not duration
    elif duration:
        emp["type"] = "temporary"
        sure = True
    else:
        flat = _flat(p)
        temporary = [m for m in _TEMPORARY.finditer(flat)
                     if not _LEGAL.search(_sentence(flat, m.start(), m.end()))]
        if temporary:
            emp["type"], sure = "temporary", False
        elif re.search(r"\bemploi permanent|poste permanent", flat):
            emp["type"], sure = "permanent", True
        else:
            return {"employment": Found({"type": "permanent"}, False, "aucune durée de "
                                        "contrat dans l'annonce : emploi permanent supposé")}
        if emp["type"] == "temporary" and not sure:
            return {"employment": Found(emp, False, "contrat à durée limitée supposé "
                                        "d'après les mots de l'annonce")}
    if duration and emp["type"] == "temporary":
        emp["duration"] = duration[0]
    if emp["type"] == "permanent" and duration:
        return {"employment": Found(emp, False, "emploi permanent, mais l'annonce parle "
                                    f"d'une durée ({duration[0]}) : « {duration[1][:100]} »")}
    return {"employment": Found(emp, sure)}


def find_routes(p: Posting) -> dict[str, Found]:
    p.label(r"contrat", r"statut")  # header line: consumed
    contractuels = p.block(r"ouvert aux contractuels")
    open_text = fold(" ".join(contractuels[0])) if contractuels and contractuels[0] else ""
    nature = p.block(r"nature de l'emploi", consume=False)
    nature_text = fold(" ".join(nature[0])) if nature and nature[0] else ""
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
    closed = bool(re.search(r"ouvert aux contractuels\s*:?\s*non\b", flat)) \
        or open_text.startswith("non") \
        or bool(re.search(r"uniquement aux (?:titulaires|fonctionnaires)", nature_text))
    temporary = find_employment(p)["employment"].value["type"] == "temporary"
    if not closed and (open_text.startswith("oui") or "contractuel" in nature_text
                       or re.search(r"contractuel|voie contractuelle|non[- ]titulaire", flat)
                       or temporary):
        routes.append("contractuel")
    out: dict = {"routes": routes} if routes else {}
    basis = re.search(r"\b(?:article\s+|art\.?\s*)?l\.?\s?(332-\d+)(?:\s*(\d)°|"
                      r"\s+disposition\s+(\d)|\s*,?\s*(\d)°)?", p.text, re.I)
    if basis and (open_text.startswith("oui") or "contractuel" in routes):
        number = basis[2] or basis[3] or basis[4]
        out["contract_basis"] = f"L{basis[1]}" + (f" {number}°" if number else "")
    return {"recruitment": Found(out, not note, note)} if out else {}


# --- Working time, remote work, pay ---------------------------------------------------

_HOURS = re.compile(r"(?<![\d,.])(\d{1,2})(?:[,.](\d{1,2}))?\s*(?:h|heures?)\s*(\d{2})?\s*"
                    r"(?:/\s*semaine|par semaine|/\s*sem\b|hebdo\w*|de travail hebdo\w*)")
# A "Durée" value: "17h30", "28h00", "24 heures", "28/35e", "28/35ème", "17,5 h".
_DURATION_VALUE = re.compile(r"(?<![\d,.])(\d{1,2})(?:(?:[,.](\d{1,2}))?\s*(?:h|heures?)\s*(\d{2})?"
                             r"|\s*/\s*35\s*(?:e|eme|emes|ieme|ièmes?)?\b)(?![\d/])")
# Annual or daily volumes are not weekly hours ("1607 heures annuelles", "7h par jour").
_NOT_WEEKLY = re.compile(r"annuel|par an\b|/\s*an\b|par jour|/\s*jour|quotidien|mensuel|"
                         r"par mois|1607")


def _hours(m) -> float:
    if m.re is _DURATION_VALUE and m[0].replace(" ", "").count("/"):
        return int(m[1])
    return int(m[1]) + (float("0." + m[2]) if m[2] else 0) + (int(m[3]) / 60 if m[3] else 0)


def find_working_time(p: Posting) -> dict[str, Found]:
    time_block = p.block(r"temps de travail", r"quotite(?: de travail)?",
                         r"temps (?:non )?complet", r"regime de travail")
    duration_block = p.block(r"duree hebdomadaire(?: de (?:travail|service))?",
                             r"duree(?: du temps de travail| de travail)?", r"volume horaire",
                             r"horaires? hebdomadaires?", r"nombre d'heures")
    flat = _flat(p)
    stated = fold(" ".join(time_block[0])) if time_block and time_block[0] else ""
    wt: dict = {}
    notes = []
    if re.search(r"non complet|\btnc\b|temps partiel", stated):
        wt["type"] = "part-time"
    elif re.search(r"complet|plein", stated):
        wt["type"] = "full-time"
    else:
        for kind, rx in (("part-time", r"temps non complet|\bnon complet\b|\btnc\b|"
                                       r"poste a temps partiel"),
                         ("full-time", r"temps complet|temps plein|temps de travail\s*:?\s*"
                                       r"complet")):
            m = re.search(rx, flat)
            if m:
                wt["type"] = kind
                sentence = _sentence(flat, m.start(), m.end())
                if len(sentence) > 120 or _LEGAL.search(sentence):
                    # "… annualisé sur 1607 heures pour un temps complet": about the rule
                    notes.append(f"lu dans la phrase « {sentence.strip()[:90]} »")
                break
    hours = None
    candidates = []
    for block in (duration_block, time_block):
        if block and block[0]:
            text = fold(" ".join(block[0]))
            m = _DURATION_VALUE.search(text)
            if m and not _NOT_WEEKLY.search(text):
                candidates.append((m, _flat(p).find(text[:20])))
    m = _HOURS.search(flat)
    while m and _NOT_WEEKLY.search(flat[max(0, m.start() - 30):m.end() + 10]):
        m = _HOURS.search(flat, m.end())
    if m:
        candidates.append((m, m.start()))
    for m, _ in candidates:
        value = _hours(m)
        if 1 <= value <= 48:
            hours = value
            if m.re is _HOURS:
                after = flat[m.end():m.end() + 90]
                sched = re.match(r"\s*((?:du|sur|reparti\w*|en|le|les)\b[^,.;)\n]{3,70})", after)
                if sched:
                    start = m.end() + sched.start(1)
                    wt["schedule"] = _original(p, start, m.end() + sched.end(1))
            break
    if hours is not None:
        wt["weekly_hours"] = int(hours) if hours == int(hours) else round(hours, 2)
    if "type" not in wt and hours is not None:
        wt["type"] = "full-time" if hours >= 35 else "part-time"
        notes.append(f"déduit des {wt['weekly_hours']} heures par semaine")
    elif hours is not None and (wt["type"] == "full-time") != (hours >= 35):
        notes.append(f"l'annonce dit {'temps complet' if wt['type'] == 'full-time' else 'temps non complet'} "
                     f"et {wt['weekly_hours']} heures par semaine")
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
    if m is None:  # lines_matching found it: never
        return {}
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


def find_job_family(p: Posting) -> dict[str, Found]:
    """emploi-territorial.fr's "Famille de métiers" ("Finances > Gestion budgétaire"):
    the family, before the ">"."""
    hit = p.block(r"famille de metiers?", r"domaine(?: fonctionnel| d'activite)?",
                  consume=False)
    if not hit or not hit[0]:
        return {}
    family = re.split(r"\s*>\s*", hit[0][0])[0].strip(" .")
    return {"job_family": Found(family)} if 2 < len(family) <= 80 else {}


def find_service(p: Posting) -> dict[str, Found]:
    """"Service d'affectation : …", "Sous-entité …", with the direction above it."""
    # "Service", "Pôle", "Direction" are ordinary words: labels only with a colon or alone.
    service = p.label(r"service d'affectation", r"service de rattachement", r"sous-entite",
                      r"service(?=\s*:)")
    direction = p.label(r"direction generale adjointe", r"pole(?=\s*:)", r"direction(?=\s*:)")
    parts = [x[0].strip(" .") for x in (service, direction) if x and len(x[0]) <= 120]
    if not parts:
        return {}
    text = parts[0] + (f" ({parts[1]})" if len(parts) > 1 else "")
    return {"service": Found(text, False, "service repris de l'annonce")}


_REF_TOKEN = re.compile(r"^[A-Za-z0-9][\w./ -]{1,38}[A-Za-z0-9]$")
# emploi-territorial.fr's numbers: "O" + département + date + serial.
_ET_REF = re.compile(r"\b(O\d{3}\d{6,12})\b")


def find_reference(p: Posting) -> dict[str, Found]:
    hit = p.block(r"offre n°", r"n° (?:de l')?offre", r"numero (?:de l')?offre",
                  r"references?(?: de l'offre| du poste| de l'annonce)?", r"ref\.?")
    if hit and hit[0]:
        value = hit[0][0].strip(" .:")
        m = _ET_REF.search(value)
        if m:
            return {"reference": Found(m[1])}
        if _REF_TOKEN.match(value) and re.search(r"\d", value):
            return {"reference": Found(value)}
    for i in p.nonempty(40):  # "Offre n° O059…" anywhere in the header
        m = _ET_REF.search(p.texts[i])
        if m and re.search(r"offre|ref", p.folded[i]):
            p.used.add(i)
            return {"reference": Found(m[1])}
    return {}


_STREET = re.compile(r"^\s*(?:\d+\s*(?:bis|ter)?\s*,?\s*)?(?:rue|place|avenue|av\.|boulevard|bd|chemin|"
                     r"all[ée]e|impasse|quai|route|square|cours|parvis|pertuis|rond-point|"
                     r"esplanade|mail|voie|sentier|chauss[ée]e|faubourg|r[ée]sidence)\b", re.I)
_POSTCODE_CITY = re.compile(r"\b((?:02|59|60|62|80)\d{3})\s+([A-Za-zÀ-ÿ][\w'’ -]*?)"
                            r"(?=\s*(?:\(|,|$|–|-\s|\bcedex\b))", re.I)
_CITY_DEPT = re.compile(r"([A-Za-zÀ-ÿ][\w'’ -]*?)\s*\((?:[^()]*\()?(02|59|60|62|80)\)")


def parse_place(text: str) -> dict | None:
    """A workplace line → {name?, street?, postal_code, city}, or None when no commune
    of the region is recognised in it ("1 place X, 59300 Valenciennes", "Lille (59)",
    "Hôtel de ville – 59500 Douai", "12 rue Y, Arras (Pas-de-Calais (62))")."""
    text = BULLET.sub("", text).strip(" .")
    commune, code, rest = None, None, text
    m = _POSTCODE_CITY.search(text)
    if m:
        commune = statutes.find_commune(m[2], m[1])
        code, rest = m[1], text[:m.start()]
    if not commune:
        m2 = _CITY_DEPT.search(text)
        if m2:
            city = re.split(r",\s*|\s[–—-]\s", m2[1])[-1]
            found = statutes.find_commune(city, departement=m2[2])
            if found:
                commune, code = found, None
                rest = text[:m2.start() + m2[1].rfind(city)]
    if not commune:
        parts = [x.strip() for x in re.split(r",|\s[–—-]\s", text) if x.strip()]
        if parts:
            found = statutes.find_commune(parts[-1])
            if found:
                commune, code, rest = found, None, ", ".join(parts[:-1])
    if not commune:
        return None
    postal = statutes.postal_code_of(commune, code)
    place: dict = {}
    rest = rest.strip(" ,–—-")
    if rest:
        pieces = [x.strip() for x in re.split(r",|\s[–—-]\s", rest) if x.strip()]
        street = [x for x in pieces if _STREET.match(x)]
        name = [x for x in pieces if not _STREET.match(x)]
        if name:
            place["name"] = ", ".join(name)
        if street:
            place["street"] = ", ".join(street)
    place["city"] = commune.name
    place["postal_code"] = postal or commune.postal_codes[0]
    place["_ambiguous_postal"] = postal is None
    return place


def find_location(p: Posting) -> dict[str, Found]:
    hit = p.block(r"lieux? de travail", r"lieu d'affectation", r"localisation(?: du poste)?",
                  r"adresse du (?:poste|lieu de travail)", r"lieu d'exercice",
                  r"affectation(?: du poste)?", r"lieu")
    if not hit or not hit[0]:
        # "… à temps complet. Lieu de travail : crèche X, 59300 Valenciennes." in a paragraph
        flat, orig = _flat(p), _flat_original(p)
        m = re.search(r"(?:^|[.;!]\s)(?:lieu (?:de travail|d'affectation)|localisation)\s*:\s*"
                      r"([^;\n]{3,120}?)(?:\.\s|\.$|;|$)", flat)
        if not m:
            return {}
        hit = ([orig[m.start(1):m.end(1)]], -1)
    places = []
    lines = hit[0][:8]
    k = 0
    while k < len(lines):
        place = parse_place(lines[k])
        if not place and k + 1 < len(lines):
            # "Accueil de loisirs des Jardins" / "60200 Compiègne": one place on two lines
            place = parse_place(lines[k] + ", " + lines[k + 1])
            k += bool(place)
        if place:
            places.append(place)
        k += 1
    if not places:
        return {"location": Found(None, False, "lieu de travail non reconnu (aucune commune "
                                  f"des Hauts-de-France) : « {' '.join(hit[0])[:80]} »")}
    place = places[0]
    notes = []
    if place.pop("_ambiguous_postal"):
        notes.append(f"code postal à confirmer : {place['city']} en a plusieurs")
    if len(places) > 1:
        notes.append(f"l'annonce donne {len(places)} lieux de travail : " + ", ".join(
            (x.get("name") or x.get("street") or "") + f" ({x['city']})" for x in places)
            + " ; le premier est repris, les autres sont à écrire dans la description")
    order = ("name", "street", "postal_code", "city")
    loc = {k: place[k] for k in order if k in place}
    return {"location": Found(loc, not notes, "; ".join(notes))}
