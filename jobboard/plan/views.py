"""What templates see of an offer: the model plus ready-made French labels and URLs.

Templates stay free of logic (loops and conditions only) because every label,
URL and piece of formatted text is computed here, once, by pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from jobboard import dates
from jobboard.content import model
from jobboard.text import slugify


@dataclass(frozen=True)
class Link:
    label: str
    url: str


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
    is_open: bool
    days_left: int  # from the build day to the deadline (negative when closed)
    closing_soon: bool  # open and closing within 7 days

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
    def days_left_text(self) -> str:
        return dates.days_left_text(self.days_left)

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
    def working_time_text(self) -> str | None:
        wt = self.offer.working_time
        if wt is None:
            return None
        text = model.WORKING_TIME_TYPES[wt.type]
        if wt.weekly_hours:
            text += f", {hours(wt.weekly_hours)} par semaine"
        if wt.schedule:
            text += f" ({wt.schedule})"
        return text

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
    elif pay.min is not None or pay.max is not None:
        value = pay.min if pay.min is not None else pay.max
        amount = ("à partir de " if pay.max is None else "jusqu'à " if pay.min is None else "") \
            + money(value)
    if amount and pay.unit:
        amount += f" brut {model.PAY_UNITS[pay.unit]}"
    return " — ".join(p for p in (amount, pay.text) if p)


def resolve_place(offer: model.Offer, lead: model.Employer) -> Place:
    """The offer's own location, or its lead employer's address."""
    loc = offer.location
    if offer.has_own_place:
        return Place(loc.name, loc.street, loc.postal_code, loc.city)
    a = lead.address
    return Place(loc.name if loc else None, a.street, a.postal_code, a.city)


CATEGORY_SLUGS = {"A+": "a-plus", "A": "a", "B": "b", "C": "c"}


def category_slug(category: str) -> str:
    return CATEGORY_SLUGS[category]


def commune_slug(city: str) -> str:
    return slugify(city)


__all__ = ["Link", "Place", "OfferView", "resolve_place", "category_slug", "commune_slug",
           "pay_text", "money", "hours", "slugify"]
