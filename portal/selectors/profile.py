"""One library's public profile: its current approved plan (and the upcoming one) and its
published examples."""

from django.db.models import Prefetch

from actionplans.models import ActionPlan, Initiative
from inspiration.models import Example
from libraries.models import Library


def approved_plan(library: Library) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(library=library, status=ActionPlan.Status.APPROVED)
        .prefetch_related(
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.exclude(status=Initiative.Status.DROPPED)
                .prefetch_related("goals", "targets")
                .order_by("area", "order", "pk"),
            )
        )
        .order_by("-period_start")
        .first()
    )


def upcoming_plan(library: Library) -> ActionPlan | None:
    """The approved plan that takes over when its period starts (shown as "upcoming")."""
    return (
        ActionPlan.objects.filter(library=library, status=ActionPlan.Status.UPCOMING)
        .order_by("period_start")
        .first()
    )


def library_examples(library: Library) -> list[Example]:
    return list(
        Example.objects.published()
        .filter(library=library)
        .prefetch_related("goals")
        .order_by("-approved_at", "-pk")
    )
