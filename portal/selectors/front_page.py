"""The front page: figures, the newest certifications and examples, the most worked-on SDGs."""

from dataclasses import dataclass

from django.db.models import Count, Q

from actionplans.models import Goal, Initiative
from certification.models import Certification
from core.models import ProgrammeText
from inspiration.models import Example
from portal.selectors.status import PublicStatus, approved_goal_pairs, public_libraries


@dataclass
class Figures:
    participating: int
    certified: int
    initiatives: int
    examples: int


def figures() -> Figures:
    libraries = public_libraries()
    counts = libraries.order_by().aggregate(
        participating=Count("pk"),
        certified=Count("pk", filter=Q(public_status=PublicStatus.CERTIFIED)),
    )
    return Figures(
        participating=counts["participating"],
        certified=counts["certified"],
        initiatives=Initiative.objects.of_approved_plans().count(),
        examples=Example.objects.published().count(),
    )


def newest_certifications(limit: int = 5) -> list[Certification]:
    """The newest certifications that still count as certified."""
    return list(
        Certification.objects.valid()
        .select_related("library__municipality")
        .order_by("-issued_at", "-pk")[:limit]
    )


def newest_examples(limit: int = 4) -> list[Example]:
    return list(
        Example.objects.published()
        .select_related("library__municipality")
        .prefetch_related("goals")
        .order_by("-approved_at", "-pk")[:limit]
    )


def top_goals(limit: int = 6) -> list[Goal]:
    """SDGs with the most initiatives in approved plans (`initiative_count`, `library_count`).

    Counted from the initiative–goal pairs of approved plans, grouped by goal (two queries):
    grouping the goals with LEFT JOINs to every initiative counted all initiatives of every
    plan, approved or not, before filtering, and took most of the front page's time at 1,000
    libraries."""
    rows = (
        approved_goal_pairs()
        .values("goal_id")
        .annotate(
            initiative_count=Count("pk"),  # an (initiative, goal) pair is unique
            library_count=Count("initiative__plan__library", distinct=True),
        )
        .order_by("-initiative_count", "goal_id")[:limit]
    )
    goals = Goal.objects.by_number()
    result = []
    for row in rows:
        goal = goals[row["goal_id"]]
        goal.initiative_count = row["initiative_count"]
        goal.library_count = row["library_count"]
        result.append(goal)
    return result


def programme_texts() -> dict[str, ProgrammeText]:
    return {text.key: text for text in ProgrammeText.objects.all()}
