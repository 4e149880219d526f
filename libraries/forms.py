from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.uploads import KeepsUploads, KeptFileInput, validate_image
from libraries.models import Library


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the library (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example your job title, so the lead knows who you are."),
    )


class LibrarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by library, town or municipality"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class LibraryProfileForm(KeepsUploads, forms.ModelForm):
    website = forms.URLField(
        label=_("website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    class Meta:
        model = Library
        fields = [
            "name",
            "address",
            "postcode",
            "city",
            "website",
            "email",
            "phone",
            "description",
            "logo",
        ]
        widgets = {
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "logo": KeptFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "name": _("The library's name as the public should see it."),
            "logo": _("PNG, JPEG or WebP, at most 2 MB."),
        }

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and (len(postcode) != 4 or not postcode.isdigit()):
            raise forms.ValidationError(_("A Danish postcode has four digits."))
        return postcode

    def clean_logo(self):
        # Checked by content (not the name or the browser's content type), size capped.
        return validate_image(self.cleaned_data.get("logo"), settings.LOGO_MAX_BYTES)
