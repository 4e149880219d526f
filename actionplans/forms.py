import re

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from actionplans.models import Area, Goal, Initiative, Target
from core.uploads import KeepsUploads, PrivateKeptFileInput, validate_image

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def lines(text: str) -> list[str]:
    """One item per line, blank lines and surrounding spaces dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def targets_from_codes(text: str) -> list[Target]:
    """SDG targets written as codes ("12.5, 4.7"), in the order given; unknown codes are an
    error for the field."""
    codes = [code for code in re.split(r"[\s,;]+", text) if code]
    codes = list(dict.fromkeys(code.rstrip(".") for code in codes))
    found = {t.code: t for t in Target.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise forms.ValidationError(
            _("There is no SDG target %(codes)s. Write targets like 12.5 or 4.7.")
            % {"codes": ", ".join(unknown)}
        )
    return [found[code] for code in codes]


class TargetCodesField(forms.CharField):
    """SDG targets typed as codes ("12.5, 4.7"), cleaned to their Target rows, or an error for
    the field naming the unknown codes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("SDG targets (optional)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault(
            "help_text", _("Target numbers separated by commas, for example 12.5, 4.7.")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return targets_from_codes(super().clean(value))


def check_targets_belong_to_goals(form, data: dict) -> None:
    """A target counts only under one of the chosen SDGs: the error goes next to the targets."""
    goals, targets = data.get("goals"), data.get("targets")
    if not targets or goals is None:
        return
    numbers = {goal.number for goal in goals}
    stray = [target.code for target in targets if target.goal_id not in numbers]
    if stray:
        form.add_error(
            "targets",
            _(
                "Target %(codes)s does not belong to a chosen SDG. "
                "Choose its goal too, or remove the target."
            )
            % {"codes": ", ".join(stray)},
        )


class LinesField(forms.CharField):
    """A textarea with one item per line, cleaned to a list of strings."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, max_items=30, max_item_length=300, **kwargs):
        self.max_items = max_items
        self.max_item_length = max_item_length
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def clean(self, value):
        items = lines(super().clean(value))
        if len(items) > self.max_items:
            raise forms.ValidationError(
                _("At most %(max)d lines, please.") % {"max": self.max_items}
            )
        too_long = [item for item in items if len(item) > self.max_item_length]
        if too_long:
            raise forms.ValidationError(
                _("Each line may be at most %(max)d characters.") % {"max": self.max_item_length}
            )
        return items


class LockVersionMixin(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PlanForm(LockVersionMixin):
    period_start = forms.IntegerField(
        label=_("First year"),
        min_value=2020,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    period_end = forms.IntegerField(
        label=_("Last year"),
        min_value=2020,
        max_value=2100,
        required=False,
        help_text=_("Leave empty for a three-year plan."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    vision = forms.CharField(
        label=_("Vision"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences: what the library wants to achieve with the SDGs."),
    )
    principles = LinesField(
        label=_("Principles"),
        max_items=20,
        help_text=_(
            "The library's principles (dogmas), one per line, in order. "
            "For example: “We reuse before we buy”."
        ),
    )
    responsible = forms.CharField(
        label=_("Responsible in management"), required=False, max_length=200
    )
    sdg_coordinator = forms.CharField(label=_("SDG coordinator"), required=False, max_length=200)
    staff_involvement = forms.CharField(
        label=_("Staff involvement"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the staff take part: meetings, workshops, working groups…"),
    )

    def __init__(self, *args, plan_years=3, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].help_text = _("Leave empty for a plan of %(years)d years.") % {
            "years": plan_years
        }
        self.plan_years = plan_years

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is None:
            data["period_end"] = start + self.plan_years - 1
        elif start is not None and end is not None:
            if end < start:
                self.add_error("period_end", _("The last year cannot be before the first year."))
            elif end - start > 9:
                self.add_error("period_end", _("A plan can cover at most ten years."))
        return data

    @staticmethod
    def initial_from(plan) -> dict:
        return {
            "lock_version": plan.lock_version,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "vision": plan.vision,
            "principles": "\n".join(plan.principles),
            "responsible": plan.responsible,
            "sdg_coordinator": plan.sdg_coordinator,
            "staff_involvement": plan.staff_involvement,
        }


class NewPlanForm(PlanForm):
    copy_last_approved = forms.BooleanField(
        label=_("Start as a copy of the last approved plan"), required=False
    )

    def __init__(self, *args, can_copy=False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["lock_version"]
        if not can_copy:
            del self.fields["copy_last_approved"]


class SDGCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """The 17 goals as checkboxes, each labelled with its colour badge, number and name."""

    option_template_name = "actionplans/widgets/sdg_option.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "sdg-picker", **(attrs or {})}, choices=choices)


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class InitiativeForm(LockVersionMixin):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    goals = GoalChoiceField(
        label=_("SDGs"),
        queryset=Goal.objects.order_by("number"),
        required=False,
        widget=SDGCheckboxSelectMultiple,
        help_text=_("Choose the goals the initiative works towards."),
    )
    targets = TargetCodesField()
    years = forms.TypedMultipleChoiceField(
        label=_("Years"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The plan years the initiative runs in."),
    )
    responsible = forms.CharField(label=_("Responsible"), required=False, max_length=200)
    partners = LinesField(
        label=_("Partners"),
        help_text=_("Schools, associations, businesses… one per line."),
        max_item_length=200,
    )
    indicator = forms.CharField(
        label=_("Success indicator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How you will know that it worked, for example “200 visitors a year”."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)

    def __init__(self, *args, plan, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["years"].choices = [(year, str(year)) for year in plan.years]
        if new:
            del self.fields["lock_version"]

    def clean(self):
        data = super().clean()
        check_targets_belong_to_goals(self, data)
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        data["goals"] = list(data["goals"])
        return data

    @staticmethod
    def initial_from(initiative) -> dict:
        return {
            "lock_version": initiative.lock_version,
            "area": initiative.area,
            "title": initiative.title,
            "description": initiative.description,
            "goals": [goal.pk for goal in initiative.goals.all()],
            "targets": ", ".join(t.code for t in initiative.targets.all()),
            "years": list(initiative.years),
            "responsible": initiative.responsible,
            "partners": "\n".join(initiative.partners),
            "indicator": initiative.indicator,
            "status": initiative.status,
        }


def _display(field, value) -> str:
    """A form value as text for the conflict comparison."""
    if value in (None, "", []):
        return ""
    if isinstance(field, forms.ChoiceField | forms.ModelMultipleChoiceField):
        labels = {str(getattr(key, "value", key)): str(label) for key, label in field.choices}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(field, LinesField) and isinstance(value, list | tuple):
        return "\n".join(value)
    return str(value)


def comparison(form, saved: dict) -> list[dict]:
    """The fields where the saved values differ from what the user typed."""
    rows = []
    for bound in form.visible_fields():
        field = bound.field
        saved_text = _display(field, saved.get(bound.name))
        typed = bound.value()
        if isinstance(field, LinesField):
            typed = "\n".join(lines(typed))
        typed_text = _display(field, typed)
        if saved_text.strip() != typed_text.strip():
            rows.append({"label": bound.label, "saved": saved_text, "typed": typed_text})
    return rows


class ReportForm(LockVersionMixin):
    summary = forms.CharField(
        label=_("Summary of the year"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EntryForm(KeepsUploads, forms.Form):
    required_with_file = {"photo_alt": "photo"}

    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    result = forms.CharField(
        label=_("Result"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences on what happened this year."),
    )
    indicator_value = forms.DecimalField(
        label=_("Number against the indicator (optional)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    evidence_links = LinesField(
        label=_("Links (optional)"),
        help_text=_("Web addresses that document the result, one per line."),
        max_items=10,
        max_item_length=500,
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        widget=PrivateKeptFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
    )
    photo_alt = forms.CharField(
        label=_("Photo description"),
        required=False,
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )

    def __init__(self, *args, entry, **kwargs):
        self.entry = entry
        super().__init__(*args, **kwargs)

    def has_saved_file(self, name: str) -> bool:
        return bool(self.entry.photo)

    def clean_evidence_links(self):
        links = self.cleaned_data["evidence_links"]
        validate = URLValidator(schemes=["http", "https"])
        bad = []
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                bad.append(link)
        if bad:
            raise forms.ValidationError(
                _("These are not web addresses (they must start with https://): %(links)s")
                % {"links": ", ".join(bad)}
            )
        return links

    def clean_photo(self):
        # Checked by content (PNG, JPEG or WebP; size and pixels capped), stored under a
        # generated name (core.uploads), like every other upload.
        return validate_image(self.cleaned_data.get("photo"), PHOTO_MAX_BYTES)

    def clean(self):
        data = super().clean()
        photo = data.get("photo")
        has_photo = bool(photo) or (photo is None and bool(self.entry.photo))
        if "photo" in self.errors:
            has_photo = True
        if has_photo and not data.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        return data

    @staticmethod
    def initial_from(entry) -> dict:
        return {
            "status": entry.status,
            "result": entry.result,
            "indicator_value": entry.indicator_value,
            "evidence_links": "\n".join(entry.evidence_links),
            "photo": entry.photo,
            "photo_alt": entry.photo_alt,
        }

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("photo") is None:
            data.pop("photo", None)  # unchanged
        elif data.get("photo") and not hasattr(data["photo"], "content_type"):
            data.pop("photo", None)  # the existing file, unchanged
        return data


class AnswersForm(forms.Form):
    """On resubmitting after changes were asked for: one optional answer per coordinator
    comment (selectors.comments_to_answer), fields `answer_general` and `answer_<uuid>`."""

    def __init__(self, *args, comments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.comments = list(comments)
        for comment in self.comments:
            label = (
                _("Your answer to the general comment")
                if not comment.uuid
                else _("Your answer about “%(title)s”") % {"title": comment.title}
            )
            self.fields[self.field_name(comment)] = forms.CharField(
                label=label,
                help_text=_("The coordinator wrote: “%(comment)s”") % {"comment": comment.comment},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @staticmethod
    def field_name(comment) -> str:
        return f"answer_{comment.uuid}" if comment.uuid else "answer_general"

    def rows(self):
        """(comment, bound field) pairs for the template."""
        return [(comment, self[self.field_name(comment)]) for comment in self.comments]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "answer_comment": data.get("answer_general", ""),
            "item_answers": {
                c.uuid: data.get(self.field_name(c), "") for c in self.comments if c.uuid
            },
        }
