"""Submitted examples in the coordinators' review queue (core.review_queue)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.review_queue import QueueItem, QueueProvider
from inspiration.models import Example


def count() -> int:
    return Example.objects.submitted().count()


def items(region_code: str | None = None) -> list[QueueItem]:
    examples = (
        Example.objects.submitted()
        .select_related("library__municipality__region")
        .order_by("submitted_at", "pk")
    )
    if region_code:
        examples = examples.filter(library__municipality__region__code=region_code)
    result = []
    for example in examples:
        library = example.library
        result.append(
            QueueItem(
                kind="example",
                kind_label=_("Changes to an example") if example.revision_of_id else _("Example"),
                title=example.title,
                library_name=library.display_name if library else _("The programme"),
                municipality_name=library.municipality.name if library else "",
                region_code=library.municipality.region.code if library else "",
                submitted_at=example.submitted_at,
                url=reverse("inspiration:review_example", kwargs={"slug": example.slug}),
            )
        )
    return result


def queue_provider() -> QueueProvider:
    return QueueProvider(kind="example", label=gettext_lazy("Examples"), count=count, items=items)
