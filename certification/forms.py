from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.models import Decision
from core import review_queue
from libraries.models import Region


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (provider.kind, provider.label) for provider in review_queue.providers()
        ]
        self.fields["region"].choices = [
            ("", _("All regions")),
            *Region.objects.values_list("code", "name"),
        ]


class PlanDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.APPROVED, _("Approve the plan (certifies the library)")),
            (Decision.CHANGES_REQUESTED, _("Ask for changes")),
            (Decision.REJECTED, _("Reject the plan")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment to the library"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you ask for changes (here or on single initiatives) or reject."),
    )
    agreed_requirements = forms.CharField(
        label=_("Individually agreed requirements (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the library's plan page. Leave as it is to keep it unchanged."),
    )

    def __init__(self, *args, initiatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for item in initiatives:
            name = f"item_{item['uuid']}"
            self.fields[name] = forms.CharField(
                label=_("Comment on “%(title)s”") % {"title": item.get("title", "")},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.item_fields.append(name)

    @property
    def item_bound_fields(self):
        return [self[name] for name in self.item_fields]

    def item_comments(self) -> dict:
        return {
            name.removeprefix("item_"): self.cleaned_data[name]
            for name in self.item_fields
            if self.cleaned_data.get(name, "").strip()
        }

    def clean(self):
        cleaned = super().clean()
        decision, comment = cleaned.get("decision"), cleaned.get("comment", "").strip()
        if decision == Decision.REJECTED and not comment:
            self.add_error("comment", _("Give the reason for rejecting the plan."))
        if decision == Decision.CHANGES_REQUESTED and not comment and not self.item_comments():
            self.add_error(
                "comment",
                _("Say which changes you ask for, here or on single initiatives."),
            )
        return cleaned


class ReportDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.APPROVED, _("Accept the report (extends the certification)")),
            (Decision.CHANGES_REQUESTED, _("Ask for changes")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment to the library"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you ask for changes."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == Decision.CHANGES_REQUESTED
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", _("Say which changes you ask for."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking the certification"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The library's members receive this reason by email."),
        error_messages={"required": _("Give the reason for revoking the certification.")},
    )
