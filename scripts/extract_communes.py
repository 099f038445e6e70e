"""Extract the communes of Hauts-de-France from @etalab/decoupage-administratif.

    mkdir /tmp/decoupage && cd /tmp/decoupage
    npm install --no-audit --no-fund @etalab/decoupage-administratif
    python scripts/extract_communes.py \
        /tmp/decoupage/node_modules/@etalab/decoupage-administratif

writes jobboard/importer/communes.tsv: one commune a line, tab-separated:
INSEE code, name, département, postal codes (space-separated), kind ("" for a
commune, "deleguee" or "associee" for the former communes still used as
addresses, with the postal codes of the commune they joined). The package is
Etalab's (data: Licence Ouverte); the importer reads only the TSV, so neither
the build nor the tests need npm.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DEPARTEMENTS = ("02", "59", "60", "62", "80")  # Aisne, Nord, Oise, Pas-de-Calais, Somme
OUT = Path(__file__).resolve().parent.parent / "jobboard" / "importer" / "communes.tsv"


def main(package: Path) -> int:
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    communes = json.loads((package / "data" / "communes.json").read_text(encoding="utf-8"))
    current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    rows = []
    for c in communes:
        if c.get("departement") not in DEPARTEMENTS:
            continue
        kind = {"commune-actuelle": "", "commune-deleguee": "deleguee",
                "commune-associee": "associee"}.get(c["type"])
        if kind is None:
            continue
        postal = c.get("codesPostaux") or current.get(c.get("chefLieu", ""), {}).get(
            "codesPostaux") or []
        if not postal:
            continue
        rows.append((c["code"], c["nom"], c["departement"], " ".join(sorted(postal)), kind))
    rows.sort(key=lambda r: (r[0], r[4], r[1]))
    header = (f"# Communes of Hauts-de-France from {meta['name']} {meta['version']} "
              "(Etalab, Licence Ouverte), by scripts/extract_communes.py\n"
              "# insee\tname\tdepartement\tpostal_codes\tkind\n")
    OUT.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} communes written to {OUT}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
