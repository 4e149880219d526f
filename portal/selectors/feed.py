"""The Atom feed: new certifications and newly published examples."""

from certification.models import Certification
from inspiration.models import Example


def feed_certifications(limit: int = 20) -> list[Certification]:
    return list(
        Certification.objects.exclude(status=Certification.Status.REVOKED)
        .select_related("library__municipality")
        .order_by("-issued_at", "-pk")[:limit]
    )


def feed_examples(limit: int = 20) -> list[Example]:
    return list(
        Example.objects.published()
        .exclude(approved_at=None)
        .select_related("library__municipality")
        .order_by("-approved_at", "-pk")[:limit]
    )
