"""What changed in the offers since the last deployed build, for `build.py notify`.

Each build writes STATE_FILE into the site: every published offer's URL, whether it
is open, and a digest of what its page says of it (the offer file, its git dates,
its employers; not the days left, which change every day). The next deployment
compares its state with the deployed one (fetched before the build, or the previous
site folder) and tells search engines about the URLs that were added, changed or
closed. Pure functions: reading, writing and sending live in commands/notify.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from jobboard.content import model
from jobboard.plan.views import OfferView

STATE_FILE = "offres-etat.json"
STATE_VERSION = 1


def offer_digest(view: OfferView) -> str:
    """What the offer's page says of it: equal digests, no news for a search engine."""
    # The offer's fields and body, without where its file lies (machines differ).
    data = repr((dataclasses.replace(view.offer, source="", digest=""), view.employers))
    return hashlib.blake2b(data.encode(), digest_size=12).hexdigest()


def state(site: model.Site, views: list[OfferView], key_url: str | None,
          digest: Callable[[OfferView], str] = offer_digest) -> dict:
    """The state file's content: every published offer, open or closed, by URL.
    `digest`: offer_digest, or the planner's memo of it."""
    return {
        "version": STATE_VERSION,
        "host": urlsplit(site.base_url).netloc,
        "indexnow": {"key": site.indexnow_key, "keyLocation": key_url}
        if site.indexnow_key else None,
        "offers": {v.abs_url: {"open": v.is_open, "digest": digest(v)}
                   for v in sorted(views, key=lambda v: v.abs_url)},
    }


def render(ctx: dict, full_html=None) -> bytes:
    return (json.dumps(ctx["state"], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Changes:
    added: list[str]  # open now; absent or closed before
    changed: list[str]  # open before and now, with another digest
    closed: list[str]  # open before; closed now, or gone

    @property
    def urls(self) -> list[str]:
        return sorted(self.added + self.changed + self.closed)


def changes(previous: dict, current: dict) -> Changes:
    """The offer URLs to notify, from two states (a missing previous state: {})."""
    before, now = previous.get("offers", {}), current.get("offers", {})
    added, changed, closed = [], [], []
    for url, offer in sorted(now.items()):
        old = before.get(url)
        if offer["open"]:
            if old is None or not old["open"]:
                added.append(url)
            elif old["digest"] != offer["digest"]:
                changed.append(url)
        elif old is not None and old["open"]:
            closed.append(url)
    closed += sorted(url for url, old in before.items() if old["open"] and url not in now)
    return Changes(added, changed, sorted(closed))
