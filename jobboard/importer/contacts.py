"""Stage 2, continued: who to ask (contacts), where to apply, interview dates.

An email address is a contact's when its line says so ("Contact", "+ d'info",
"renseignements", "affaire suivie par"), and the application address when
the lines around it speak of applying; the application channels are what
`apply` needs, so a contact's address is never moved there.
"""

from __future__ import annotations

import re

from jobboard.importer.french_dates import find_date
from jobboard.importer.posting import Found, Posting, capitalise
from jobboard.text import fold

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+33\s?(?:\(0\)\s?)?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")
SHORT_PHONE = re.compile(r"\b\d{2}[.\s]\d{2}[.\s]\d{2}\b")  # an internal extension
URL = re.compile(r"https?://[^\s<>\")\]]+|\bwww\.[A-Za-z0-9.-]+\.[a-z]{2,}(?:/[^\s<>\")\]]*)?")

_CONTACT_LABELS = (r"\+ ?d'infos?", r"contacts?", r"renseignements?", r"pour tout renseignement",
                   r"personne a contacter", r"informations? complementaires?",
                   r"interlocut(?:eur|rice)")
_APPLY_WORDS = re.compile(r"candidat|postuler|adresser|envoyer|transmettre|\bcv\b|curriculum|"
                          r"lettre de motivation|par courriel|par mail")
_NOISE = re.compile(r"cookie|newsletter|mentions legales|politique de confidentialite")
_DOCUMENTS = [(r"\bcv\b", None), (r"\bcurriculum[ -]vit(?:ae|æ)\b", None),
              (r"\blettre de motivation\b", None), (r"\bdernier arrete\b[^,.;+)]*", None),
              (r"\bdiplomes?\b", "Diplômes"), (r"\bdernier bulletin de salaire\b", None),
              (r"\bderniers? comptes? rendus? d'entretien[^,.;+)]*", None)]
_ADDRESSEE = re.compile(r"\b(?:monsieur|madame|m\.|mme)\s+l[ea]\s+(?:maire|president\w*|"
                        r"directeur\w*|directrice)", re.I)
_POSTAL = re.compile(r"\b\d{5}\s+[A-ZÉÈÀa-zéèà][\w'’ -]*?(?:\s+cedex(?:\s*\d+)?)?(?=\s*(?:$|ou\b|,|\.|\n))",
                     re.I)


def find_contacts_and_apply(p: Posting) -> dict[str, Found]:
    contacts, contact_emails = _contacts(p)
    out: dict[str, Found] = {}
    if contacts:
        out["contacts"] = Found(contacts, False, "nom et fonction repris de l'annonce")
    apply: dict = {}
    notes = []
    for i, text in enumerate(p.texts):
        window = " ".join(p.folded[max(0, i - 4):i + 1])
        if _NOISE.search(p.folded[i]):
            continue
        for email in EMAIL.findall(text):
            if email.lower() in contact_emails or "email" in apply:
                continue
            apply["email"] = email
            if not _APPLY_WORDS.search(window):
                notes.append("courriel trouvé sans mention de candidature autour")
        for url in URL.findall(text):
            if "url" in apply or not _APPLY_WORDS.search(window + " " + p.folded[i]):
                continue
            url = url.rstrip(".,;:")
            apply["url"] = url if url.startswith("http") else "https://" + url
    for i, text in enumerate(p.texts):  # "Adresse e-mail : rh@…": now in the front matter
        rest = text
        for value in (apply.get("email"), apply.get("url")):
            if value:
                rest = rest.replace(value, "").replace(value.removeprefix("https://"), "")
        if rest != text and len(rest.strip()) <= 40 and re.search(r":\s*$", rest.strip() + " :"):
            p.used.add(i)
    address = _address(p)
    if address:
        apply["address"] = address
    documents = _documents(p)
    if documents:
        apply["documents"] = documents
    if not any(k in apply for k in ("email", "url", "address")):
        if contact_emails:
            notes.append("aucun courriel, lien ni adresse de candidature : les candidats "
                         "passent par le contact")
        else:
            out["apply"] = Found(apply or None, False,
                                 "aucun courriel, lien ni adresse postale de candidature")
            return out
    out["apply"] = Found(apply, not notes, "; ".join(notes))
    return out


