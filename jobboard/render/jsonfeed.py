"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same items as the RSS and Atom feeds."""

from __future__ import annotations

import json
from collections.abc import Callable

from jobboard import dates
from jobboard.plan.views import OfferView


def render(ctx: dict, full_html: Callable[[OfferView], str]) -> bytes:
    items = []
    for v in ctx["items"]:
        items.append({
            "id": v.abs_url,
            "url": v.abs_url,
            "title": f"{v.offer.title} — {v.employer_names}",
            "summary": v.summary_text,
            "content_html": full_html(v),
            "date_published": dates.rfc3339(v.offer.published),
            "date_modified": ctx["modified_at"][v.offer.slug].isoformat(),
            "authors": [{"name": e.name, "url": e.website} for e in v.employers],
            # JSON Feed tags are plain strings: the same labels as RSS and Atom categories.
            "tags": [label for label, _scheme in ctx["tags"][v.offer.slug]],
        })
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": ctx["title"],
        "home_page_url": ctx["link"],
        "feed_url": ctx["urls"]["json"],
        "description": ctx["description"],
        "language": "fr-FR",
        "authors": [{"name": ctx["site"].publisher.name}],
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
