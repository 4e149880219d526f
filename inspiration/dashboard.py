"""This app's panel on the dashboard (/dashboard/).

`panel(user=..., memberships=[...])` returns None or a dict with "template" and its context.
It must run a fixed number of queries, whatever the number of libraries or plans.
"""

from inspiration.models import Example

IN_PROGRESS = (Example.Status.DRAFT, Example.Status.SUBMITTED, Example.Status.REJECTED)


def panel(*, user, memberships):
    library_ids = [m.library_id for m in memberships]
    if not library_ids:
        return None
    examples = list(
        Example.objects.filter(library_id__in=library_ids, status__in=IN_PROGRESS)
        .select_related("library__municipality")
        .order_by("status", "-updated_at", "-pk")[:20]
    )
    return {"template": "inspiration/_dashboard_panel.html", "examples": examples}
