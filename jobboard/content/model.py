"""The typed content model: site, employers, offers, static pages.

Field names are the YAML keys editors write. Each field's type hint is the
validation rule (see `typed.py`); `validate()` methods hold the rules that tie
several fields together. Vocabulary tables map the stored values to the French
labels shown on the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from jobboard.content.markup import PackedHtml, packed
from jobboard.content.typed import Format, spec
from jobboard.urls import is_web_address

# --- Vocabulary of the fonction publique territoriale -------------------------

Category = Literal["A+", "A", "B", "C"]
CATEGORIES: dict[str, str] = {"A+": "Catégorie A+", "A": "Catégorie A", "B": "Catégorie B",
                              "C": "Catégorie C"}

Filiere = Literal["administrative", "technique", "culturelle", "sportive", "sociale",
                  "medico-sociale", "medico-technique", "animation", "police-municipale",
                  "incendie-secours"]
FILIERES: dict[str, str] = {
    "administrative": "Administrative", "technique": "Technique", "culturelle": "Culturelle",
    "sportive": "Sportive", "sociale": "Sociale", "medico-sociale": "Médico-sociale",
    "medico-technique": "Médico-technique", "animation": "Animation",
    "police-municipale": "Police municipale", "incendie-secours": "Incendie et secours",
}

EmployerKind = Literal["commune", "intercommunalite", "departement", "region", "ccas",
                       "centre-de-gestion", "syndicat", "autre"]
EMPLOYER_KINDS: dict[str, str] = {
    "commune": "Commune", "intercommunalite": "Intercommunalité", "departement": "Département",
    "region": "Région", "ccas": "Centre communal d'action sociale",
    "centre-de-gestion": "Centre de gestion", "syndicat": "Syndicat",
    "autre": "Autre établissement public",
}

Route = Literal["mutation", "detachement", "liste-aptitude", "integration-directe", "contractuel"]
ROUTES: dict[str, str] = {
    "mutation": "Mutation", "detachement": "Détachement",
    "liste-aptitude": "Liste d'aptitude (lauréat de concours)",
    "integration-directe": "Intégration directe", "contractuel": "Contractuel",
}

EmploymentType = Literal["permanent", "temporary"]
EMPLOYMENT_TYPES = {"permanent": "Emploi permanent", "temporary": "Emploi non permanent"}

WorkingTimeType = Literal["full-time", "part-time"]
WORKING_TIME_TYPES = {"full-time": "Temps complet", "part-time": "Temps non complet"}

PayUnit = Literal["hour", "day", "week", "month", "year"]
PAY_UNITS = {"hour": "de l'heure", "day": "par jour", "week": "par semaine",
             "month": "par mois", "year": "par an"}

# The board covers Hauts-de-France.
DEPARTEMENTS: dict[str, str] = {"02": "Aisne", "59": "Nord", "60": "Oise",
                                "62": "Pas-de-Calais", "80": "Somme"}
Departement = Literal["02", "59", "60", "62", "80"]

# --- Field checks: None when fine, else (message, hint) ----------------------

# Used with fullmatch(): with match(), '$' also matches before a final line break
# (a file named "agent2\n.md" passed for the slug "agent2\n"). ASCII digits only:
# '\d' would take full-width ones (５９３００) for a postal code.
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 .()-]+$")
_POSTAL = re.compile(r"^[0-9]{5}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_email(value: str):
    if not _EMAIL.fullmatch(value):
        return (f"found '{value}', expected an email address such as drh@ville-exemple.fr", None)
    return None


def check_url(value: str):
    if not is_web_address(value):
        hint = f"write https://{value}" if "." in value and "://" not in value else None
        return (f"found '{value}', expected a web address starting with https://", hint)
    return None


def check_phone(value: str):
    digits = sum(c.isdigit() for c in value)
    if not _PHONE.fullmatch(value) or not 4 <= digits <= 15:
        return (f"found '{value}', expected a phone number such as 03 27 93 58 64", None)
    return None


def check_postal_code(value: str):
    if not _POSTAL.fullmatch(value):
        return (f"found '{value}', expected a 5-digit postal code such as \"59300\"",
                "write the postal code in quotes")
    return None


LOGO_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".webp"}


_INDEXNOW_KEY = re.compile(r"^[A-Za-z0-9-]{8,128}$")


def check_indexnow_key(value: str):
    if not _INDEXNOW_KEY.match(value):
        return (f"found '{value}', expected 8 to 128 letters, digits or dashes",
                "generate one with: python3 -c \"import uuid; print(uuid.uuid4().hex)\"")
    return None


def check_logo(value: str):
    # A logo from another site would make every visitor's browser contact it:
    # logos are files of the content repository, copied into the site.
    if "://" in value or value.startswith("/") or ".." in value.split("/"):
        return (f"found '{value}', expected the name of an image file next to the employer file, "
                "such as logos/ville-de-douai.svg",
                "download the logo into content/employers/logos/: the site makes no request "
                "to other sites")
    if not any(value.lower().endswith(ext) for ext in LOGO_TYPES):
        return (f"found '{value}', expected an image file ending with "
                + ", ".join(sorted(LOGO_TYPES)), None)
    return None


def check_slug(value: str):
    if not SLUG.fullmatch(value):
        return (f"found '{value}', expected an employer file name (lowercase letters, digits "
                "and dashes) such as ville-de-douai", None)
    return None


_REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
_BRANCH = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
_APP_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def check_repo(value: str):
    if not _REPO.match(value):
        return (f"found '{value}', expected a repository as owner/name, such as "
                "mairie-exemple/emplois", None)
    return None


def check_branch(value: str):
    if not _BRANCH.match(value) or ".." in value:
        return (f"found '{value}', expected a git branch name such as main", None)
    return None


def check_app_id(value: str):
    if not _APP_ID.match(value):
        return (f"found '{value}', expected the application ID the forge gave (letters, "
                "digits, - and _)", None)
    return None


# What each format of an offer or employer file says in the generated JSON Schema and web
# form (typed.Format): the same regular expressions as the checks above.
EMAIL = Format(check_email, {"format": "email"},
               (_EMAIL.pattern, "Une adresse comme drh@ville-exemple.fr."))
URL = Format(check_url, {"format": "uri", "pattern": "^https?://"},
             ("^https?://[^ ]+$", "Une adresse qui commence par https://."))
PHONE = Format(check_phone, {"pattern": _PHONE.pattern},
               (_PHONE.pattern, "Un numéro comme 03 27 00 00 00."))
POSTAL_CODE = Format(check_postal_code, {"pattern": _POSTAL.pattern},
                     (_POSTAL.pattern, "5 chiffres."))
EMPLOYER_SLUG = Format(check_slug, {"pattern": SLUG.pattern})
LOGO = Format(check_logo, {"pattern": r"^[^:]+\.(svg|png|jpe?g|webp)$"})


# --- Site ---------------------------------------------------------------------

Backend = Literal["github", "gitlab", "gitea"]
AuthType = Literal["pkce", "implicit"]


@dataclass(frozen=True, kw_only=True)
class Admin:
    """The web editor published at /admin/ (Decap CMS): the repository it commits to.
    Every value has a format check: they end up in the editor's configuration and in the
    Content-Security-Policy of /admin/."""
    backend: Backend
    repo: str = spec(check=check_repo)
    branch: str = spec(default="main", check=check_branch)
    # GitHub: the OAuth server that signs editors in; GitLab, Gitea: the forge itself.
    base_url: str | None = spec(default=None, check=check_url)
    # A self-hosted GitLab or Gitea: its API, such as https://gitlab.exemple.fr/api/v4.
    api_root: str | None = spec(default=None, check=check_url)
    auth_type: AuthType | None = None  # GitLab: pkce (an OAuth application, no server)
    app_id: str | None = spec(default=None, check=check_app_id)
    # For trying the editor on one's computer with decap-server (npx decap-server).
    local_backend: str | None = spec(default=None, check=check_url)


@dataclass(frozen=True, kw_only=True)
class Publisher:
    name: str
    email: str = spec(check=check_email)
    url: str | None = spec(default=None, check=check_url)


@dataclass(frozen=True, kw_only=True)
class Site:
    title: str
    description: str
    base_url: str = spec(check=check_url, doc="the public address of the site, https://...")
    language: Literal["fr"]
    region: str
    timezone: Literal["Europe/Paris"]
    publisher: Publisher
    # IndexNow (`build.py notify`): the build publishes it as /<key>.txt, which
    # proves to search engines that the site sends its own URLs. Public by design.
    indexnow_key: str | None = spec(default=None, check=check_indexnow_key,
                                    doc="the IndexNow key, 8 to 128 letters, digits or dashes")
    admin: Admin | None = None  # without it, no web editor is published

    @property
    def base_path(self) -> str:
        """The path part of base_url, ending with '/': links are relative to it."""
        path = urlsplit(self.base_url).path
        return path if path.endswith("/") else path + "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"


# --- Employers ----------------------------------------------------------------
# Each field an editor writes is described once, in its spec(): see typed.spec.

@dataclass(frozen=True, kw_only=True)
class Address:
    street: str | None = spec(default=None, title="Voie", comment="facultatif : voie",
                              example="Place de l'Hôtel de ville")
    postal_code: str = spec(check=POSTAL_CODE, title="Code postal",
                            help="5 chiffres, entre guillemets.", form="5 chiffres.",
                            comment="obligatoire : 5 chiffres, entre guillemets")
    city: str = spec(title="Commune", comment="obligatoire")


@dataclass(frozen=True, kw_only=True)
class Employer:
    slug: str  # the file name: supplied by the reader, not written in YAML
    name: str = spec(title="Nom", help="Nom officiel, par exemple « Ville de Douai ».",
                     comment="obligatoire : nom officiel")
    kind: EmployerKind = spec(title="Type d'employeur",
                              comment="obligatoire : " + ", ".join(EMPLOYER_KINDS))
    address: Address = spec(title="Adresse", comment="obligatoire")
    departement: Departement = spec(doc='the département code in quotes, such as "59"',
                                    title="Département",
                                    help="Code du département, entre guillemets.",
                                    form="Celui du code postal.",
                                    comment="obligatoire : 02, 59, 60, 62 ou 80, entre "
                                            "guillemets")
    website: str = spec(check=URL, title="Site internet", help="Adresse https://",
                        comment="obligatoire : site internet")
    logo: str | None = spec(default=None, check=LOGO,
                            doc="an image file, relative to content/employers/",
                            title="Logo",
                            help="Fichier image placé dans content/employers/logos/.",
                            form="Une image (SVG, PNG, JPEG ou WebP).",
                            comment="facultatif : fichier image dans content/employers/logos/")
    description: str | None = spec(default=None, title="Présentation",
                                   help="Une ou deux phrases.", multiline=True,
                                   comment="facultatif",
                                   example="Une ou deux phrases de présentation.")

    @property
    def departement_name(self) -> str:
        return DEPARTEMENTS[self.departement]

    def validate(self):
        if not self.address.postal_code.startswith(self.departement):
            yield ("address.postal_code",
                   f"found '{self.address.postal_code}', which is not in département "
                   f"{self.departement} ({self.departement_name})",
                   "check the postal code or the departement field")


# --- Offers -------------------------------------------------------------------

# Fields filled by the reader, not written by editors: no description, in no generated file.
INTERNAL = {"slug", "source", "body_html", "digest"}

@dataclass(frozen=True, kw_only=True)
class Employment:
    type: EmploymentType = spec(
        title="Type", help="permanent ou temporary.", form="",
        comment="obligatoire : permanent ou temporary (emploi non permanent)",
        example="permanent", data="Emploi permanent ou non permanent")
    duration: str | None = spec(
        default=None, title="Durée", help="Durée du contrat, par exemple « 20 mois ».",
        comment="facultatif : durée du contrat", example="12 mois", data="Durée du contrat")


@dataclass(frozen=True, kw_only=True)
class Recruitment:
    routes: list[Route] = spec(
        default_factory=list, one_or_many=True, title="Voies de recrutement",
        help=", ".join(ROUTES) + ".", form="", comment="voies de recrutement",
        example="[mutation, detachement, liste-aptitude, contractuel]")
    contract_basis: str | None = spec(
        default=None, title="Fondement du recrutement contractuel",
        help="Article de loi, par exemple « L332-8 2° ».",
        comment="fondement du recrutement d'un contractuel", example='"L332-8 2°"',
        data="Fondement juridique du recrutement contractuel")

    @property
    def open_to_contractuels(self) -> bool:
        return "contractuel" in self.routes


@dataclass(frozen=True, kw_only=True)
class WorkingTime:
    type: WorkingTimeType = spec(
        title="Temps de travail", help="full-time (complet) ou part-time (non complet).",
        form="Obligatoire si le temps de travail est indiqué.",
        comment="full-time (temps complet) ou part-time (temps non complet)",
        example="full-time", data="Temps complet ou non complet")
    weekly_hours: float | None = spec(
        default=None, title="Heures par semaine", help="Un nombre, par exemple 35 ou 17.5.",
        comment="heures par semaine", example="35", data="Heures hebdomadaires")
    schedule: str | None = spec(default=None, title="Horaires", help="Texte libre.",
                                comment="horaires", example="du lundi au vendredi")

    def validate(self):
        if self.weekly_hours is not None and not 0 < self.weekly_hours <= 48:
            yield ("weekly_hours", f"found {self.weekly_hours}, expected hours per week "
                   "between 1 and 48", None)


@dataclass(frozen=True, kw_only=True)
class Pay:
    text: str | None = spec(
        default=None, title="Rémunération (texte)",
        help="Par exemple « Statutaire + régime indemnitaire ».",
        example="Rémunération statutaire + régime indemnitaire", data="Rémunération, en texte")
    min: float | None = spec(default=None, title="Minimum", help="Montant brut en euros.",
                             comment="en euros bruts", example="1900",
                             data="Minimum brut, euros")
    max: float | None = spec(default=None, title="Maximum", help="Montant brut en euros.",
                             example="2300", data="Maximum brut, euros")
    unit: PayUnit | None = spec(default=None, title="Période",
                                help="Obligatoire avec min ou max.",
                                comment="hour, day, week, month ou year", example="month",
                                data="Période de pay_min et pay_max")

    def validate(self):
        if (self.min is not None or self.max is not None) and self.unit is None:
            yield ("unit", "missing: required when min or max is given",
                   "one of: hour, day, week, month, year")
        for name, value in (("min", self.min), ("max", self.max)):
            if value is not None and value <= 0:
                yield (name, f"found {value}, expected a positive amount in euros", None)
        if self.min is not None and self.max is not None and self.min > self.max:
            yield ("max", f"found {self.max}, which is below min ({self.min})", None)
        if self.text is None and self.min is None and self.max is None:
            yield ("", "found no text, min or max, expected at least one of them", None)


@dataclass(frozen=True, kw_only=True)
class Location:
    name: str | None = spec(default=None, title="Nom du lieu",
                            help="Par exemple « Hôtel communautaire ».", example="Médiathèque")
    street: str | None = spec(default=None, title="Voie", help="Numéro et rue.",
                              example="1 rue de la Gare")
    postal_code: str | None = spec(default=None, check=POSTAL_CODE, title="Code postal",
                                   help="5 chiffres, entre guillemets.", form="5 chiffres.",
                                   example='"59300"')
    city: str | None = spec(default=None, title="Commune", example="Valenciennes")

    def validate(self):
        if (self.street or self.postal_code) and not self.city:
            yield ("city", "missing: required when street or postal_code is given", None)
        if self.city and not self.postal_code:
            yield ("postal_code", "missing: required when city is given",
                   'add the 5-digit postal code in quotes, such as "59140"')


@dataclass(frozen=True, kw_only=True)
class Contact:
    name: str | None = spec(default=None, title="Nom", help="Personne ou service.",
                            example="Prénom Nom")
    role: str | None = spec(default=None, title="Fonction", example="Responsable du service")
    phone: str | None = spec(default=None, check=PHONE, title="Téléphone",
                             help="Entre guillemets.", form="Par exemple 03 27 00 00 00.",
                             example='"03 27 00 00 00"')
    email: str | None = spec(default=None, check=EMAIL, title="Courriel",
                             example="prenom.nom@exemple.fr")

    def validate(self):
        if not (self.name or self.phone or self.email):
            yield ("", "found a contact with no name, phone or email", None)


@dataclass(frozen=True, kw_only=True)
class Apply:
    email: str | None = spec(default=None, check=EMAIL, title="Courriel de candidature",
                             comment="courriel de candidature", example="drh@exemple.fr",
                             data="Courriel")
    url: str | None = spec(default=None, check=URL, title="Candidature en ligne",
                           help="Adresse https://", comment="candidature en ligne",
                           example="https://www.exemple.fr/emploi", data="Adresse web")
    address: str | None = spec(default=None, title="Adresse postale",
                               help="Sur plusieurs lignes avec « | ».",
                               form="Sur plusieurs lignes.", multiline=True,
                               comment="adresse postale, sur plusieurs lignes",
                               example="|\n  Monsieur le Maire\n  Hôtel de ville")
    documents: list[str] = spec(
        default_factory=list, one_or_many=True, title="Pièces à joindre",
        help="Par exemple [CV, Lettre de motivation].", comment="pièces à joindre",
        form="Séparées par des virgules, par exemple : CV, Lettre de motivation.",
        example="[CV, Lettre de motivation]")
    note: str | None = spec(default=None, title="Précisions", help="Texte libre.",
                            example="Merci de rappeler la référence de l'offre.")


@dataclass(frozen=True, kw_only=True)
class Interviews:
    dates: list[date] = spec(default_factory=list, one_or_many=True,
                             title="Dates d'entretien", help="Liste de dates AAAA-MM-JJ.",
                             form="", comment="dates d'entretien prévues",
                             example="[2027-01-15]")
    note: str | None = spec(default=None, title="Précisions",
                            help="Par exemple « L'après-midi ».", example="L'après-midi")


# A joint recruitment names a few employers (two to five in the region's postings; a
# post shared by a dozen small communes is rare). Each employer's page and feeds show
# the offer with every employer's name: without a cap, one offer listing 3,000
# employers made the site 3.7 GB (N feeds × N names).
MAX_EMPLOYERS = 20


@dataclass(frozen=True, kw_only=True)
class Offer:
    # Supplied by the reader, not written in the front matter:
    slug: str
    source: str  # path of the file, for messages
    body_html: PackedHtml  # given as text, kept compressed (see PackedHtml)
    digest: str = ""  # hash of the file and of the dates git gave it: identifies the offer

    # Written by editors; `missing` is the importer's note when a posting lacks it.
    title: str = spec(
        title="Intitulé", help="L'intitulé du poste, avec la mention (F/H).",
        comment="obligatoire : intitulé du poste, avec (F/H)", example="Agent d'accueil (F/H)",
        missing="l'intitulé du poste ; écrivez-le avec (F/H)", data="Intitulé du poste")
    employers: list[str] = spec(
        one_or_many=True, check=EMPLOYER_SLUG,
        doc="the employer file names, such as [ville-de-douai]", title="Employeurs",
        help="Nom(s) de fichier des employeurs ; le premier signe le contrat. "
             "Exemple : [ville-d-anzin, ville-de-valenciennes].",
        form="Le premier signe le contrat.",
        comment="obligatoire : employeur(s) ; le premier signe le contrat",
        example="[ville-de-douai]",
        missing="l'employeur ; écrivez le nom de son fichier dans content/employers/ "
                "(créez-le avec build.py new employer s'il n'existe pas)")
    reference: str | None = spec(
        default=None, title="Référence",
        help="Référence interne de l'employeur, unique sur le site.",
        comment="facultatif : référence de l'employeur, unique", example='"RH-2026-001"',
        data="Référence de l'employeur")
    published: date = spec(
        doc="the publication date, such as 2026-01-26", title="Date de publication",
        help="AAAA-MM-JJ. Par défaut : la date du premier commit du fichier.",
        form="Par défaut : le jour du premier enregistrement de l'offre.",
        comment="date de publication (AAAA-MM-JJ) ; sans elle, la date du premier commit "
                "du fichier", example="2026-01-05")
    updated: date | None = spec(
        default=None, title="Date de mise à jour",
        help="AAAA-MM-JJ. Par défaut : la date du dernier commit.",
        form="Par défaut : le jour de la dernière modification publiée.",
        comment="facultatif : date de la dernière modification", example="2026-01-05")
    deadline: date = spec(
        doc="the application deadline, such as 2026-02-22",
        title="Date limite de candidature", help="AAAA-MM-JJ, incluse (heure de Paris).",
        form="Incluse : l'offre est ouverte jusqu'à la fin de ce jour (heure de Paris).",
        comment="obligatoire : date limite de candidature, incluse", example="2026-02-28",
        missing="la date limite de candidature ; écrivez-la au format AAAA-MM-JJ",
        data="Date limite de candidature (incluse)")
    # Filled or withdrawn before the deadline: closed from this day on.
    closed: date | None = spec(
        default=None, title="Close le",
        help="AAAA-MM-JJ : poste pourvu ou offre retirée avant la date limite ; l'offre est "
             "close à partir de ce jour.",
        form="Poste pourvu ou offre retirée avant la date limite : l'offre est close à "
             "partir de ce jour.",
        comment="facultatif : poste pourvu ou retiré avant la date limite : l'offre est "
                "close dès ce jour", example="2026-02-15")
    start: date | str | None = spec(
        default=None, title="Prise de poste",
        help="Une date AAAA-MM-JJ ou un texte (« Dès que possible »).",
        comment="facultatif : date (AAAA-MM-JJ) ou texte", example="Dès que possible")
    categories: list[Category] = spec(
        one_or_many=True, doc="one or more of A+, A, B, C", title="Catégories",
        help="A+, A, B ou C ; plusieurs si le poste est ouvert à plusieurs cadres d'emplois "
             "(« attachés ou rédacteurs » : [A, B]).",
        comment="obligatoire : A+, A, B ou C (plusieurs possibles : [A, B])", example="[C]",
        missing="la catégorie, ni écrite ni déductible d'un cadre d'emplois",
        data="Catégories : A+, A, B, C")
    cadres: list[str] = spec(
        default_factory=list, one_or_many=True, title="Cadres d'emplois",
        help="Exemple : [Attachés territoriaux].",
        form="Séparés par des virgules, par exemple : Attachés territoriaux.",
        comment="facultatif : cadre(s) d'emplois",
        example="[Adjoints administratifs territoriaux]")
    grades: list[str] = spec(
        default_factory=list, one_or_many=True, title="Grades",
        help="Exemple : [Attaché, Attaché principal].",
        form="Séparés par des virgules, par exemple : Attaché, Attaché principal.",
        comment="facultatif : grade(s)", example="[Adjoint administratif]")
    filiere: Filiere = spec(
        doc="one of: " + ", ".join(FILIERES), title="Filière",
        help="La filière de la fonction publique territoriale.",
        comment="obligatoire : " + ", ".join(FILIERES), example="administrative",
        missing="la filière", data="Filière (code)")
    job_family: str | None = spec(
        default=None, title="Famille de métiers", help="Texte libre.",
        comment="facultatif : famille de métiers", example="Accueil")
    service: str | None = spec(
        default=None, title="Service", help="Direction ou service de rattachement.",
        comment="facultatif : service de rattachement", example="Direction de la population",
        data="Service de rattachement")
    employment: Employment = spec(
        doc="type: permanent or temporary", title="Type d'emploi",
        help="Emploi permanent ou non permanent, et durée.", comment="obligatoire",
        missing="le type d'emploi")
    vacancy_reason: str | None = spec(
        default=None, title="Motif du recrutement", help="Création de poste, départ…",
        comment="facultatif : motif du recrutement", example="Départ à la retraite")
    recruitment: Recruitment | None = spec(
        default=None, title="Recrutement", help="Voies de recrutement et fondement juridique.")
    working_time: WorkingTime | None = spec(
        default=None, title="Temps de travail", help="Temps complet ou non complet, heures.",
        missing="le temps de travail")
    remote_work: str | None = spec(
        default=None, title="Télétravail", help="Texte libre.",
        comment="facultatif : télétravail", example="Possible un jour par semaine")
    pay: Pay | None = spec(
        default=None, title="Rémunération", help="Texte libre et, si possible, un montant brut.",
        comment="recommandé", missing="la rémunération")
    location: Location | None = spec(
        default=None, title="Lieu de travail", help="Par défaut : l'adresse du premier employeur.",
        comment="facultatif : sinon, l'adresse du premier employeur")
    contacts: list[Contact] = spec(
        default_factory=list, one_or_many=True, title="Contacts",
        help="Personnes ou services à contacter.", comment="recommandé",
        missing="une personne à contacter")
    apply: Apply = spec(
        doc="how to apply: email, url or address", title="Candidater",
        help="Au moins un courriel, un lien ou une adresse postale.",
        comment="obligatoire : au moins un courriel, un lien ou une adresse postale",
        missing="un courriel, un lien ou une adresse postale de candidature",
        data="Comment candidater")
    interviews: Interviews | None = spec(default=None, title="Entretiens",
                                         help="Dates prévues des entretiens.")
    themes: list[str] = spec(
        default_factory=list, one_or_many=True, title="Thèmes",
        help="Mots-clés libres, par exemple [Cité éducative].",
        form="Séparés par des virgules, par exemple : Cité éducative.",
        comment="facultatif : mots-clés", example="[Cité éducative]")
    draft: bool = spec(
        default=False, title="Brouillon", help="true : l'offre est vérifiée mais pas publiée.",
        form="Coché : l'offre reste hors du site même publiée (un brouillon importé, par "
             "exemple).",
        comment="brouillon : passez à false (ou retirez la ligne) pour publier", example="true")

    def __post_init__(self):
        # The reader gives the body as text; it is kept compressed.
        object.__setattr__(self, "body_html", packed(self.body_html))

    def validate(self):
        if not self.employers:
            yield ("employers", "found an empty list, expected at least one employer", None)
        if len(self.employers) > MAX_EMPLOYERS:
            yield ("employers", f"found {len(self.employers)} employers, expected at most "
                   f"{MAX_EMPLOYERS}", "for a post shared by many employers (a centre de "
                   "gestion's pool, a syndicate), list the body that recruits and name the "
                   "others in the text")
        if not self.categories:
            yield ("categories", "found an empty list, expected at least one of A+, A, B, C",
                   None)
        for name, values in (("employers", self.employers), ("categories", self.categories)):
            if len(set(values)) != len(values):
                yield (name, "found the same value twice", None)
        if self.deadline < self.published:
            yield ("deadline", f"found {self.deadline}, which is before the publication date "
                   f"({self.published})", "the deadline must be on or after 'published'")
        if self.closed and not self.published <= self.closed <= self.deadline:
            yield ("closed", f"found {self.closed}, expected a day between the publication "
                   f"({self.published}) and the deadline ({self.deadline})",
                   "'closed' is the day the offer stopped taking applications before its deadline")
        if self.updated and self.updated < self.published:
            yield ("updated", f"found {self.updated}, which is before the publication date "
                   f"({self.published})", None)
        if not (self.apply.email or self.apply.url or self.apply.address
                or any(c.email for c in self.contacts)):
            yield ("apply", "found no way to apply, expected at least one of email, url, address",
                   "tell job seekers where to send their application")

    @property
    def has_own_place(self) -> bool:
        """The offer names its workplace (city and postal code); otherwise the workplace
        is its lead employer's address."""
        return bool(self.location and self.location.city and self.location.postal_code)

    def is_open_on(self, day: date) -> bool:
        """Open through the deadline day (Paris), unless closed early."""
        return day <= self.deadline and (self.closed is None or day < self.closed)

    @property
    def last_modified(self) -> date:
        return self.updated or self.published

    @property
    def start_date(self) -> date | None:
        return self.start if isinstance(self.start, date) else None


# --- Static pages -------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Page:
    slug: str
    source: str
    body_html: str

    title: str
    description: str | None = None
    order: int = 100
