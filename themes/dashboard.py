"""This app's panel on the dashboard (/dashboard/): themes open for sign-up, and the reports
the user's libraries still owe. Two queries, whatever the number of libraries or themes."""

from django.utils import timezone

from themes.models import Theme, ThemeSignup


def panel(*, user, memberships):
    library_ids = [m.library_id for m in memberships]
    if not library_ids:
        return None
    today = timezone.localdate()
    open_themes = list(
        Theme.objects.published()
        .filter(signup_deadline__gte=today)
        .order_by("starts_on", "pk")[:10]
    )
    reports_due = list(
        ThemeSignup.objects.active()
        .filter(
            library_id__in=library_ids,
            theme__status=Theme.Status.PUBLISHED,
            theme__starts_on__lte=today,
            report__isnull=True,
        )
        .select_related("theme", "library__municipality")
        .order_by("theme__starts_on", "library__municipality__name", "pk")[:20]
    )
    if not open_themes and not reports_due:
        return None
    return {
        "template": "themes/_dashboard_panel.html",
        "open_themes": open_themes,
        "reports_due": reports_due,
    }
