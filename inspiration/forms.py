from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.forms import TargetCodesField, check_targets_belong_to_goals
from actionplans.models import Area, Goal
from core.uploads import KeepsUploads, KeptFileInput, validate_image
from inspiration import images as image_tools
from inspiration.models import Example, Tag
from inspiration.services import MAX_IMAGES, ImageChange

PROGRAMME = "programme"


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ExampleForm(forms.ModelForm):
    """Title, text, area, SDGs, tags, partners and contact of an example."""

    library = forms.ChoiceField(label=_("Whose example is it?"), required=True)
    goals = GoalChoiceField(
        label=_("SDGs"),
        queryset=Goal.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose the goals the example works towards."),
    )
    targets = TargetCodesField()
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        max_length=300,
        help_text=_("Separate tags with commas, e.g. byttemarked, genbrug."),
    )
    # The version of the example the editor loaded: saving over a newer one is a conflict.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    partners_text = forms.CharField(
        label=_("Partners"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One partner per line."),
    )

    class Meta:
        model = Example
        fields = [
            "title",
            "summary",
            "what_we_did",
            "what_we_learned",
            "body",
            "area",
            "contact_name",
            "contact_email",
            "show_contact",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "what_we_did": forms.Textarea(attrs={"rows": 8}),
            "what_we_learned": forms.Textarea(attrs={"rows": 5}),
            "body": forms.Textarea(attrs={"rows": 6}),
            "area": forms.RadioSelect,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        labels = {"body": _("More about the example")}
        help_texts = {
            "summary": _("One or two sentences for the catalogue's card (at most 500 characters)."),
            "what_we_did": _(
                "What you did and with whom, step by step. Markdown: **bold**, *italic*, "
                "lists with -, links as [text](https://…)."
            ),
            "what_we_learned": _(
                "What worked, what you would do differently, and advice for the next library."
            ),
            "body": _("Anything else: background, numbers, links (optional)."),
            "show_contact": _("Only then are the name and email shown in the catalogue."),
        }

    field_order = [
        "library",
        "title",
        "summary",
        "what_we_did",
        "what_we_learned",
        "body",
        "area",
        "goals",
        "targets",
        "tags",
        "new_tags",
        "partners_text",
        "contact_name",
        "contact_email",
        "show_contact",
    ]

    def __init__(self, *args, libraries=(), allow_programme=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = Area.choices
        if self.instance.pk:
            del self.fields["library"]
            self.initial.setdefault("partners_text", "\n".join(self.instance.partners or []))
            self.initial.setdefault("lock_version", self.instance.lock_version)
            self.initial.setdefault(
                "targets", ", ".join(target.code for target in self.instance.targets.all())
            )
            # Free-text tags are public only once an approved example uses them, so an editor
            # sees those and the example's own tags, never another draft's.
            self.fields["tags"].queryset = Tag.objects.public_or_of(self.instance)
        else:
            del self.fields["lock_version"]
            self.fields["tags"].queryset = Tag.objects.public()
            choices = [(library.slug, library.display_name) for library in libraries]
            if allow_programme:
                choices.append((PROGRAMME, _("The programme (coordinators)")))
            self.fields["library"].choices = choices
            if len(choices) == 1:
                self.fields["library"].initial = choices[0][0]
                self.fields["library"].widget = forms.HiddenInput()
        self.libraries = {library.slug: library for library in libraries}

    def clean_library(self):
        value = self.cleaned_data["library"]
        return None if value == PROGRAMME else self.libraries[value]

    def clean_new_tags(self):
        names = [n.strip() for n in self.cleaned_data["new_tags"].split(",")]
        names = [n for n in names if n]
        if any(len(n) > 60 for n in names):
            raise forms.ValidationError(_("A tag may be at most 60 characters."))
        return names

    def clean_partners_text(self):
        lines = [line.strip() for line in self.cleaned_data["partners_text"].splitlines()]
        return [line[:200] for line in lines if line]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_contact") and not (
            cleaned.get("contact_name") and cleaned.get("contact_email")
        ):
            self.add_error(
                "show_contact",
                _("Fill in the contact's name and email to show them publicly."),
            )
        check_targets_belong_to_goals(self, cleaned)
        return cleaned

    def saved_values(self, example: Example) -> dict:
        """`example` as this form shows it: the other side of an edit conflict."""
        values = {key: getattr(example, key) for key in self.Meta.fields}
        values["goals"] = [goal.pk for goal in example.goals.all()]
        values["targets"] = ", ".join(target.code for target in example.targets.all())
        values["tags"] = [tag.pk for tag in example.tags.all()]
        values["partners_text"] = "\n".join(example.partners or [])
        return values

    def content(self) -> dict:
        """The example's fields as the services take them."""
        data = self.cleaned_data
        fields = {key: data[key] for key in self.Meta.fields}
        fields["partners"] = data["partners_text"]
        return fields


class ImageForm(KeepsUploads, forms.Form):
    """One of three image slots: upload, describe, or remove."""

    required_with_file = {"alt_text": "image"}

    image = forms.FileField(
        label=_("Picture"),
        required=False,
        widget=KeptFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most 5 MB. It is made smaller on upload."),
    )
    alt_text = forms.CharField(
        label=_("Description of the picture (alt text)"),
        required=False,
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        max_length=300,
        help_text=_("Shown under the picture, e.g. what happened where."),
    )
    credit = forms.CharField(
        label=_("Photo credit"),
        required=False,
        max_length=150,
        help_text=_("Who took the picture. You must have the right to share it."),
    )
    is_main = forms.BooleanField(
        label=_("Main picture (shown on cards and in the printed catalogue)"), required=False
    )
    delete = forms.BooleanField(label=_("Remove this picture"), required=False)

    def __init__(self, *args, existing=None, **kwargs):
        self.existing = existing
        super().__init__(*args, **kwargs)
        if existing is not None:
            self.fields["alt_text"].initial = existing.alt_text
            self.fields["caption"].initial = existing.caption
            self.fields["credit"].initial = existing.credit
            self.fields["is_main"].initial = existing.is_main
            self.fields["image"].label = _("Replace the picture")
        else:
            del self.fields["delete"]

    def has_saved_file(self, name: str) -> bool:
        return self.existing is not None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            validate_image(upload, image_tools.MAX_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_image = bool(cleaned.get("image")) or self.existing is not None
        if cleaned.get("delete"):
            return cleaned
        if has_image and not cleaned.get("alt_text", "").strip():
            self.add_error("alt_text", _("Describe the picture, for people who cannot see it."))
        if not has_image and cleaned.get("alt_text", "").strip() and "image" not in self.errors:
            self.add_error("image", _("Choose a picture for this description."))
        return cleaned

    def change(self) -> ImageChange:
        return ImageChange(
            existing=self.existing,
            upload=self.cleaned_data.get("image") or None,
            alt_text=self.cleaned_data.get("alt_text", ""),
            delete=bool(self.cleaned_data.get("delete")),
            caption=self.cleaned_data.get("caption", ""),
            credit=self.cleaned_data.get("credit", ""),
            is_main=bool(self.cleaned_data.get("is_main")),
        )


def image_forms(example, data=None, files=None) -> list[ImageForm]:
    existing = list(example.images.all()) if example is not None and example.pk else []
    slots = [*existing, *([None] * (MAX_IMAGES - len(existing)))][:MAX_IMAGES]
    return [
        ImageForm(data, files, existing=image, prefix=f"image{index}")
        for index, image in enumerate(slots)
    ]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The library receives this by email and sees it on the example."),
    )


class AdoptForm(forms.Form):
    library = forms.ChoiceField(label=_("Add to the plan of"))

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {plan.library.slug: plan for plan in plans}
        self.fields["library"].choices = [
            (plan.library.slug, plan.library.display_name) for plan in plans
        ]

    def clean_library(self):
        return self.plans[self.cleaned_data["library"]]
