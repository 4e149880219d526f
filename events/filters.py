"""The filters of /events/ (DESIGN §5): start, end, region, municipality, library, goal, theme,
audience, online, and `when` (upcoming by default, or past). All in the URL, no JavaScript."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Goal
from core.widgets import QuickSelect
from events.models import Audience, Event
from libraries.models import Library, Municipality, Region
from themes.models import Theme


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class LibraryFilter(django_filters.ModelChoiceFilter):
    field_class = LibraryChoiceField


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.name}"


class GoalFilter(django_filters.ModelChoiceFilter):
    field_class = GoalChoiceField


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("past", _("Past events"))],
        empty_label=_("Upcoming events"),
        method="filter_when",
        widget=QuickSelect,
    )
    start = django_filters.DateFilter(
        label=_("From"),
        field_name="ends_at",
        method="filter_start",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        label=_("To"),
        method="filter_end",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        method="filter_region",
        empty_label=_("All regions"),
        widget=QuickSelect,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.select_related("region").order_by("name"),
        to_field_name="code",
        method="filter_municipality",
        empty_label=_("All municipalities"),
        widget=QuickSelect,
    )
    library = LibraryFilter(
        label=_("Library"),
        queryset=Library.objects.participating()
        .select_related("municipality")
        .order_by("municipality__name"),
        to_field_name="slug",
        method="filter_library",
        empty_label=_("All libraries"),
        widget=QuickSelect,
    )
    goal = GoalFilter(
        label=_("SDG"),
        queryset=Goal.objects.order_by("number"),
        field_name="goals",
        empty_label=_("All SDGs"),
        widget=QuickSelect,
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.published().order_by("-starts_on"),
        to_field_name="slug",
        empty_label=_("All themes"),
        widget=QuickSelect,
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        empty_label=_("All audiences"),
        widget=QuickSelect,
    )
    online = django_filters.ChoiceFilter(
        label=_("Where"),
        choices=[("yes", _("Online")), ("no", _("On site"))],
        empty_label=_("Online and on site"),
        method="filter_online",
        widget=QuickSelect,
    )

    class Meta:
        model = Event
        fields = []

    def filter_when(self, queryset, name, value):
        return queryset  # applied in `qs`, which also orders by it

    def filter_start(self, queryset, name, value):
        return queryset.filter(ends_at__date__gte=value)

    def filter_end(self, queryset, name, value):
        return queryset.filter(starts_at__date__lte=value)

    @staticmethod
    def _place(queryset, **lookup):
        """Events organised by a library there, and national events shown at one there."""
        own = {f"library__{key}": value for key, value in lookup.items()}
        shown = {f"shown_at__{key}": value for key, value in lookup.items()}
        ids = Event.objects.filter(**shown).values("pk")
        return queryset.filter(Q(**own) | Q(pk__in=ids))

    def filter_region(self, queryset, name, value):
        return self._place(queryset, municipality__region=value)

    def filter_municipality(self, queryset, name, value):
        return self._place(queryset, municipality=value)

    def filter_library(self, queryset, name, value):
        return self._place(queryset, pk=value.pk)

    def filter_online(self, queryset, name, value):
        return queryset.filter(online=value == "yes")

    @property
    def is_past(self) -> bool:
        return self.form.is_valid() and self.form.cleaned_data.get("when") == "past"

    @property
    def qs(self):
        queryset = super().qs
        now = timezone.now()
        if self.is_past:
            return queryset.past(now).order_by("-starts_at", "-pk")
        return queryset.upcoming(now).order_by("starts_at", "pk")
