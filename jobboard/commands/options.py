"""What each command takes: the command line parsed, checked and typed (`cli.options`
builds them from argparse's Namespace, which no command sees)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    today: date
    templates: list[Path]  # a board's own folder first, then the built-in one
    theme: list[Path]


@dataclass(frozen=True)
class CheckOptions:
    content: Path
    today: date
    theme: list[Path]
    format: str  # human, github or json


@dataclass(frozen=True)
class ServeOptions:
    content: Path
    out: Path
    host: str
    port: int
    templates: list[Path]
    theme: list[Path]


@dataclass(frozen=True)
class NewOptions:
    """`new offer|employer`: each field flag as typed (None when not given), checked by the
    questions of commands/new.py that a terminal would ask."""
    FIELDS = ("title", "employer", "deadline", "published", "category", "filiere", "email",
              "name", "kind", "postal_code", "city", "website")
    what: str  # offer or employer
    content: Path
    today: date | None = None  # an offer's day (--today); `new employer` has none
    title: str | None = None
    employer: str | None = None
    deadline: str | None = None
    published: str | None = None
    category: str | None = None
    filiere: str | None = None
    email: str | None = None
    name: str | None = None
    kind: str | None = None
    postal_code: str | None = None
    city: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class ImportOptions:
    sources: tuple[str, ...]
    content: Path
    employers: tuple[str, ...]  # --employer, lead employer first; () to find them
    force: bool = False


@dataclass(frozen=True)
class NotifyOptions:
    out: Path
    previous: Path
    dry_run: bool
    endpoint: str
    timeout: float


Options = BuildOptions | CheckOptions | ServeOptions | NewOptions | ImportOptions | NotifyOptions
