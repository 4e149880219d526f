"""Loading the 17 SDGs and their 169 targets from actionplans/data/ (idempotent)."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load(Goal, Target):
    for row in _rows("sdgs.csv"):
        Goal.objects.update_or_create(
            number=int(row["number"]),
            defaults={
                "colour": row["colour"].upper(),
                "name_da": row["name_da"],
                "name_en": row["name_en"],
                "name_nb": row["name_nb"],
                "title_en": row["title_en"],
                "title_nb": row["title_nb"],
            },
        )
    goals = {goal.number: goal for goal in Goal.objects.all()}
    for position, row in enumerate(_rows("sdg_targets.csv")):
        Target.objects.update_or_create(
            code=row["number"],
            defaults={
                "goal": goals[int(row["goal"])],
                "title_en": row["title_en"],
                "position": position,
            },
        )
