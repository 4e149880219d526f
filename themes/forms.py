from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from actionplans.models import Goal
from core.uploads import validate_image, validate_pdf
from libraries.models import Membership
from partners.models import Partner
from themes.models import ThemeMaterial
from themes.periods import iso_weeks

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class ThemeForm(forms.Form):
    """A theme's own fields. The period is given as ISO weeks (year, first and last week) or as
    dates; weeks win when both are given."""

    title = forms.CharField(label=_("Title"), max_length=200)
    number = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        help_text=_("Where the theme has one, e.g. 11."),
    )
    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=100,
        help_text=_("The theme's address: /themes/<slug>/, e.g. uge17-2027."),
    )
    summary = forms.CharField(label=_("Short summary"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Markdown: **bold**, lists and links."),
    )
    iso_year = forms.IntegerField(
        label=_("Year of the weeks"), required=False, min_value=2000, max_value=2100
    )
    first_week = forms.IntegerField(
        label=_("First ISO week"), required=False, min_value=1, max_value=53
    )
    last_week = forms.IntegerField(
        label=_("Last ISO week"),
        required=False,
        min_value=1,
        max_value=53,
        help_text=_("Leave empty for a single week."),
    )
    starts_on = forms.DateField(
        label=_("First day"),
        required=False,
        help_text=_("Or give dates instead of weeks (YYYY-MM-DD)."),
    )
    ends_on = forms.DateField(label=_("Last day"), required=False)
    signup_deadline = forms.DateField(label=_("Sign-up deadline"), help_text=_("YYYY-MM-DD"))
    commitment = forms.CharField(
        label=_("What a library commits to"), required=False, widget=TEXTAREA
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("SDGs in focus"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    national_partners = forms.ModelMultipleChoiceField(
        label=_("National partners"),
        queryset=Partner.objects.national(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, slug_taken=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slug_taken = slug_taken or (lambda slug: False)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.slug_taken(slug):
            raise ValidationError(_("Another theme has this address."))
        return slug

    def clean(self):
        data = super().clean()
        year, first, last = data.get("iso_year"), data.get("first_week"), data.get("last_week")
        if year and first:
            try:
                data["starts_on"], data["ends_on"] = iso_weeks(year, first, last)
            except ValueError:
                self.add_error("first_week", _("%(year)s has no such week.") % {"year": year})
                return data
            if last and last < first:
                self.add_error("last_week", _("The last week comes before the first."))
        elif not (data.get("starts_on") and data.get("ends_on")):
            if "starts_on" not in self.errors:
                self.add_error("starts_on", _("Give the period as weeks or as dates."))
            return data
        if data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day comes before the first."))
        deadline = data.get("signup_deadline")
        if deadline and deadline > data["ends_on"]:
            self.add_error("signup_deadline", _("The deadline must be before the theme ends."))
        return data


class DayForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, help_text=_("YYYY-MM-DD"))
    title = forms.CharField(label=_("Title of the day"), max_length=200, required=False)
    description = forms.CharField(
        label=_("About the day"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("date"):
            self.add_error("date", _("Give the day's date."))
        if data.get("date") and not data.get("title"):
            self.add_error("title", _("Give the day a title."))
        return data


def day_formset(data=None, *, days=()):
    initial = [{"date": d.date, "title": d.title, "description": d.description} for d in days]
    formset = forms.formset_factory(DayForm, extra=max(0, 7 - len(initial)), max_num=60)
    return formset(data, initial=initial, prefix="days")


def cleaned_days(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get("title")]


class SignupForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Contact person"), queryset=None)
    second_contact = forms.ModelChoiceField(
        label=_("Second contact person"), queryset=None, required=False
    )
    note = forms.CharField(
        label=_("Our plans"),
        max_length=2000,
        required=False,
        widget=TEXTAREA,
        help_text=_("A short note on what you plan."),
    )
    local_partners = forms.ModelMultipleChoiceField(
        label=_("Local partners"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_partner_name = forms.CharField(
        label=_("Another local partner"),
        max_length=200,
        required=False,
        help_text=_(
            "If a partner is not in the list: its name. A partner already registered "
            "under the same name is picked instead of added twice."
        ),
    )
    new_partner_kind = forms.ChoiceField(
        label=_("Kind of the other partner"), choices=Partner.Kind.choices, required=False
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        members = User.objects.filter(
            pk__in=Membership.objects.active().of_library(library).values("user_id")
        ).order_by("name", "email")
        self.fields["contact"].queryset = members
        self.fields["second_contact"].queryset = members
        self.fields["contact"].label_from_instance = _member_label
        self.fields["second_contact"].label_from_instance = _member_label
        self.fields["local_partners"].queryset = Partner.objects.local_to(library.municipality)

    def clean(self):
        data = super().clean()
        if data.get("new_partner_name") and not data.get("new_partner_kind"):
            self.add_error("new_partner_kind", _("Choose the kind of partner."))
        return data


def _member_label(user) -> str:
    return f"{user.name} ({user.email})" if user.name else user.email


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ThemeMaterial.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    file = forms.FileField(label=_("File (PDF or image)"), required=False)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=300,
        required=False,
        help_text=_("For an image: what it shows, for those who cannot see it."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=ThemeMaterial.Visibility.choices
    )

    def clean(self):
        data = super().clean()
        kind, file = data.get("kind"), data.get("file")
        try:
            if kind == ThemeMaterial.Kind.PDF and file:
                data["file"] = validate_pdf(file, settings.THEME_MATERIAL_MAX_BYTES)
            elif kind == ThemeMaterial.Kind.IMAGE and file:
                data["file"] = validate_image(file, settings.THEME_MATERIAL_MAX_BYTES)
        except ValidationError as error:
            self.add_error("file", error)
        return data


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, lists and links."),
    )


class ReportForm(forms.Form):
    activities = forms.CharField(label=_("Activities held"), max_length=5000, widget=TEXTAREA)
    participants = forms.IntegerField(
        label=_("Participants"), min_value=0, help_text=_("An approximate number is fine.")
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners you worked with"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("SDGs the activities worked with"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_worked = forms.CharField(
        label=_("What worked"), max_length=2000, required=False, widget=TEXTAREA
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.available_to(library.municipality)
