"""schema.org JobPosting markup for open offer pages (Google for Jobs, Indeed...).

Only open offers get markup: the planner never calls this for a closed one.
Every value here is also shown on the offer page; the description is the whole
offer, as the feeds carry it, in the HTML Google documents (html_subset.py).

Several employers: Google reads one hiringOrganization, so the markup names
the lead employer (the first listed, the one that signs the contract); the
description opens with "Recrutement conjoint : A et B", and the page names
both. Listing two organisations would split the posting between them in
aggregators, or be rejected.
"""

from __future__ import annotations

import json

from jobboard import dates
from jobboard.content.model import Site
from jobboard.plan.views import OfferView, hours
from jobboard.render.html_subset import google_html

_UNITS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def job_posting(view: OfferView, site: Site, full_html: str) -> dict:
    """`full_html`: the whole offer as the feeds carry it (key facts, body, how to
    apply, contacts), which Google asks for as the description, in its HTML subset."""
    offer, lead, place = view.offer, view.lead, view.place
    description = google_html(full_html)
    if len(view.employers) > 1:
        description = (f"<p>Recrutement conjoint : {_escape(view.employer_names)}.</p>\n"
                       + description)
    org = {"@type": "Organization", "name": lead.name, "sameAs": lead.website,
           "url": lead.website}
    if view.lead_logo_url:
        org["logo"] = view.lead_logo_url
    address = {"@type": "PostalAddress", "addressLocality": place.city,
               "postalCode": place.postal_code, "addressRegion": site.region,
               "addressCountry": "FR"}
    if place.street:
        address["streetAddress"] = place.street
    location = {"@type": "Place", "address": address}
    if place.name:
        location["name"] = place.name
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": offer.title,
        "description": description,
        "url": view.abs_url,
        "datePosted": offer.published.isoformat(),
        "validThrough": dates.end_of_day(offer.deadline).isoformat(),
        "employmentType": view.employment_codes,
        "hiringOrganization": org,
        "jobLocation": location,
        "identifier": {"@type": "PropertyValue", "name": lead.name,
                       "value": offer.reference or offer.slug},
    }
    if offer.start_date:
        data["jobStartDate"] = offer.start_date.isoformat()
    if offer.working_time and offer.working_time.weekly_hours:
        data["workHours"] = f"{hours(offer.working_time.weekly_hours)} par semaine"
    pay = offer.pay
    if pay and pay.unit and (pay.min is not None or pay.max is not None):
        value: dict[str, object] = {"@type": "QuantitativeValue", "unitText": _UNITS[pay.unit]}
        if pay.min is not None and pay.max is not None and pay.min != pay.max:
            value |= {"minValue": pay.min, "maxValue": pay.max}
        else:
            value["value"] = pay.min if pay.min is not None else pay.max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    if offer.job_family:
        data["occupationalCategory"] = offer.job_family
    if view.grades_text:
        data["qualifications"] = view.grades_text
    if contact := application_contact(offer):
        data["applicationContact"] = contact
    # Applications go to the employer (email, its own site, post): the board
    # hosts no application form, so no direct application from this URL.
    data["directApply"] = False
    return data


def application_contact(offer) -> dict | None:
    """The first contact with a phone or an email, else the application email."""
    person = next((c for c in offer.contacts if c.email or c.phone), None)
    point: dict = {"@type": "ContactPoint", "contactType": "Recrutement"}
    if person:
        if person.name:
            point["name"] = person.name
        if person.email:
            point["email"] = person.email
        if person.phone:
            point["telephone"] = person.phone
    elif offer.apply.email:
        point["email"] = offer.apply.email
    else:
        return None
    return point


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def script_json(data: dict) -> str:
    """JSON that cannot end its <script> element: '<', '>' and '&' become \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
