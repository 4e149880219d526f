from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Partner


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partner.Kind.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Short description"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def for_partner(cls, partner: Partner, data=None):
        initial = {
            "name": partner.name,
            "kind": partner.kind,
            "website": partner.website,
            "description": partner.description,
        }
        return cls(data, initial=initial)


class PartnerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search partners"), max_length=200, required=False)
