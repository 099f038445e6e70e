"""`build.py import`: a raw job posting (text, Markdown, Word, PDF, web page) → a draft offer.

The pipeline, one module a stage:

    extract.py        file → Lines (text with the structure the source knew)
    budget.py         extract.py in a child process, within time, memory and size limits
    posting.py        the Lines with helpers to find labelled facts
    fields.py         title, employer, catégorie, cadres, grades, filière
    facts.py          dates, contract, hours, remote work, pay, reference, place
    contacts.py       contacts, how to apply, interviews
    employers.py      employer names as postings write them → our employer files
    french_dates.py   "11 Février 2026", "1er mai 2021", "17/02/2025"…
    markdown_body.py  the description → clean Markdown (## sections, lists)
    write.py          fields + body → the draft file, via scaffold.render_front_matter

`import_file` runs it for one file; `cli.cmd_import` for a file or a folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jobboard.content.frontmatter import offer_slug, write_new
from jobboard.importer.employers import KnownEmployer
from jobboard.importer.budget import read_lines  # extract.read_lines within a budget
from jobboard.importer.extract import SUFFIXES, UnreadableFile
from jobboard.importer.fields import extract
from jobboard.importer.markdown_body import to_markdown
from jobboard.importer.posting import Found, Posting
from jobboard.importer.write import render

__all__ = ["SUFFIXES", "UnreadableFile", "ImportResult", "draft_offer", "import_file"]


@dataclass(frozen=True)
class ImportResult:
    path: Path | None  # the file written (None for a dry run)
    fields: dict[str, Found]
    unsure: list[str]  # fields marked "À vérifier"
    missing: list[str]  # required fields not found
    text: str


def draft_offer(source: Path, employers: list[KnownEmployer],
                employer_override: list[str] | None = None) -> tuple[str, str, dict, list, list]:
    """(slug, file text, fields, unsure, missing) for one posting; raises UnreadableFile."""
    posting = Posting(read_lines(source))
    fields = extract(posting, employers)
    if employer_override:
        fields["employers"] = Found(list(employer_override))
    body = to_markdown(posting)
    text, unsure, missing = render(fields, body, source.name)
    lead = fields.get("employers")
    city = ""
    if lead and lead.value:
        city = next((e.city for e in employers if e.slug == lead.value[0]), "")
    title = fields["title"].value if "title" in fields else None
    return offer_slug(title, city), text, fields, unsure, missing


def import_file(source: Path, content: Path, employers: list[KnownEmployer],
                employer_override: list[str] | None = None) -> ImportResult:
    slug, text, fields, unsure, missing = draft_offer(source, employers, employer_override)
    path = write_new(content / "offers", slug, ".md", text)
    return ImportResult(path, fields, unsure, missing, text)
