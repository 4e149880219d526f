"""The coordinators' panel on the dashboard (/dashboard/): where a coordinator lands after
signing in. What waits for a decision (oldest first) and which progress reports are due or
overdue, so certifications do not lapse unnoticed.

`panel(user=..., memberships=[...])` returns None for everyone but coordinators. It runs one
query per review-queue provider and one for the deadlines, whatever the number of libraries.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from actionplans.models import ProgressReport
from certification.models import Certification, validity_cutoff
from core import review_queue

OLDEST_SHOWN = 5
DEADLINES_SHOWN = 10


@dataclass(frozen=True)
class Deadline:
    certification: Certification
    days_left: int  # negative: overdue, in the grace period
    lapses_on: datetime.date

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0


def _waiting():
    """(counts per kind, the oldest items of all kinds, the total)."""
    counts, items = [], []
    for provider in review_queue.providers():
        provider_items = list(provider.items(None))
        counts.append(
            {"kind": provider.kind, "label": provider.label, "count": len(provider_items)}
        )
        items.extend(provider_items)
    items.sort(key=lambda item: item.submitted_at)
    return counts, items[:OLDEST_SHOWN], len(items)


def report_deadlines(today: datetime.date) -> list[Deadline]:
    """Valid certifications whose progress report is due within the reminder horizon (the
    first e-mail reminder goes out then) or overdue but still in the grace period; a report
    already submitted is in the review queue instead."""
    horizon = today + datetime.timedelta(days=max(settings.REPORT_REMINDER_DAYS))
    grace = datetime.timedelta(days=settings.CERTIFICATION_GRACE_DAYS)
    waiting_for_review = ProgressReport.objects.filter(
        status=ProgressReport.Status.SUBMITTED
    ).values("plan_id")
    certifications = (
        Certification.objects.filter(
            status=Certification.Status.ACTIVE,
            valid_until__gte=validity_cutoff(today),
            valid_until__lte=horizon,
        )
        .exclude(plan_id__in=waiting_for_review)
        .select_related("library__municipality")
        .order_by("valid_until", "pk")
    )
    return [
        Deadline(
            certification=certification,
            days_left=(certification.valid_until - today).days,
            lapses_on=certification.valid_until + grace,
        )
        for certification in certifications
    ]


def panel(*, user, memberships):
    if not user.is_coordinator:
        return None
    counts, oldest, total = _waiting()
    now = timezone.now()
    deadlines = report_deadlines(timezone.localdate())
    return {
        "template": "certification/coordinator_panel.html",
        "waiting_counts": counts,
        "waiting_total": total,
        "oldest": [(item, (now - item.submitted_at).days) for item in oldest],
        "deadlines": deadlines[:DEADLINES_SHOWN],
        "deadline_total": len(deadlines),
        "deadline_days": max(settings.REPORT_REMINDER_DAYS),
    }
