"""A corpus of broken and hostile content files: each gets one clear error naming
the file and the field or line, exit code 1, no traceback, nothing written; and a
whole tree of them is reported in one run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import EMPLOYERS, ROOT, offer_md

_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))

# file name -> (bytes of content/offers/<name>, the exact error it gets)
OFFERS: dict[str, tuple[bytes, str]] = {
    "malformed-yaml.md": (
        offer_md(extra="service: Direction: des sports\n").encode(),
        # (the end of PyYAML's sentence differs between LibYAML and pure Python)
        "content/offers/malformed-yaml.md:12: service: YAML syntax error: mapping values are "
        "not allowed"),
    "tabs.md": (
        offer_md().replace("  type: permanent", "\ttype: permanent").encode(),
        "content/offers/tabs.md:9: type: YAML syntax error: found character that cannot start "
        "any token\n    hint: indent with spaces, never with tabs"),
    "duplicate-key.md": (
        offer_md(extra="deadline: 2026-03-01\n").encode(),
        "content/offers/duplicate-key.md:12: key 'deadline' is written twice\n"
        "    hint: keep only one of them"),
    "wrong-type.md": (
        offer_md(title="x").replace('title: "x"', "title: [Agent, Technicien]").encode(),
        "content/offers/wrong-type.md:2: title: found a list, expected text\n"
        "    hint: put the value in quotes"),
    "impossible-date.md": (
        offer_md(deadline="31/02/2026").encode(),
        "content/offers/impossible-date.md:5: deadline: found '31/02/2026', which is not a "
        "real calendar date\n    hint: check the day and the month, then write the date as "
        "YYYY-MM-DD"),
    "latin-1.md": (
        offer_md(title="Agent général").encode("latin-1"),
        "content/offers/latin-1.md:2: the file is not UTF-8 text: byte 0xE9 ('é' in "
        "Windows-1252/Latin-1) is not valid UTF-8\n    hint: save the file with the UTF-8 "
        "encoding (in the editor: Save with Encoding, UTF-8)"),
    "empty.md": (
        b"",
        "content/offers/empty.md: the file is empty\n"
        "    hint: write its fields, or start from 'python build.py new offer'"),
    "huge.md": (
        offer_md(body="## Missions\n\n" + ("Accueillir le public. " * 50 + "\n\n") * 4600
                 ).encode(),
        "content/offers/huge.md: the file is 5.1 MB, more than the 200 KB a content file "
        "may hold\n    hint: keep the essentials; link to a longer document on the "
        "employer's site"),
    "no-front-matter.md": (
        offer_md().replace("---\n", "", 1).encode(),
        "content/offers/no-front-matter.md:1: found no front matter\n    hint: start the file "
        "with a line '---', the YAML fields, then another line '---' before the text"),
    "unclosed-front-matter.md": (
        offer_md().rsplit("---\n", 1)[0].encode(),
        "content/offers/unclosed-front-matter.md:1: the front matter is not closed\n"
        "    hint: add a line '---' after the last YAML field"),
    "unknown-employer.md": (
        offer_md(employers="[ville-z]").encode(),
        "content/offers/unknown-employer.md:3: employers: unknown employer 'ville-z'\n"
        "    hint: create content/employers/ville-z.yaml, or use one of the nearest: ville-a, "
        "ville-b"),
    "traversal-employer.md": (
        offer_md(employers="[../../etc/passwd]").encode(),
        "content/offers/traversal-employer.md:3: employers[0]: found '../../etc/passwd', "
        "expected an employer file name (lowercase letters, digits and dashes) such as "
        "ville-de-douai"),
    "python-tag.md": (
        offer_md(extra="service: !!python/object/apply:os.system ['touch pwned']\n").encode(),
        "content/offers/python-tag.md:12: service: YAML tags such as "
        "'!!python/object/apply:os.system' are not allowed\n"
        "    hint: remove the tag (the word starting with '!'): values are plain text"),
    "yaml-bomb.md": (
        offer_md(extra=_BOMB + "grades: *a9\n").encode(),
        "content/offers/yaml-bomb.md:12: a0: YAML anchors and aliases (& and *) are not "
        "allowed\n    hint: write each value in full"),
    "control-character.md": (
        offer_md(body="## Missions\n\nCopié de Word :\x0bune ligne.\n").encode(),
        "content/offers/control-character.md:15: found an invisible control character "
        "(U+000B)\n    hint: delete it: it often comes with text pasted from a word processor"),
    "control-character-field.md": (
        offer_md(extra='service: "Direction\\x01 des sports"\n').encode(),
        "content/offers/control-character-field.md:12: service: found an invisible control "
        "character (U+0001)\n    hint: delete it: it often comes with text pasted from a word "
        "processor"),
    # Integers beyond any float: comparing or formatting them would crash.
    "huge-pay.md": (
        offer_md(extra=f"pay:\n  min: {10**400}\n  unit: month\n").encode(),
        "content/offers/huge-pay.md:13: pay.min: found a number of 401 digits, which is too "
        "large\n    hint: check the value: at most 15 digits"),
    "huge-hours.md": (
        offer_md(extra=f"working_time:\n  type: full-time\n  weekly_hours: {10**309}\n"
                 ).encode(),
        "content/offers/huge-hours.md:14: working_time.weekly_hours: found a number of 310 "
        "digits, which is too large\n    hint: check the value: at most 15 digits"),
    "endless-hours.md": (  # beyond what Python converts from text (4,300 digits)
        offer_md(extra="working_time:\n  type: full-time\n  weekly_hours: 1" + "0" * 5000
                 + "\n").encode(),
        "content/offers/endless-hours.md: found a number of thousands of digits\n"
        "    hint: check the value: at most 15 digits"),
    "reference-1.md": (offer_md(extra="reference: RH-2026-01\n").encode(), ""),
    "reference-2.md": (
        offer_md(extra="reference: RH-2026-01\n").encode(),
        "content/offers/reference-2.md:12: reference: the reference 'RH-2026-01' is also "
        "used by content/offers/reference-1.md\n    hint: each offer needs its own reference"),
    "sub/reference-1.md": (
        offer_md().encode(),
        "content/offers/sub/reference-1.md: the slug 'reference-1' is also used by "
        "content/offers/reference-1.md\n    hint: two offers cannot share a file name: "
        "rename one"),
    "Bad Name.md": (
        offer_md().encode(),
        "content/offers/Bad Name.md: file name 'Bad Name.md' is not a valid slug\n    hint: "
        "use lowercase letters without accents, digits and dashes, such as "
        "agent-accueil-douai.md"),
}

# Employer files: path traversal and remote files in a logo.
EMPLOYER_FILES: dict[str, tuple[str, str]] = {
    "ville-c.yaml": (
        EMPLOYERS["ville-a"] + "logo: ../../../etc/passwd.png\n",
        "content/employers/ville-c.yaml:9: logo: found '../../../etc/passwd.png', expected "
        "the name of an image file next to the employer file, such as "
        "logos/ville-de-douai.svg\n    hint: download the logo into content/employers/logos/: "
        "the site makes no request to other sites"),
    "ville-d.yaml": (
        EMPLOYERS["ville-a"] + "logo: logos/lien.png\n",
        "content/employers/ville-d.yaml: logo: content/employers/logos/lien.png leads out of "
        "the content folder\n    hint: copy the image into content/employers/logos/"),
}


def write_corpus(site, names) -> None:
    for name in names:
        path = site.content / "offers" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(OFFERS[name][0])


def errors_of(site, capsys) -> str:
    code = site.build("2026-02-01")
    out = capsys.readouterr()
    assert code == 1, out.err
    assert out.out == "" and "Traceback" not in out.err
    assert not site.out.exists()  # nothing written
    return out.err


@pytest.mark.parametrize("name", [n for n, (_, e) in OFFERS.items() if e])
def test_each_broken_offer_gets_one_clear_error(fixture_site, capsys, name):
    write_corpus(fixture_site, {name, "reference-1.md"})
    err = errors_of(fixture_site, capsys)
    assert OFFERS[name][1] in err
    assert err.rstrip().endswith("1 error in 1 file; nothing was written.")


@pytest.mark.parametrize("name", EMPLOYER_FILES)
def test_logo_cannot_reach_outside_the_content_folder(fixture_site, capsys, name):
    (fixture_site.content / "employers" / "logos").mkdir()
    secret = fixture_site.root / "secret.png"
    secret.write_bytes(b"not for publication")
    os.symlink(secret, fixture_site.content / "employers" / "logos" / "lien.png")
    fixture_site.write(f"employers/{name}", EMPLOYER_FILES[name][0])
    err = errors_of(fixture_site, capsys)
    assert EMPLOYER_FILES[name][1] in err


def test_the_whole_corpus_is_reported_in_one_run_without_traceback(fixture_site):
    write_corpus(fixture_site, OFFERS)
    for name, (text, _) in EMPLOYER_FILES.items():
        fixture_site.write(f"employers/{name}", text)
    (fixture_site.content / "employers" / "logos").mkdir()
    os.symlink("/etc/hostname", fixture_site.content / "employers" / "logos" / "lien.png")
    # A real process: what an editor or CI sees, exit code included.
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", "content",
                          "--out", "site", "--today", "2026-02-01"],
                         capture_output=True, text=True, cwd=fixture_site.root)
    assert run.returncode == 1
    assert run.stdout == "" and "Traceback" not in run.stderr
    expected = [e for _, e in OFFERS.values() if e] + [e for _, e in EMPLOYER_FILES.values()]
    for message in expected:
        assert message in run.stderr
    assert run.stderr.rstrip().endswith(
        f"{len(expected)} errors in {len(expected)} files; nothing was written.")
    assert not (fixture_site.root / "site").exists()
    assert not (fixture_site.root / "pwned").exists()


def test_byte_order_mark_and_windows_line_endings_are_accepted_as_is(fixture_site, tmp_path):
    """Windows editors (Notepad) save a BOM and CRLF: not a mistake, the same site."""
    text = offer_md(body="## Missions\n\n- Accueillir\n- Orienter\n")
    fixture_site.write("offers/agent.md", text)
    assert fixture_site.build() == 0
    plain = fixture_site.files()
    (fixture_site.content / "offers" / "agent.md").write_bytes(
        b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert fixture_site.build() == 0
    assert fixture_site.files() == plain


def test_a_page_order_beyond_any_float_is_one_clear_error(fixture_site, capsys):
    fixture_site.write("pages/a-propos.md",
                       f"---\ntitle: À propos\norder: {10**400}\n---\nTexte.\n")
    err = errors_of(fixture_site, capsys)
    assert "content/pages/a-propos.md:3: order: found a number of 401 digits, which is too " \
           "large\n    hint: check the value: at most 15 digits" in err
