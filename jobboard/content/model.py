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

from jobboard.content.typed import spec
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

@dataclass(frozen=True, kw_only=True)
class Address:
    street: str | None = None
    postal_code: str = spec(check=check_postal_code)
    city: str


@dataclass(frozen=True, kw_only=True)
class Employer:
    slug: str  # the file name: supplied by the reader, not written in YAML
    name: str
    kind: EmployerKind
    address: Address
    departement: Departement = spec(doc='the département code in quotes, such as "59"')
    website: str = spec(check=check_url)
    logo: str | None = spec(default=None, check=check_logo,
                            doc="an image file, relative to content/employers/")
    description: str | None = None

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

@dataclass(frozen=True, kw_only=True)
class Employment:
    type: EmploymentType
    duration: str | None = None


@dataclass(frozen=True, kw_only=True)
class Recruitment:
    routes: list[Route] = spec(default_factory=list, one_or_many=True)
    contract_basis: str | None = None

    @property
    def open_to_contractuels(self) -> bool:
        return "contractuel" in self.routes


@dataclass(frozen=True, kw_only=True)
class WorkingTime:
    type: WorkingTimeType
    weekly_hours: float | None = None
    schedule: str | None = None

    def validate(self):
        if self.weekly_hours is not None and not 0 < self.weekly_hours <= 48:
            yield ("weekly_hours", f"found {self.weekly_hours}, expected hours per week "
                   "between 1 and 48", None)


@dataclass(frozen=True, kw_only=True)
class Pay:
    text: str | None = None
    min: float | None = None
    max: float | None = None
    unit: PayUnit | None = None

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
    name: str | None = None
    street: str | None = None
    postal_code: str | None = spec(default=None, check=check_postal_code)
    city: str | None = None

    def validate(self):
        if (self.street or self.postal_code) and not self.city:
            yield ("city", "missing: required when street or postal_code is given", None)
        if self.city and not self.postal_code:
            yield ("postal_code", "missing: required when city is given",
                   'add the 5-digit postal code in quotes, such as "59140"')


@dataclass(frozen=True, kw_only=True)
class Contact:
    name: str | None = None
    role: str | None = None
    phone: str | None = spec(default=None, check=check_phone)
    email: str | None = spec(default=None, check=check_email)

    def validate(self):
        if not (self.name or self.phone or self.email):
            yield ("", "found a contact with no name, phone or email", None)


@dataclass(frozen=True, kw_only=True)
class Apply:
    email: str | None = spec(default=None, check=check_email)
    url: str | None = spec(default=None, check=check_url)
    address: str | None = None
    documents: list[str] = spec(default_factory=list, one_or_many=True)
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Interviews:
    dates: list[date] = spec(default_factory=list, one_or_many=True)
    note: str | None = None


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
    body_html: str
    digest: str = ""  # hash of the file and of the dates git gave it: identifies the offer

    title: str
    employers: list[str] = spec(one_or_many=True, check=check_slug,
                                doc="the employer file names, such as [ville-de-douai]")
    reference: str | None = None
    published: date = spec(doc="the publication date, such as 2026-01-26")
    updated: date | None = None
    deadline: date = spec(doc="the application deadline, such as 2026-02-22")
    # Filled or withdrawn before the deadline: closed from this day on.
    closed: date | None = None
    start: date | str | None = None
    categories: list[Category] = spec(one_or_many=True, doc="one or more of A+, A, B, C")
    cadres: list[str] = spec(default_factory=list, one_or_many=True)
    grades: list[str] = spec(default_factory=list, one_or_many=True)
    filiere: Filiere = spec(doc="one of: " + ", ".join(FILIERES))
    job_family: str | None = None
    service: str | None = None
    employment: Employment = spec(doc="type: permanent or temporary")
    vacancy_reason: str | None = None
    recruitment: Recruitment | None = None
    working_time: WorkingTime | None = None
    remote_work: str | None = None
    pay: Pay | None = None
    location: Location | None = None
    contacts: list[Contact] = spec(default_factory=list, one_or_many=True)
    apply: Apply = spec(doc="how to apply: email, url or address")
    interviews: Interviews | None = None
    themes: list[str] = spec(default_factory=list, one_or_many=True)
    draft: bool = False

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
