"""A library's public status, and the lists of libraries built on it.

A library's public status is decided HERE and only here (`with_public_status`), as a SQL
annotation, so the list, its filters, the profile, the CSV/JSON, the map and the badge agree.

- certified: it has an `active` certification whose `valid_until` plus the grace period
  (settings.CERTIFICATION_GRACE_DAYS) has not passed. The date is checked here, so a
  certification past its date stops showing as certified at midnight even if the daily
  expiry task has not run yet (the public cache keys include today's date for this reason).
- expired: its newest certification has lapsed (status `expired`, or `active` but past the
  date and grace).
- not_certified: its newest certification was revoked. It is shown as "not certified", not
  as a separate "revoked" label: the reason is between the library and the coordinators.
- in_progress: participating, never certified.
- not_participating: the library has not joined the programme (its page says so).
"""

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.translation import gettext_lazy as _

from actionplans.models import Goal, Initiative
from certification.models import Certification, validity_cutoff
from libraries.models import Library


class PublicStatus:
    CERTIFIED = "certified"
    IN_PROGRESS = "in_progress"
    EXPIRED = "expired"
    NOT_CERTIFIED = "not_certified"
    NOT_PARTICIPATING = "not_participating"

    LABELS = {
        CERTIFIED: _("Certified"),
        IN_PROGRESS: _("In progress"),
        EXPIRED: _("Certification expired"),
        NOT_CERTIFIED: _("Not certified"),
        NOT_PARTICIPATING: _("Not participating"),
    }
    # What the list can be filtered by (participating libraries only).
    FILTER_CHOICES = [
        (CERTIFIED, LABELS[CERTIFIED]),
        (IN_PROGRESS, LABELS[IN_PROGRESS]),
        (EXPIRED, LABELS[EXPIRED]),
        (NOT_CERTIFIED, LABELS[NOT_CERTIFIED]),
    ]
    # Map colours (fill) with enough contrast against each other and the white borders.
    COLOURS = {
        CERTIFIED: "#1f6b31",
        IN_PROGRESS: "#f0b400",
        EXPIRED: "#b0141c",
        NOT_CERTIFIED: "#5b2a86",
        NOT_PARTICIPATING: "#d9d9d9",
    }
    ORDER = [CERTIFIED, IN_PROGRESS, EXPIRED, NOT_CERTIFIED, NOT_PARTICIPATING]

    @classmethod
    def label(cls, status: str) -> str:
        return cls.LABELS[status]


def certified_cutoff(today: datetime.date | None = None) -> datetime.date:
    """An active certification with valid_until on or after this date counts as certified
    (the certification app's rule, so the verify page and the public pages agree)."""
    return validity_cutoff(today)


def current_certification_subquery() -> QuerySet:
    """A library's current certification: the active one if any, otherwise the newest."""
    return Certification.objects.filter(library=OuterRef("pk")).order_by(
        Case(
            When(status=Certification.Status.ACTIVE, then=0), default=1, output_field=IntegerField()
        ),
        "-issued_at",
        "-pk",
    )


def with_public_status(queryset: QuerySet | None = None, *, today=None) -> QuerySet:
    """Libraries annotated with `public_status`, `cert_number`, `cert_issued_at`,
    `cert_valid_until` and `sort_name` (the name shown, for ordering)."""
    queryset = Library.objects.all() if queryset is None else queryset
    current = current_certification_subquery()
    cutoff = certified_cutoff(today)
    return (
        queryset.select_related("municipality__region")
        .annotate(
            cert_status=Subquery(current.values("status")[:1]),
            cert_number=Subquery(current.values("number")[:1]),
            cert_issued_at=Subquery(current.values("issued_at")[:1]),
            cert_valid_until=Subquery(current.values("valid_until")[:1]),
        )
        .annotate(
            public_status=Case(
                When(participating_since__isnull=True, then=Value(PublicStatus.NOT_PARTICIPATING)),
                When(
                    cert_status=Certification.Status.ACTIVE,
                    cert_valid_until__gte=cutoff,
                    then=Value(PublicStatus.CERTIFIED),
                ),
                When(
                    cert_status__in=[Certification.Status.ACTIVE, Certification.Status.EXPIRED],
                    then=Value(PublicStatus.EXPIRED),
                ),
                When(
                    cert_status=Certification.Status.REVOKED,
                    then=Value(PublicStatus.NOT_CERTIFIED),
                ),
                default=Value(PublicStatus.IN_PROGRESS),
                output_field=CharField(),
            ),
            sort_name=Coalesce(
                NullIf("name", Value("")),
                Concat(Value("Biblioteket i "), "municipality__name", Value(" Kommune")),
                output_field=CharField(),
            ),
        )
    )


