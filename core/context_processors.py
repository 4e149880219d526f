from django.conf import settings


def site(request):
    return {
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "SITE_URL": settings.SITE_URL,
    }


def review_queue(request):
    """The number of items waiting for review, for the coordinators' navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_coordinator:
        return {}
    from core.review_queue import count_waiting

    return {"review_waiting_count": count_waiting()}
