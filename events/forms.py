"""Forms of the event pages. The rules between fields (an online event has a link, an image
has its alt text, a target belongs to a chosen SDG) are checked here, next to the fields."""

import datetime

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.forms import (
    GoalChoiceField,
    SDGCheckboxSelectMultiple,
    TargetCodesField,
    check_targets_belong_to_goals,
)
from actionplans.models import Goal, Initiative
from core.uploads import validate_image
from events.models import Event, EventFeed, Speaker
from libraries.models import Library
from partners.models import Partner
from themes.models import Theme

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_area_display()})"


class LibraryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def _https_url_fields(field, **kwargs):
    """Model URL fields as form fields that read "example.dk" as https://example.dk."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    """Times are entered in Danish time (the current time zone, Europe/Copenhagen)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    starts_at = forms.DateTimeField(
        label=_("Starts"), input_formats=[DATETIME_FORMAT], widget=LocalDateTimeInput
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        input_formats=[DATETIME_FORMAT],
        widget=LocalDateTimeInput,
        help_text=_("For an all-day or multi-day event, the times are left out in calendars."),
    )
    goals = GoalChoiceField(
        label=_("SDGs"),
        queryset=Goal.objects.order_by("number"),
        required=False,
        widget=SDGCheckboxSelectMultiple,
    )
    targets = TargetCodesField()
    initiative = InitiativeChoiceField(
        label=_("Initiative of the action plan it carries out"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.published().order_by("-starts_on"),
        required=False,
        empty_label=_("None"),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shown_at = LibraryChoiceField(
        label=_("Libraries showing it locally"),
        queryset=Library.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("For a streamed talk: the libraries where people watch it together."),
    )

    class Meta:
        model = Event
        formfield_callback = _https_url_fields
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "all_day",
            "address",
            "online",
            "online_url",
            "audience",
            "goals",
            "targets",
            "theme",
            "initiative",
            "partners",
            "signup_url",
            "image",
            "image_alt",
            "status",
            "shown_at",
            "recording_url",
            "captions_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "description": _("Markdown: **bold**, *italic*, lists and links."),
            "online_url": _("Where people join an online event."),
            "recording_url": _("After the event: a link to the recording."),
            "captions_note": _("For example “Automatic Danish captions”."),
        }

    def __init__(self, *args, library, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library
        if new:
            del self.fields["lock_version"]
        if library is None:
            del self.fields["initiative"]
            self.fields["partners"].queryset = Partner.objects.national()
            self.fields["shown_at"].queryset = (
                Library.objects.participating()
                .select_related("municipality")
                .order_by("municipality__name")
            )
        else:
            del self.fields["shown_at"]
            self.fields["initiative"].queryset = (
                Initiative.objects.of_approved_plans()
                .filter(plan__library=library)
                .order_by("area", "order", "pk")
            )
            self.fields["partners"].queryset = Partner.objects.available_to(library.municipality_id)
        if self.instance.pk and not self.is_bound:
            self.initial["targets"] = ", ".join(t.code for t in self.instance.targets.all())
            self.initial["lock_version"] = self.instance.lock_version

    def clean_image(self):
        return validate_image(self.cleaned_data.get("image"), settings.LOGO_MAX_BYTES)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and data.get("all_day"):
            # All-day events run from the first day's start to the last day's end (local time).
            zone = timezone.get_current_timezone()
            starts = datetime.datetime.combine(timezone.localtime(starts).date(), datetime.time())
            ends = datetime.datetime.combine(timezone.localtime(ends).date(), datetime.time.max)
            data["starts_at"] = timezone.make_aware(starts, zone)
            data["ends_at"] = timezone.make_aware(ends.replace(microsecond=0), zone)
            starts, ends = data["starts_at"], data["ends_at"]
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if not data.get("address") and not data.get("online"):
            self.add_error("address", _("Give an address, or mark the event as online, or both."))
        if data.get("online") and not data.get("online_url"):
            self.add_error("online_url", _("An online event needs the link people join with."))
        image = data.get("image")
        if image and not data.get("image_alt", "").strip():
            self.add_error(
                "image_alt", _("Describe the image for people who cannot see it (alt text).")
            )
        if data.get("recording_url") and ends and ends > timezone.now():
            self.add_error("recording_url", _("A recording can be added once the event has ended."))
        check_targets_belong_to_goals(self, data)
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        for name in ("goals", "partners", "shown_at"):
            if name in data:
                data[name] = list(data[name])
        return data


class ParticipantsForm(forms.Form):
    participants = forms.IntegerField(
        label=_("Number of participants"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("How many took part. It counts in the theme's and the library's reports."),
    )


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "organisation", "talk_title", "slides"]
        help_texts = {"slides": _("PDF, at most 20 MB.")}

    def clean_slides(self):
        slides = self.cleaned_data.get("slides")
        if slides and hasattr(slides, "size"):
            if slides.size > 20 * 1024 * 1024:
                raise forms.ValidationError(_("The slides may be at most 20 MB."))
            if not slides.read(5).startswith(b"%PDF-"):
                raise forms.ValidationError(_("The slides must be a PDF file."))
            slides.seek(0)
        return slides


class FeedForm(forms.ModelForm):
    class Meta:
        model = EventFeed
        formfield_callback = _https_url_fields
        fields = ["url", "kind", "keyword"]
        help_texts = {
            "url": _(
                "The address of your website's calendar: an .ics address, or the events API "
                "of a DPL CMS website (…/api/v1/events?_format=json)."
            ),
        }

    def clean_url(self):
        from events.fetching import FetchError, check_url

        url = self.cleaned_data["url"]
        try:
            check_url(url, resolve=False)
        except FetchError as error:
            raise forms.ValidationError(str(error)) from error
        return url
