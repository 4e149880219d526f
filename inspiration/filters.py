import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.models import Area, Goal
from inspiration import selectors
from inspiration.models import Example, Tag
from libraries.models import Library, Region


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        field_name="goals",
        queryset=Goal.objects.order_by("number"),
        empty_label=_("All SDGs"),
    )
    area = django_filters.ChoiceFilter(label=_("Area"), choices=Area.choices, empty_label=_("All"))
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=Tag.objects.public().order_by("name"),
        to_field_name="slug",
        empty_label=_("All tags"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="library__municipality__region",
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    library = django_filters.ModelChoiceFilter(
        label=_("Library"),
        field_name="library",
        queryset=Library.objects.filter(examples__status=Example.Status.APPROVED)
        .distinct()
        .order_by("name"),
        to_field_name="slug",
        empty_label=_("All libraries"),
    )
    partner = django_filters.CharFilter(label=_("Partner"), method="by_partner", max_length=100)

    class Meta:
        model = Example
        fields = ["q", "goal", "area", "tag", "region", "library", "partner"]

    def by_partner(self, queryset, name, value):
        # Partners are a JSON list of names; a case-insensitive match in it (any database).
        return queryset.filter(partners__icontains=value.strip())

    def search(self, queryset, name, value):
        return selectors.search(queryset, value)
