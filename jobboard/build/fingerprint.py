"""Fingerprints of outputs: what a page or feed is made of, hashed.

An output's key is the hash of its template files and of every value in its
context: the offers, employers and site settings it shows, and what the build
day makes of them (open or closed, days left). Equal keys mean equal bytes,
so an incremental build renders only the outputs whose key changed: an edited
offer re-renders its page, the lists and feeds it appears in, and the pages
that show it among their related offers; nothing else.

Shared values (an offer view appears in dozens of outputs) are hashed once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from pathlib import Path

from markupsafe import Markup

from jobboard.plan.views import OfferView
from jobboard.render.renderer import Folders, find, search_path


class Fingerprinter:
    def __init__(self, templates: Folders):
        self.templates = search_path(templates)
        self._memo: dict[int, bytes] = {}
        self._keep: list[object] = []  # memo keys are ids: keep the objects alive
        self._template_keys: dict[str, bytes] = {}

    def key(self, template: str, context: dict) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(self.template_key(template))
        for name in sorted(context):  # the context itself is new for each output
            h.update(name.encode())
            self._feed(h, context[name])
        return h.hexdigest()

    def template_key(self, template: str) -> bytes:
        """A template, with the layout and partials every template may include."""
        if template not in self._template_keys:
            h = hashlib.blake2b(digest_size=16)
            h.update(template.encode())
            path = find(self.templates, template)
            if path is not None:
                h.update(path.read_bytes())
                shared = sorted({p.relative_to(f).as_posix() for f in self.templates
                                 for p in f.glob("partials/*")}) + ["base.html"]
                for name in shared:
                    if (found := find(self.templates, name)) is not None:
                        h.update(name.encode())
                        h.update(found.read_bytes())
            self._template_keys[template] = h.digest()
        return self._template_keys[template]

    def _feed(self, h, value) -> None:
        if value is None or isinstance(value, (bool, int, float, date)):
            h.update(f"{type(value).__name__}:{value!r};".encode())
        elif isinstance(value, (str, Markup)):
            data = str(value).encode()
            h.update(b"s%d:" % len(data))
            h.update(data)
        elif isinstance(value, (list, tuple, dict)) or dataclasses.is_dataclass(value):
            # Plans are not mutated once made: containers shared by many outputs
            # (the navigation, a term's offers) are hashed once, by identity.
            h.update(self._object(value))
        else:
            raise TypeError(f"cannot fingerprint {type(value).__name__}")  # a planner bug

    def _object(self, obj) -> bytes:
        cached = self._memo.get(id(obj))
        if cached is None:
            h = hashlib.blake2b(digest_size=16)
            h.update(type(obj).__name__.encode())
            if isinstance(obj, OfferView):
                # Everything else in a view derives from these and the site settings,
                # which every output's context holds anyway.
                self._feed(h, [obj.offer.digest or obj.offer, obj.employers, obj.is_open,
                               obj.days_left, obj.closing_soon])
            elif isinstance(obj, dict):
                for k in sorted(obj, key=str):
                    self._feed(h, k)
                    self._feed(h, obj[k])
            elif isinstance(obj, (list, tuple)):
                for item in obj:
                    self._feed(h, item)
            else:
                for f in dataclasses.fields(obj):
                    h.update(f.name.encode())
                    self._feed(h, getattr(obj, f.name))
            cached = self._memo[id(obj)] = h.digest()
            self._keep.append(obj)
        return cached
