"""Read queries for examples."""

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from inspiration.models import Example, ExampleImage


def with_card_data(queryset: QuerySet[Example]) -> QuerySet[Example]:
    """Everything a card shows, in a fixed number of queries."""
    return queryset.select_related("library__municipality__region").prefetch_related(
        "goals",
        "tags",
        Prefetch("images", queryset=ExampleImage.objects.order_by("position", "pk")),
    )


def search(queryset: QuerySet[Example], text: str) -> QuerySet[Example]:
    """Full-text search in Danish on PostgreSQL; a plain substring match elsewhere."""
    text = (text or "").strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="danish")
            + SearchVector("summary", weight="B", config="danish")
            + SearchVector("what_we_did", weight="C", config="danish")
            + SearchVector("what_we_learned", weight="C", config="danish")
            + SearchVector("body", weight="C", config="danish")
        )
        query = SearchQuery(text, config="danish", search_type="websearch")
        return (
            queryset.annotate(search_rank=SearchRank(vector, query))
            .filter(search_rank__gt=0)
            .order_by("-search_rank", "-approved_at", "-pk")
        )
    return queryset.filter(
        Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(what_we_did__icontains=text)
        | Q(what_we_learned__icontains=text)
        | Q(body__icontains=text)
    )


def related(example: Example, *, limit: int = 3) -> list[Example]:
    """Approved examples sharing the most SDGs with this one."""
    goal_numbers = [goal.number for goal in example.goals.all()]
    if not goal_numbers:
        return []
    ids = list(
        Example.objects.published()
        .exclude(pk=example.pk)
        .filter(goals__in=goal_numbers)
        .values("pk")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    by_id = {e.pk: e for e in with_card_data(Example.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def for_libraries(library_ids, *, statuses) -> QuerySet[Example]:
    return (
        Example.objects.filter(library_id__in=library_ids, status__in=statuses)
        .select_related("library__municipality", "revision_of")
        .order_by("-updated_at", "-pk")
    )
