#!/usr/bin/env python3
"""Writes Riverbend's earlier terms, for trying out baselines, goals and progress.

Each term is a folder of the same three CSVs as the district's own folder
(`scopes.csv`, `modules.csv`, `plans.csv`), derived from them:

- `terms/2026-03/` (spring): Newfield Elementary did not exist yet, and each
  school had adopted only the first part of today's plan (about 55% of its
  rows, never fewer than two);
- `terms/2026-09/` (fall): about 80% of today's rows, and Juniper Elementary
  still ran a PD module on the meaning of multiplication that it has since
  dropped, so that the step from fall to now both closes and opens findings.

The catalogue (`modules.csv`) is the same in every term. Python 3 standard
library only, fixed seed: the same bytes every run. Run `generate.py` first;
this script reads what it wrote.
"""

import csv
import io
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (folder, share of today's plan rows kept, new schools absent).
TERMS = [
    ("2026-03", 0.55, {"es-newfield"}),
    ("2026-09", 0.80, set()),
]

# Juniper's fall PD module, dropped since, and its place in the fall calendar.
DROPPED = ("es-juniper", "PD-OA-04", "4")


def read(name):
    with open(HERE / name, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path, header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def main():
    scopes_header, scopes = read("scopes.csv")
    plans_header, plans = read("plans.csv")
    catalogue = (HERE / "modules.csv").read_text(encoding="utf-8")
    by_scope = {}
    for row in plans:
        by_scope.setdefault(row[0], []).append(row)
    for folder, share, absent in TERMS:
        # One generator per term, seeded by its name: each term is its own draw.
        rng = random.Random(f"riverbend-{folder}")
        kept = []
        for scope, rows in by_scope.items():
            if scope in absent:
                continue
            n = max(2, round(len(rows) * share)) if len(rows) > 2 else len(rows)
            # Keep rows in order, so that a school's calendar only grew since.
            chosen = sorted(rng.sample(range(len(rows)), min(n, len(rows))))
            kept.extend(rows[i] for i in chosen)
            if folder == "2026-09" and scope == DROPPED[0]:
                kept.append(list(DROPPED))
        out = HERE / "terms" / folder
        out.mkdir(parents=True, exist_ok=True)
        write(out / "scopes.csv", scopes_header, [s for s in scopes if s[0] not in absent])
        write(out / "plans.csv", plans_header, kept)
        (out / "modules.csv").write_text(catalogue, encoding="utf-8")


if __name__ == "__main__":
    main()