def _contacts(p: Posting) -> tuple[list[dict], set[str]]:
    contacts: list[dict] = []
    emails: set[str] = set()
    suivie = p.label(r"affaire suivie par", r"dossier suivi par")
    if suivie:
        contacts.append(_parse_contact(suivie[0], "Affaire suivie par"))
    hit = p.label(*_CONTACT_LABELS)
    if hit:
        contacts.append(_parse_contact(hit[0], "Renseignements"))
    # emploi-territorial.fr: "Téléphone collectivité" then the number.
    phone = p.block(r"telephone(?: collectivite| de la collectivite)?")
    number = PHONE.search(phone[0][0]) if phone and phone[0] else None
    if number and not any(c.get("phone") for c in contacts):
        contacts.append({"role": "Standard de l'employeur", "phone": number[0]})
    # "La Direction des Ressources Humaines se tient à votre disposition pour tous
    # renseignements au 03 20 28 95 84"
    flat = re.sub(r"\s+", " ", "\n".join(p.texts))
    for m in re.finditer(r"(?:^|[.!] )(?:La |Le |L')?((?:Direction|Service|Pôle|Mission|DRH)"
                         r"[^,.;:]{0,60}?) (?:se tient|reste|est) à votre[^.]{0,80}?"
                         r"renseignements?[^.]{0,20}?((?:\+33|0)[1-9](?:[\s.-]?\d{2}){4})", flat):
        if not any(c.get("phone") == m[2] for c in contacts):
            contacts.append({"name": m[1].strip(), "role": "Renseignements", "phone": m[2]})
    for c in contacts:
        if c.get("email"):
            emails.add(c["email"].lower())
    return [c for c in contacts if c.get("name") or c.get("phone") or c.get("email")], emails


def _parse_contact(value: str, default_role: str) -> dict:
    contact: dict = {}
    email = EMAIL.search(value)
    if email:
        contact["email"] = email[0]
        value = value.replace(email[0], " ")
    phone = PHONE.search(value) or SHORT_PHONE.search(value)
    if phone:
        contact["phone"] = phone[0].strip()
        value = value.replace(phone[0], " ")
    parts = [x.strip(" .:") for x in re.split(r"\s[–—-]\s|,|\s[–—-]$|\(|\)", value)]
    parts = [re.sub(r"\s+(?:au|à|tel\.?|tél\.?)$", "", x) for x in parts]
    parts = [x for x in parts if x and not re.fullmatch(r"[\W\d]+|au|à|tel\.?|t[ée]l[ée]phone", x,
                                                          re.I)]
    if parts and re.fullmatch(r"(?:[A-ZÉÈ][\w'’-]+\s?){1,4}|(?:M\.|Mme|Madame|Monsieur)\s.*",
                              parts[0]):
        contact["name"] = parts[0]
        role = ", ".join(parts[1:])
    else:
        role = ", ".join(parts)
    contact = {"name": contact.pop("name", None), "role": role or default_role, **contact}
    if not contact["name"] and role:
        contact["name"], contact["role"] = role, default_role
    return {k: v for k, v in contact.items() if v}


def _address(p: Posting) -> str | None:
    for i, text in enumerate(p.texts):
        m = _ADDRESSEE.search(text)
        if not m or not _APPLY_WORDS.search(" ".join(p.folded[max(0, i - 3):i + 1])):
            continue
        block = " ".join(t.strip() for t in p.texts[i:i + 4])
        start = block.find(m[0])
        post = _POSTAL.search(block, start)
        if not post:
            continue
        head = block[start:post.start()].strip(" -–,")
        head = re.sub(r"\s+-\s*|\s*-\s+", " - ", head)
        who = re.match(rf"{re.escape(m[0])}(?:\s*[-–,]\s*(?:Direction|Service|DRH|Pôle)"
                       r"[^-–,]*?(?=\s+(?:H[ôo]tel|Place|Rue|\d|BP|B\.P|Mairie|-)))?", head)
        first = who[0].strip(" -–,") if who else m[0]
        rest = head[len(who[0]) if who else len(m[0]):].strip(" -–,")
        lines = [first] + ([rest] if rest else []) + [post[0].strip()]
        return "\n".join(lines) + "\n"
    return None


def _documents(p: Posting) -> list[str]:
    for i in p.lines_matching(r"candidature|postuler|dossier"):
        folded, text = p.folded[i], p.texts[i]
        found = []
        for rx, label in _DOCUMENTS:
            for m in re.finditer(rx, folded):
                found.append((m.start(), label or capitalise(text[m.start():m.end()].strip())))
        if found:
            names = [name for _, name in sorted(found)]
            return list(dict.fromkeys("CV" if n.lower() == "cv" else
                                      n.replace("-vitae", " vitae") for n in names))
    return []


def find_interviews(p: Posting) -> dict[str, Found]:
    flat = re.sub(r"\s+", " ", "\n".join(p.texts))
    folded = fold(flat)
    for m in re.finditer(r"\bentretiens?\b(?: de recrutement| de selection)?\s*(?::|prevus?|"
                         r"auront lieu|se derouleront|le|les)?", folded):
        window = flat[m.end():m.end() + 80]
        hit = find_date(window)
        if hit and hit[1] <= 25:
            rest = window[hit[2]:].split("  ")[0]
            rest = re.split(r"[.;\n]| [A-Z+]{2,}", rest)[0].strip(" ,")
            interviews: dict = {"dates": [hit[0]]}
            if rest and len(rest) <= 40:
                interviews["note"] = capitalise(rest)
            return {"interviews": Found(interviews, False, "dates d'entretien reprises de "
                                        "l'annonce")}
    return {}

