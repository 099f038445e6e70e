"""A realistic corpus of N offers, deterministic from a seed number.

    python benchmarks/corpus.py OUT_DIR --offers 10000 [--seed 1]
    python benchmarks/corpus.py OUT_DIR --offers 100000 --open 2000 --employers 400

Offers of 6 to 8 KB of French text (sentences drawn from the sample offers'
descriptions), employers about 5% of N, every taxonomy populated (catégories
A+/A/B/C, all filières, communes, themes), a few co-employed offers, and a mix
of open and closed offers around the benchmark day, 2026-11-21 (~37 % open).

A real-shaped board (`--open`): exactly that many offers open on the benchmark
day, the others closed, their deadlines spread over the previous years at a
region's pace of ~15,000 offers a year, as a board that keeps closed offers
"pour mémoire" holds them. `--employers` sets the number of employers.
Everything is deterministic from the seed; without `--open` and `--employers`
the corpus is the same, byte for byte, as before they existed.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 21)

TOWNS = [("Lille", "59000"), ("Roubaix", "59100"), ("Tourcoing", "59200"), ("Douai", "59500"),
         ("Valenciennes", "59300"), ("Dunkerque", "59140"), ("Cambrai", "59400"),
         ("Maubeuge", "59600"), ("Armentières", "59280"), ("Wattrelos", "59150"),
         ("Arras", "62000"), ("Lens", "62300"), ("Béthune", "62400"), ("Calais", "62100"),
         ("Boulogne-sur-Mer", "62200"), ("Liévin", "62800"), ("Saint-Omer", "62500"),
         ("Hénin-Beaumont", "62110"), ("Amiens", "80000"), ("Abbeville", "80100"),
         ("Péronne", "80200"), ("Beauvais", "60000"), ("Compiègne", "60200"),
         ("Creil", "60100"), ("Senlis", "60300"), ("Saint-Quentin", "02100"),
         ("Laon", "02000"), ("Soissons", "02200"), ("Château-Thierry", "02400"),
         ("Étaples", "62630")]
KINDS = [("commune", "Ville de {t}"), ("ccas", "CCAS de {t}"),
         ("intercommunalite", "Communauté d'agglomération de {t}"),
         ("syndicat", "Syndicat des eaux de {t}"), ("autre", "Office de tourisme de {t}")]
JOBS = [("Agent d'accueil", ["C"], "administrative"), ("Gestionnaire paie", ["C", "B"],
        "administrative"), ("Rédacteur marchés publics", ["B"], "administrative"),
        ("Chargé de mission politique de la ville", ["A"], "administrative"),
        ("Directeur général des services", ["A+"], "administrative"),
        ("Technicien voirie", ["B"], "technique"), ("Agent des espaces verts", ["C"], "technique"),
        ("Ingénieur bâtiment", ["A"], "technique"), ("Électricien", ["C"], "technique"),
        ("Assistant de conservation", ["B"], "culturelle"), ("Bibliothécaire", ["A"],
        "culturelle"), ("Éducateur des APS", ["B"], "sportive"), ("Maître-nageur", ["B"],
        "sportive"), ("Travailleur social", ["A"], "sociale"), ("ATSEM", ["C"], "sociale"),
        ("Auxiliaire de puériculture", ["B"], "medico-sociale"), ("Infirmier", ["A"],
        "medico-sociale"), ("Technicien de laboratoire", ["B"], "medico-technique"),
        ("Animateur périscolaire", ["C"], "animation"), ("Directeur d'accueil de loisirs",
        ["B", "C"], "animation"), ("Policier municipal", ["C"], "police-municipale"),
        ("Chef de service de police municipale", ["B"], "police-municipale"),
        ("Sapeur-pompier professionnel", ["C"], "incendie-secours"),
        ("Attaché ou rédacteur, chef de projet", ["A", "B"], "administrative")]
THEMES = ["Cité éducative", "Politique de la ville", "Petite enfance", "Transition écologique",
          "Numérique", "Lecture publique", "Sport", "Mobilités", "Santé", "Jeunesse",
          "Tranquillité publique", "Culture", "Solidarités", "Urbanisme", "Eau"]
# A region publishes some 15,000 territorial offers a year: the closed offers of a
# real-shaped board span as many years as that pace takes to accumulate them.
OFFERS_A_YEAR = 15_000

HEADINGS = ["Le contexte", "Vos missions", "Votre profil", "Conditions", "Le service",
            "Les enjeux du poste", "Vos atouts"]


def sentence_pool() -> list[str]:
    """Sentences of the sample offers' descriptions (written for this project)."""
    pool = []
    for path in sorted((ROOT / "content" / "offers").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        for line in body.splitlines():
            line = line.strip().lstrip("-").strip()
            if len(line) > 60 and not line.startswith("#"):
                pool += [s.strip() for s in re.split(r"(?<=[.;])\s+", line) if len(s) > 40]
    return pool


def body(rng: random.Random, pool: list[str]) -> str:
    target = rng.randint(6000, 8000)
    parts: list[str] = []
    size = 0
    while size < target:
        heading = f"## {rng.choice(HEADINGS)}\n"
        if rng.random() < 0.5:
            block = "\n".join(f"- {rng.choice(pool)}" for _ in range(rng.randint(3, 6)))
        else:
            block = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
        chunk = f"{heading}\n{block}\n\n"
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "".join(parts)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def default_employers(offers: int) -> int:
    return max(5, offers // 20)


def real_dates(count: int, open_count: int, seed: int) -> list[tuple[date, date]]:
    """(published, deadline) of each offer of a real-shaped board: `open_count` of
    them open on TODAY (deadline from TODAY to 60 days later), chosen at random
    among the files; the others closed, deadlines spread evenly at random over the
    years before TODAY. A separate generator, so the rest of an offer is drawn as in
    the uniform corpus."""
    rng = random.Random(f"{seed}/dates")
    opened = set(rng.sample(range(count), open_count))
    years = max(1, math.ceil((count - open_count) / OFFERS_A_YEAR))
    dates = []
    for i in range(count):
        if i in opened:
            deadline = TODAY + timedelta(days=rng.randint(0, 60))
            published = min(TODAY, deadline - timedelta(days=rng.randint(14, 75)))
        else:
            deadline = TODAY - timedelta(days=rng.randint(1, 365 * years))
            published = deadline - timedelta(days=rng.randint(14, 75))
        dates.append((published, deadline))
    return dates


def generate(out: Path, offers: int, seed: int = 1, open_count: int | None = None,
             employer_count: int | None = None) -> Path:
    """Write a content tree with `offers` offers under `out`; return it.
    `open_count`: exactly that many open on TODAY (a real-shaped board, see
    `real_dates`); `employer_count`: that many employers (default ≈ 5 % of offers)."""
    if open_count is not None and not 0 <= open_count <= offers:
        raise ValueError(f"--open {open_count}: must be between 0 and --offers ({offers})")
    if employer_count is not None and employer_count < 1:
        raise ValueError(f"--employers {employer_count}: must be at least 1")
    rng = random.Random(seed)
    pool = sentence_pool()
    dates = real_dates(offers, open_count, seed) if open_count is not None else None
    if out.exists():
        shutil.rmtree(out)
    (out / "offers").mkdir(parents=True)
    (out / "employers").mkdir()
    (out / "site.yaml").write_text((ROOT / "content" / "site.yaml").read_text("utf-8"), "utf-8")

    employers = []
    for i in range(employer_count or default_employers(offers)):
        town, postal = TOWNS[i % len(TOWNS)]
        kind, pattern = KINDS[(i // len(TOWNS)) % len(KINDS)]
        name = pattern.format(t=town) + (f" ({i // (len(TOWNS) * len(KINDS)) + 1})"
                                         if i >= len(TOWNS) * len(KINDS) else "")
        slug = f"employeur-{i:05d}"
        employers.append((slug, town, postal))
        (out / "employers" / f"{slug}.yaml").write_text(
            f"name: {quote(name)}\nkind: {kind}\naddress:\n  street: {quote(f'{i % 90 + 1} rue de la Mairie')}\n"
            f"  postal_code: \"{postal}\"\n  city: {quote(town)}\n"
            f"departement: \"{postal[:2]}\"\nwebsite: https://www.{slug}.example\n"
            f"description: {quote(f'{name}, employeur public des Hauts-de-France.')}\n",
            encoding="utf-8")

    for i in range(offers):
        title, categories, filiere = rng.choice(JOBS)
        lead = rng.choice(employers)
        chosen = [lead[0]]
        if rng.random() < 0.05:
            chosen.append(rng.choice(employers)[0])
            chosen = list(dict.fromkeys(chosen))
        if dates is None:
            published = TODAY - timedelta(days=rng.randint(0, 120))
            deadline = published + timedelta(days=rng.randint(14, 75))
        else:
            published, deadline = dates[i]
        temporary = rng.random() < 0.25
        lines = [
            "---", f"title: {quote(f'{title} (F/H)')}", f"employers: [{', '.join(chosen)}]",
            f"reference: \"REF-{seed}-{i:06d}\"", f"published: {published}",
            f"deadline: {deadline}", f"categories: [{', '.join(categories)}]",
            f"filiere: {filiere}", "employment:",
            f"  type: {'temporary' if temporary else 'permanent'}",
        ]
        if temporary:
            lines.append(f"  duration: {rng.randint(3, 24)} mois")
        lines += ["working_time:", f"  type: {'part-time' if rng.random() < 0.2 else 'full-time'}",
                  f"  weekly_hours: {rng.choice([35, 35, 37, 39, 24, 28])}"]
        if rng.random() < 0.6:
            low = rng.randrange(1800, 3200, 50)
            lines += ["pay:", "  text: Rémunération statutaire + régime indemnitaire",
                      f"  min: {low}", f"  max: {low + rng.randrange(100, 600, 50)}",
                      "  unit: month"]
        lines += ["contacts:", "  - name: Service des ressources humaines",
                  f"    phone: \"03 2{rng.randint(0, 9)} {rng.randint(10, 99)} "
                  f"{rng.randint(10, 99)} {rng.randint(10, 99)}\"",
                  "apply:", f"  email: recrutement@{lead[0]}.example",
                  "  documents: [CV, Lettre de motivation]",
                  f"themes: [{', '.join(rng.sample(THEMES, rng.randint(1, 3)))}]", "---"]
        (out / "offers" / f"offre-{i:06d}.md").write_text(
            "\n".join(lines) + "\n" + body(rng, pool), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--open", type=int, metavar="N",
                        help="exactly N offers open on the benchmark day, the others closed "
                             "in the previous years (default: ~37 %% open, uniform)")
    parser.add_argument("--employers", type=int, metavar="M",
                        help="number of employers (default: 5 %% of the offers, at least 5)")
    args = parser.parse_args()
    try:
        generate(args.out, args.offers, args.seed, args.open, args.employers)
    except ValueError as e:
        parser.error(str(e))
    shape = f", {args.open} open on {TODAY}" if args.open is not None else ""
    print(f"Wrote {args.offers} offers{shape}, "
          f"{args.employers or default_employers(args.offers)} employers to {args.out}")


if __name__ == "__main__":
    main()
