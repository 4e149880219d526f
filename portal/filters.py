"""The filters of /libraries/ (and of /libraries.csv and /libraries.json, which take the same
query parameters, so a filtered list can be downloaded as it is shown)."""

import django_filters
from django import forms
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _
from django_filters.fields import BaseCSVField

from actionplans.models import Goal
from core.widgets import QuickSelect
from libraries.models import Library, Municipality, Region
from portal import selectors
from portal.selectors import PublicStatus


class MunicipalitySelect(QuickSelect):
    """The municipality <select>, each option marked with its region (data-region), so
    static/js/portal.js can narrow the choices to the region chosen in `data-follows`. The
    same HTML as Django's Select would give with these option attributes."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if (instance := getattr(value, "instance", None)) is not None:
            option["attrs"]["data-region"] = instance.region.code
        return option

    def _option(self, value, label, selected: set) -> str:
        html = QuickSelect._option(value, label, selected)
        if (instance := getattr(value, "instance", None)) is None:
            return html
        region = conditional_escape(instance.region.code)
        return html.replace(">", f' data-region="{region}">', 1)


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.name}"


class GoalFilter(django_filters.ModelChoiceFilter):
    field_class = GoalChoiceField


class OneValueCSVField(BaseCSVField):
    """One sort order at a time, as the form's select sends. Lists of orders would make
    millions of valid URLs, each a page the shared cache would keep (core.caching)."""

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned and len(cleaned) > 1:
            raise forms.ValidationError(_("Choose one order."), code="one_order")
        return cleaned


class SortFilter(django_filters.OrderingFilter):
    base_field_class = OneValueCSVField


class LibraryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search by name or town"), method="filter_search", max_length=100
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=PublicStatus.FILTER_CHOICES,
        field_name="public_status",
        empty_label=_("All statuses"),
        widget=QuickSelect,
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        field_name="municipality__region",
        empty_label=_("All regions"),
        widget=QuickSelect,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("region").order_by("name"),
        to_field_name="code",
        field_name="municipality",
        empty_label=_("All municipalities"),
        widget=MunicipalitySelect(attrs={"data-follows": "id_region"}),
    )
    goal = GoalFilter(
        label=_("SDG in the approved plan"),
        queryset=Goal.objects.order_by("number"),
        method="filter_goal",
        empty_label=_("All SDGs"),
        widget=QuickSelect,
    )
    sort = SortFilter(
        label=_("Sort by"),
        fields=(
            ("sort_name", "name"),
            ("municipality__name", "municipality"),
            ("municipality__region__name", "region"),
            ("cert_valid_until", "valid_until"),
            ("participating_since", "joined"),
        ),
        field_labels={
            "sort_name": _("Name"),
            "municipality__name": _("Municipality"),
            "municipality__region__name": _("Region"),
            "cert_valid_until": _("Valid until"),
            "participating_since": _("Participating since"),
        },
        empty_label=None,
        null_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Library
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_goal(self, queryset, name, value):
        return queryset.filter(selectors.library_has_goal(value.number))

    @property
    def qs(self):
        queryset = super().qs
        if queryset.query.order_by:  # a sort chosen: keep it, with a stable tie-break
            return queryset.order_by(*queryset.query.order_by, "pk")
        return queryset.order_by("sort_name", "pk")
