"""What templates see of an offer: the model plus ready-made French labels and URLs.

Templates stay free of logic (loops and conditions only) because every label,
URL and piece of formatted text is computed here, once, by pure functions.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import quote, urlsplit

from jobboard import dates
from jobboard.content import model
from jobboard.text import slugify


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Fact:
    """One line of an offer's facts: the page's lists and the feeds' fragment share them."""
    key: str  # stable name, for styles and tests
    label: str
    text: str  # the value as plain text (feeds)
    links: list[Link] = field(default_factory=list)  # the value as links (pages), if any
    joiner: str = ", "
    time: str | None = None  # ISO date when the value is a date
    # Pages only: theme/jours.js writes the days left ("clôture dans 3 jours") after the
    # value from the visitor's clock. The build writes no day count into a page: it
    # would go stale when a build is late, and would change every page every day.
    countdown: bool = False


@dataclass(frozen=True)
class ApplyAction:
    label: str  # says what it does: "Postuler par courriel"
    url: str
    detail: str  # where it leads: the address or the site


@dataclass(frozen=True)
class Place:
    name: str | None
    street: str | None
    postal_code: str
    city: str

    @property
    def one_line(self) -> str:
        parts = [self.name, self.street, f"{self.postal_code} {self.city}"]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class OfferView:
    offer: model.Offer
    url: str  # site-relative, with the base path
    abs_url: str
    employers: list[model.Employer]  # lead first
    employer_links: list[Link]
    place: Place
    categories: list[Link]
    filiere: Link
    themes: list[Link]
    lead_logo_url: str | None  # absolute
    # What the build day makes of the offer: these three and nothing else (no count of
    # days, which would change every output showing the offer every day); the
    # fingerprint of a view (build/fingerprint.py) keys on exactly these.
    is_open: bool
    closing_soon: bool  # open and closing within 7 days
    is_new: bool = False  # published within the last NEW_DAYS days of the build day
    lead_logo_path: str | None = None  # site-relative, for pages
    commune: Link | None = None  # the page of the workplace's commune

    @property
    def lead(self) -> model.Employer:
        return self.employers[0]

    @property
    def employer_names(self) -> str:
        return " et ".join(e.name for e in self.employers)

    @property
    def category_text(self) -> str:
        cats = self.offer.categories
        return "Catégorie" + ("s " if len(cats) > 1 else " ") + " ou ".join(cats)

    @property
    def deadline_text(self) -> str:
        return dates.french_date(self.offer.deadline)

    @property
    def published_text(self) -> str:
        return dates.french_date(self.offer.published)

    @property
    def start_text(self) -> str | None:
        start = self.offer.start
        if isinstance(start, date):
            return dates.french_date(start)
        return start

    @property
    def employment_text(self) -> str:
        emp = self.offer.employment
        text = model.EMPLOYMENT_TYPES[emp.type]
        return f"{text} ({emp.duration})" if emp.duration else text

    @property
    def contract_label(self) -> str:
        return model.EMPLOYMENT_TYPES[self.offer.employment.type]

    @property
    def working_time_label(self) -> str:
        wt = self.offer.working_time
        return model.WORKING_TIME_TYPES[wt.type] if wt else "Non précisé"

    @property
    def routes_text(self) -> str | None:
        rec = self.offer.recruitment
        if rec is None or not rec.routes:
            return None
        return ", ".join(model.ROUTES[r] for r in rec.routes)

    @property
    def pay_text(self) -> str | None:
        return pay_text(self.offer.pay)

    @property
    def grades_text(self) -> str | None:
        parts = []
        if self.offer.cadres:
            parts.append("Cadre d'emplois : " + " ou ".join(self.offer.cadres))
        if self.offer.grades:
            parts.append("Grade : " + ", ".join(self.offer.grades))
        return " — ".join(parts) or None

    @property
    def closes_at(self) -> str:
        """When applications stop (end of the deadline day in Paris), for the page's script."""
        return dates.end_of_day(self.offer.deadline).isoformat()

    @property
    def share_links(self) -> list[Link]:
        """Plain links to share the offer: no third-party script, no request until clicked."""
        url, title = quote(self.abs_url, safe=""), quote(self.offer.title, safe="")
        return [
            Link("Par courriel", f"mailto:?subject={title}&body={url}"),
            Link("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={url}"),
            Link("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ]

    @property
    def employment_codes(self) -> list[str]:
        """Google's employmentType values (FULL_TIME, PART_TIME, TEMPORARY...)."""
        codes = []
        if self.offer.working_time:
            codes.append("FULL_TIME" if self.offer.working_time.type == "full-time"
                         else "PART_TIME")
        if self.offer.employment.type == "temporary":
            codes.append("TEMPORARY")
        return codes or ["OTHER"]

    @property
    def indeed_job_type(self) -> str:
        """Indeed's jobtype: fulltime, parttime, temporary, comma-separated."""
        names = {"FULL_TIME": "fulltime", "PART_TIME": "parttime", "TEMPORARY": "temporary"}
        return ", ".join(names[c] for c in self.employment_codes if c in names)

    @property
    def summary_text(self) -> str:
        """One line of key facts, for feed summaries and calendars."""
        return " — ".join([self.employer_names, self.place.city, self.category_text,
                           f"candidatures jusqu'au {self.deadline_text}"])

    @property
    def interview_dates_text(self) -> str | None:
        iv = self.offer.interviews
        if iv is None or not iv.dates:
            return None
        text = ", ".join(dates.french_date(d) for d in iv.dates)
        return f"{text} ({iv.note})" if iv.note else text


    # --- What a job seeker decides on: cards and the top of the offer page -------------

    @property
    def working_time_short(self) -> str | None:
        """For cards: the kind of working time, with the hours when it is part time."""
        wt = self.offer.working_time
        if wt is None:
            return None
        text = model.WORKING_TIME_TYPES[wt.type]
        if wt.type == "part-time" and wt.weekly_hours:
            text += f", {hours(wt.weekly_hours)}/semaine"
        return text

    @property
    def pay_short(self) -> str | None:
        """For cards: the amounts when stated, else a short free text; never a paragraph."""
        pay = self.offer.pay
        if pay is None:
            return None
        amounts = pay_text(model.Pay(min=pay.min, max=pay.max, unit=pay.unit))
        if amounts:
            return amounts
        return pay.text if pay.text and len(pay.text) <= PAY_SHORT_MAX else None

    @property
    def closed_text(self) -> str:
        """For closed offers' cards: why and when it closed."""
        if self.offer.closed:
            return (f"Offre close le {dates.french_date(self.offer.closed)}, "
                    "avant sa date limite")
        return f"Candidatures closes (date limite : {self.deadline_text})"

    @property
    def new_until(self) -> str:
        """The last day the offer is marked new, for the script that reads the visitor's clock."""
        return (self.offer.published + timedelta(days=NEW_DAYS - 1)).isoformat()

    @property
    def monogram(self) -> str:
        return monogram(self.lead.name)

    @property
    def monogram_class(self) -> str:
        return monogram_class(self.lead.slug)

    @property
    def key_facts(self) -> list[Fact]:
        """The facts a job seeker decides on, in the order they are read."""
        o = self.offer
        plural = "s" if len(self.employers) > 1 else ""
        facts = [
            Fact("employeur", f"Employeur{plural}", self.employer_names,
                 self.employer_links, " et "),
            Fact("lieu", "Lieu de travail", self.place.one_line),
            Fact("categorie", "Catégorie" + ("s" if len(o.categories) > 1 else ""),
                 " ou ".join(o.categories), self.categories, " ou "),
            Fact("contrat", "Type d'emploi", self.employment_text),
        ]
        if self.working_time_hours:
            facts.append(Fact("temps", "Temps de travail", self.working_time_hours))
        if self.pay_short:
            facts.append(Fact("remuneration", "Rémunération", self.pay_short))
        facts.append(Fact("date-limite", "Date limite de candidature", self.deadline_text,
                          time=o.deadline.isoformat(),
                          countdown=self.is_open))
        if self.start_text:
            facts.append(Fact("prise-de-poste", "Prise de poste", self.start_text,
                              time=o.start.isoformat() if isinstance(o.start, date) else None))
        return facts

    @property
    def working_time_hours(self) -> str | None:
        """The kind of working time and its weekly hours: "Temps complet, 37 h par semaine"."""
        wt = self.offer.working_time
        if wt is None:
            return None
        text = model.WORKING_TIME_TYPES[wt.type]
        return text + f", {hours(wt.weekly_hours)} par semaine" if wt.weekly_hours else text

    @property
    def condition_facts(self) -> list[Fact]:
        """The rest of the working conditions, after the description: what would not fit
        in the facts at the top (schedule, pay details, remote work, interviews)."""
        o = self.offer
        facts = []
        if o.working_time and o.working_time.schedule:
            facts.append(Fact("horaires", "Horaires", o.working_time.schedule))
        if o.pay and o.pay.text and o.pay.text != self.pay_short:
            facts.append(Fact("remuneration-detail", "Rémunération, précisions", o.pay.text))
        if o.remote_work:
            facts.append(Fact("teletravail", "Télétravail", o.remote_work))
        if self.interview_dates_text:
            facts.append(Fact("entretiens", "Entretiens", self.interview_dates_text))
        return facts

    @property
    def statutory_facts(self) -> list[Fact]:
        """The fonction publique's terms: filière, cadres, grades, routes, legal basis."""
        o = self.offer
        facts = [Fact("filiere", "Filière", self.filiere.label, [self.filiere])]
        if o.cadres:
            facts.append(Fact("cadres", "Cadre" + ("s" if len(o.cadres) > 1 else "")
                              + " d'emplois", " ou ".join(o.cadres)))
        if o.grades:
            facts.append(Fact("grades", "Grade" + ("s" if len(o.grades) > 1 else ""),
                              ", ".join(o.grades)))
        if self.routes_text:
            facts.append(Fact("recrutement", "Voies de recrutement", self.routes_text))
        if o.recruitment and o.recruitment.contract_basis:
            facts.append(Fact("fondement", "Fondement du recrutement contractuel",
                              o.recruitment.contract_basis))
        return facts

    @property
    def post_facts(self) -> list[Fact]:
        o = self.offer
        return [Fact(key, label, value)
                for key, label, value in (("service", "Service", o.service),
                                          ("famille", "Famille de métiers", o.job_family),
                                          ("motif", "Motif du recrutement", o.vacancy_reason))
                if value]

    @property
    def description_facts(self) -> list[Fact]:
        """Every fact of the offer page but its dates and reference: the whole offer for
        feed readers, the Indeed feed and the JSON-LD description."""
        return self.key_facts + self.condition_facts + self.statutory_facts + self.post_facts

    @property
    def reference_facts(self) -> list[Fact]:
        o = self.offer
        facts = list(self.post_facts)
        if o.reference:
            facts.append(Fact("reference", "Référence", o.reference))
        facts.append(Fact("publication", "Publiée le", self.published_text,
                          time=o.published.isoformat()))
        if o.updated:
            facts.append(Fact("mise-a-jour", "Mise à jour le", dates.french_date(o.updated),
                              time=o.updated.isoformat()))
        return facts

    @property
    def apply_subject(self) -> str:
        ref = f" (réf. {self.offer.reference})" if self.offer.reference else ""
        return f"Candidature : {self.offer.title}{ref}"

    @property
    def apply_actions(self) -> list[ApplyAction]:
        """Each way to apply, labelled by what it does; the employer's own form first."""
        a = self.offer.apply
        actions = []
        if a.url:
            actions.append(ApplyAction("Postuler sur le site de l'employeur", a.url,
                                       host_of(a.url)))
        if a.email:
            subject = quote(self.apply_subject, safe="")
            actions.append(ApplyAction("Postuler par courriel",
                                       f"mailto:{a.email}?subject={subject}", a.email))
        return actions


NEW_DAYS = 7  # an offer is "Nouveau" on the day it is published and the 6 days after
PAY_SHORT_MAX = 60
MONOGRAM_COLOURS = 6
# Words a monogram leaves out: "Ville de Douai" is D, "Communauté urbaine de Dunkerque" CUD.
_MONOGRAM_SKIP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "sur", "sous",
                  "lez", "lès", "ville", "mairie", "commune"}


def monogram(name: str) -> str:
    """Up to three initials of an employer's significant words."""
    words = [w for w in re.split(r"[\s'’\-]+", name) if w]
    kept = [w for w in words if w.lower() not in _MONOGRAM_SKIP] or words
    return "".join(w[0] for w in kept[:3]).upper()


def monogram_class(slug: str) -> str:
    """One of a few colours, the same for an employer on every build."""
    return f"mono-{zlib.crc32(slug.encode()) % MONOGRAM_COLOURS}"


def host_of(url: str) -> str:
    return urlsplit(url).hostname or url


def hours(value: float) -> str:
    """35 → '35 h'; 17.5 → '17 h 30'; 35.9999 → '36 h' (minutes rounded first, so
    never '35 h 60')."""
    whole, minutes = divmod(round(value * 60), 60)
    return f"{whole} h" + (f" {minutes:02d}" if minutes else "")


def money(value: float) -> str:
    """1900 → '1 900 €' with a narrow no-break space, as French typography wants."""
    whole = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f").replace(".", ",")
    return f"{whole}\u00a0€"


def pay_text(pay: model.Pay | None) -> str | None:
    if pay is None:
        return None
    amount = None
    if pay.min is not None and pay.max is not None and pay.min != pay.max:
        amount = f"de {money(pay.min)} à {money(pay.max)}"
    elif (value := pay.min if pay.min is not None else pay.max) is not None:
        amount = ("à partir de " if pay.max is None else "jusqu'à " if pay.min is None else "") \
            + money(value)
    if amount and pay.unit:
        amount += f" brut {model.PAY_UNITS[pay.unit]}"
    return " — ".join(p for p in (amount, pay.text) if p)


def resolve_place(offer: model.Offer, lead: model.Employer) -> Place:
    """The offer's own location, or its lead employer's address."""
    loc = offer.location
    if loc is not None and offer.has_own_place:  # city and postal code are there
        return Place(loc.name, loc.street, str(loc.postal_code), str(loc.city))
    a = lead.address
    return Place(loc.name if loc else None, a.street, a.postal_code, a.city)


CATEGORY_SLUGS = {"A+": "a-plus", "A": "a", "B": "b", "C": "c"}


def category_slug(category: str) -> str:
    return CATEGORY_SLUGS[category]


def commune_slug(city: str) -> str:
    return slugify(city)


__all__ = ["Link", "Fact", "ApplyAction", "Place", "monogram", "monogram_class", "NEW_DAYS", "OfferView", "resolve_place", "category_slug", "commune_slug",
           "pay_text", "money", "hours", "slugify"]
