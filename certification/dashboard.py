"""This app's panel on the dashboard (/dashboard/): each of my libraries' certification.

`panel(user=..., memberships=[...])` returns None or a dict with "template" and its context.
It runs one query, whatever the number of libraries.
"""

from django.utils import timezone

from certification.models import Certification


def panel(*, user, memberships):
    libraries = {m.library_id: m.library for m in memberships}
    if not libraries:
        return None
    latest = {}
    for certification in Certification.objects.filter(library_id__in=libraries).order_by(
        "library_id", "-issued_at", "-pk"
    ):
        latest.setdefault(certification.library_id, certification)
    today = timezone.localdate()
    rows = []
    for library_id, library in libraries.items():
        certification = latest.get(library_id)
        days_left = None
        if certification is not None and certification.status == Certification.Status.ACTIVE:
            days_left = (certification.valid_until - today).days
        rows.append(
            {
                "library": library,
                "certification": certification,
                "pdf_ready": bool(
                    certification and certification.pdf and certification.pdf_generated_at
                ),
                "report_due_in": days_left,
            }
        )
    return {"template": "certification/_dashboard_panel.html", "rows": rows}