def public_libraries(*, today=None) -> QuerySet:
    """Participating libraries with their public status (the list, open data)."""
    return with_public_status(Library.objects.participating(), today=today)


def is_certified(library: Library) -> bool:
    return getattr(library, "public_status", None) == PublicStatus.CERTIFIED


def shows_certificate(library: Library) -> bool:
    """The certificate number and date are public while certified and after expiry (as history),
    not after a revocation."""
    return library.public_status in (PublicStatus.CERTIFIED, PublicStatus.EXPIRED)


def approved_goal_pairs():
    """(initiative, goal) pairs of approved plans: counting these is cheaper than grouping the
    goals over every initiative (see top_goals)."""
    return Initiative.goals.through.objects.filter(
        initiative__in=Initiative.objects.of_approved_plans()
    )


def goals_by_library(library_ids) -> dict[int, list[Goal]]:
    """The SDGs of each library's approved plan, in goal order (two queries)."""
    pairs = list(
        approved_goal_pairs()
        .filter(initiative__plan__library_id__in=list(library_ids))
        .values_list("initiative__plan__library_id", "goal_id")
        .distinct()
    )
    goals = Goal.objects.by_number()
    result: dict[int, list[Goal]] = {}
    for library_id, goal_id in sorted(pairs, key=lambda pair: pair[1]):
        result.setdefault(library_id, []).append(goals[goal_id])
    return result


def attach_goals(libraries) -> list[Library]:
    """Libraries from `with_public_status` made ready for display: `public_goals`,
    `status_label` and `shows_certificate` set on each (two queries in all)."""
    libraries = list(libraries)
    goals = goals_by_library(library.pk for library in libraries)
    for library in libraries:
        library.public_goals = goals.get(library.pk, [])
        library.status_label = PublicStatus.label(library.public_status)
        library.shows_certificate = shows_certificate(library)
    return libraries


def library_has_goal(number: int):
    """An Exists() for filtering libraries whose approved plan works on SDG `number`."""
    return Exists(
        Initiative.objects.of_approved_plans().filter(plan__library=OuterRef("pk"), goals=number)
    )


def status_counts(queryset: QuerySet) -> dict[str, int]:
    rows = queryset.order_by().values("public_status").annotate(n=Count("pk"))
    counts = {status: 0 for status, _label in PublicStatus.FILTER_CHOICES}
    for row in rows:
        counts[row["public_status"]] = row["n"]
    return counts


def status_by_municipality(codes=None) -> dict[str, Library]:
    """For each municipality code (only `codes` if given: the map asks for the ones it draws),
    its library with `public_status` (the best status wins where a municipality has more than
    one library). Only the columns the map shows are read."""
    rank = {status: index for index, status in enumerate(PublicStatus.ORDER)}
    libraries = Library.objects.only(
        "name", "slug", "participating_since", "municipality__code", "municipality__name",
        "municipality__region__code", "municipality__region__name",
    )  # fmt: skip
    if codes is not None:
        libraries = libraries.filter(municipality__code__in=list(codes))
    result: dict[str, Library] = {}
    for library in with_public_status(libraries).order_by("pk"):
        code = library.municipality.code
        if code not in result or rank[library.public_status] < rank[result[code].public_status]:
            result[code] = library
    return result
