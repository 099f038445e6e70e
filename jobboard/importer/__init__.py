"""`build.py import`: a raw job posting (text, Markdown, Word, PDF, web page) → a draft offer.

The pipeline, one module a stage:

    extract.py        file → Lines (text with the structure the source knew)
    budget.py         extract.py in a child process, within time, memory and size limits
    posting.py        the Lines with helpers to find labelled facts
    fields.py         title, employer, catégorie, cadres, grades, filière
    facts.py          dates, contract, hours, remote work, pay, reference, place
    contacts.py       contacts, how to apply, interviews
    employers.py      employer names as postings write them → our employer files; by
                      address, web domain or presentation when the name differs
    new_employer.py   an employer not on the board yet → a draft employer file
    statutes.py       the statutes as data: grades (cadres.yaml), communes (communes.tsv)
    duplicates.py     a posting already imported (same reference, or title+employer+deadline)
    fetch.py          a posting's web address → its page (build.py import URL)
    french_dates.py   "11 Février 2026", "1er mai 2021", "17/02/2025"…
    markdown_body.py  the description → clean Markdown (## sections, lists)
    write.py          fields + body → the draft file, via scaffold.render_front_matter

`import_file` runs it for one file; `cli.cmd_import` for a file or a folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jobboard.content.frontmatter import offer_slug, write_new
from jobboard.importer.budget import read_lines  # extract.read_lines within a budget
from jobboard.importer.duplicates import DuplicateIndex
from jobboard.importer.employers import KnownEmployer
from jobboard.importer.extract import SUFFIXES, UnreadableFile
from jobboard.importer.fields import extract
from jobboard.importer.markdown_body import to_markdown
from jobboard.importer.new_employer import (
    DraftEmployer,
    employer_from_posting,
    render_employer,
)
from jobboard.importer.posting import Found, Posting, split_inline_labels
from jobboard.importer.write import render

__all__ = ["SUFFIXES", "UnreadableFile", "ImportResult", "draft_offer", "import_file"]


@dataclass(frozen=True)
class ImportResult:
    path: Path | None  # the offer written; None when it is a duplicate not written
    fields: dict[str, Found]
    unsure: list[str]  # fields marked "À vérifier"
    missing: list[str]  # required fields not found
    text: str
    duplicate: tuple[Path, str] | None = None  # (existing offer, why)
    new_employer: Path | None = None  # the draft employer file written


@dataclass(frozen=True)
class Draft:
    slug: str
    text: str
    fields: dict[str, Found]
    unsure: list[str]
    missing: list[str]
    employer: DraftEmployer | None  # an employer to create, not on the board yet


def draft_offer(source: Path, employers: list[KnownEmployer],
                employer_override: list[str] | None = None, name: str | None = None) -> Draft:
    """The draft offer for one posting; raises UnreadableFile."""
    posting = Posting(split_inline_labels(read_lines(source)))
    fields = extract(posting, employers)
    new = None
    if employer_override:
        fields["employers"] = Found(list(employer_override))
    elif not (fields.get("employers") and fields["employers"].value):
        new = employer_from_posting(posting)
        if new:
            fields["employers"] = Found([new.slug], False, "employeur absent du site : "
                                        f"brouillon content/employers/{new.slug}.yaml créé, "
                                        "à vérifier")
    body = to_markdown(posting)
    text, unsure, missing = render(fields, body, name or source.name)
    lead = fields.get("employers")
    city = ""
    if lead and lead.value:
        city = next((e.city for e in employers if e.slug == lead.value[0]),
                    new.city if new else "")
    title = fields["title"].value if "title" in fields else None
    return Draft(offer_slug(title, city), text, fields, unsure, missing, new)


def import_file(source: Path, content: Path, employers: list[KnownEmployer],
                employer_override: list[str] | None = None, force: bool = False,
                name: str | None = None, index: DuplicateIndex | None = None) -> ImportResult:
    """Import one posting into content/: the offer (unless it is already there, and
    `force` is not set) and, for an employer not on the board, a draft employer file.
    `index`: the offers already there, read once for a run of several postings (updated
    with the offer written)."""
    draft = draft_offer(source, employers, employer_override, name)
    values = {k: f.value for k, f in draft.fields.items() if f.value not in (None, [], {})}
    if index is None:
        index = DuplicateIndex.load(content / "offers")
    duplicate = index.find(values)
    if duplicate and not force:
        return ImportResult(None, draft.fields, draft.unsure, draft.missing, draft.text,
                            duplicate)
    new_employer = None
    if draft.employer and not (content / "employers" / f"{draft.employer.slug}.yaml").exists():
        new_employer = write_new(content / "employers", draft.employer.slug, ".yaml",
                                 render_employer(draft.employer, name or source.name))
    path = write_new(content / "offers", draft.slug, ".md", draft.text)
    index.add(values, path)
    return ImportResult(path, draft.fields, draft.unsure, draft.missing, draft.text,
                        duplicate, new_employer)
