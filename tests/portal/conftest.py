"""Helpers for the public portal's tests: libraries with approved plans, certifications and
examples, one at a time (`certify`) or in bulk (`populate`)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from actionplans.models import ActionPlan, Goal, Initiative
from certification.models import Certification
from inspiration.models import Example
from libraries.models import Library, Municipality
from tests import factories

_numbers = itertools.count(5000)


def approve_plan(library, *, goals=(12,), initiatives=1, area="citizens"):
    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    for _ in range(initiatives):
        factories.InitiativeFactory(plan=plan, area=area, goals=list(goals))
    return plan


def certify(library, *, status="active", valid_until=None, issued_at=None, goals=(12,)):
    """An approved plan with one initiative on `goals`, and a certification of it."""
    plan = approve_plan(library, goals=goals)
    today = timezone.localdate()
    return factories.CertificationFactory(
        library=library,
        plan=plan,
        number=f"VMC-2026-{next(_numbers):04d}",
        status=status,
        issued_at=issued_at or today - datetime.timedelta(days=30),
        valid_until=valid_until or today + datetime.timedelta(days=335),
    )


def participate(slug, *, since=datetime.date(2026, 1, 15)):
    library = Library.objects.get(slug=slug)
    library.participating_since = since
    library.save()
    return library


@pytest.fixture
def populate(db):
    """populate(n): n participating libraries in all (reference libraries first, then new ones
    in existing municipalities), each with an approved plan with two initiatives on two SDGs,
    a certification and an approved example. Bulk inserts keep 500 libraries fast."""

    def _populate(total: int) -> list[Library]:
        today = timezone.localdate()
        reference = list(Library.objects.order_by("pk"))
        municipalities = list(Municipality.objects.order_by("pk"))
        existing = Library.objects.participating().count()
        needed = total - existing
        fresh = [lib for lib in reference if lib.participating_since is None][:needed]
        for library in fresh:
            library.participating_since = datetime.date(2025, 5, 1)
        Library.objects.bulk_update(fresh, ["participating_since"])
        extra = needed - len(fresh)
        start = Library.objects.count()
        new = [
            Library(
                name=f"Testbibliotek {start + index}",
                slug=f"testbibliotek-{start + index}",
                municipality=municipalities[index % len(municipalities)],
                city=f"Testby {index}",
                participating_since=datetime.date(2025, 6, 1),
            )
            for index in range(max(extra, 0))
        ]
        Library.objects.bulk_create(new)
        libraries = fresh + list(Library.objects.filter(slug__in=[lib.slug for lib in new]))
        plans = ActionPlan.objects.bulk_create(
            [
                ActionPlan(
                    library=library,
                    period_start=2025,
                    period_end=2027,
                    status=ActionPlan.Status.APPROVED,
                    vision="Vision",
                    principles=["Princip"],
                )
                for library in libraries
            ]
        )
        initiatives = Initiative.objects.bulk_create(
            [
                Initiative(plan=plan, area=area, title=f"Indsats {plan.pk} {area}", order=order)
                for plan in plans
                for order, area in enumerate(("operations", "citizens"))
            ]
        )
        goals = list(Goal.objects.order_by("number"))
        Initiative.goals.through.objects.bulk_create(
            [
                Initiative.goals.through(initiative=initiative, goal=goals[(index + k) % 17])
                for index, initiative in enumerate(initiatives)
                for k in (0, 5)
            ]
        )
        Certification.objects.bulk_create(
            [
                Certification(
                    library=plan.library,
                    plan=plan,
                    number=f"VMC-2025-{next(_numbers):05d}",
                    issued_at=today - datetime.timedelta(days=100),
                    valid_until=today + datetime.timedelta(days=200),
                )
                for plan in plans
            ]
        )
        examples = Example.objects.bulk_create(
            [
                Example(
                    title=f"Eksempel {library.slug}",
                    slug=f"eksempel-{library.slug}",
                    summary="Et eksempel.",
                    library=library,
                    area="citizens",
                    status=Example.Status.APPROVED,
                    approved_at=timezone.now(),
                )
                for library in libraries
            ]
        )
        Example.goals.through.objects.bulk_create(
            [Example.goals.through(example=example, goal=goals[11]) for example in examples]
        )
        return libraries

    return _populate
