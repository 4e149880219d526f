"""This app's part of `manage.py seed_demo` (idempotent: running it again changes nothing).

The action-plans demo runs first and leaves approved plans for the programme's first libraries;
each gets a certification, issued from 2022 on. Most are valid (renewed by accepted reports),
one has expired and one was revoked.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from actionplans.models import ActionPlan
from certification import services
from certification.models import Certification
from core.demo import DemoContext

FIRST_ISSUE = datetime.date(2022, 3, 1)
REVOKED_REASON = (
    "Biblioteket har ikke indsendt statusrapport, og handleplanens indsatser er sat i bero "
    "efter en omorganisering. Biblioteket er velkomment til at søge igen."
)


def seed(context: DemoContext) -> None:
    today = timezone.localdate()
    plans = {
        plan.library_id: plan
        for plan in ActionPlan.objects.filter(
            library__in=context.libraries, status=ActionPlan.Status.APPROVED
        ).select_related("library")
    }
    certified = set(
        Certification.objects.filter(library__in=context.libraries).values_list(
            "library_id", flat=True
        )
    )
    eligible = [library for library in context.libraries if library.pk in plans]
    issued = 0
    for index, library in enumerate(eligible):
        if library.pk in certified:
            continue
        issued_on = FIRST_ISSUE + datetime.timedelta(days=130 * index)
        certification = services.issue_or_continue_certification(
            plan=plans[library.pk], by=context.coordinator, issued_on=issued_on
        )
        # Yearly accepted reports have kept it valid up to its next anniversary.
        valid_until = certification.valid_until
        while valid_until <= today:
            valid_until = services.add_months(valid_until, settings.CERTIFICATION_VALID_MONTHS)
        last = len(eligible) - 1
        if len(eligible) >= 3 and index == last - 1:
            # The library missed its report: lapsed after the grace period.
            valid_until = today - datetime.timedelta(days=settings.CERTIFICATION_GRACE_DAYS + 40)
        Certification.objects.filter(pk=certification.pk).update(valid_until=valid_until)
        issued += 1
        if len(eligible) >= 2 and index == last:
            certification.refresh_from_db()
            services.revoke_certification(
                certification=certification, by=context.coordinator, reason=REVOKED_REASON
            )
    expired = services.expire_lapsed(today=today)
    context.say(f"Certifications: {issued} issued, {expired} expired.")
