"""Uploaded images: checked by their content (not their name or the browser's word), capped in
size, and stored under a generated name in MEDIA_ROOT (never the static root).

    logo = models.ImageField(upload_to=uuid_upload_to("logos"), blank=True)

    def clean_logo(self):
        return validate_image(self.cleaned_data.get("logo"), settings.LOGO_MAX_BYTES)

A file chosen in a form that fails validation (on any field of the page) is kept, so the
person does not have to pick it again, or unknowingly lose it: give the file field the
`KeptFileInput` widget and the form the `KeepsUploads` mixin.

    class ProfileForm(KeepsUploads, forms.ModelForm):
        class Meta:
            widgets = {"logo": KeptFileInput(attrs={"accept": "image/png,image/jpeg"})}

When the page is shown again, the widget stores the (valid) upload in private storage under a
random name and renders a hidden field with a signed token for it and a line "Still attached:
<name>"; the next submission without a new file takes the kept one back from the token.
Tokens expire after KEPT_UPLOAD_SECONDS; `delete_stale_kept_uploads` removes old files.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from core.files import PrivateClearableFileInput

# Pillow format -> the extension the stored file gets.
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
# Checked from the header, before any decoding. A decoded image takes up to 4 bytes a pixel
# (RGBA, CMYK), so 25 megapixels cap one decode at 100 MB of the web process; a 24 MP photo
# from a current phone (5712 x 4284) still fits.
MAX_PIXELS = 25_000_000


def validate_image(file, max_bytes: int, *, max_pixels=MAX_PIXELS):
    """Raise ValidationError, with a message for the person who chose the file, unless `file`
    is a PNG, JPEG or WebP image of at most `max_bytes`. The one check for every upload
    (logos, evidence photos, example images).

    Returns the file with its name's extension set from its actual content. A file already
    stored (an unchanged form field) or no file at all is returned as it is.
    """
    if not file or not hasattr(file, "size") or getattr(file, "_committed", False):
        return file
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; it may be at most %(max)s. Please choose a smaller file.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    from PIL import Image

    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Exception:  # Pillow raises many kinds for a file it cannot read
        raise ValidationError(
            _("This file is not an image we can read. Use a JPEG, PNG or WebP picture."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Use a JPEG, PNG or WebP picture (this one is %(format)s).")
            % {"format": image_format},
            code="invalid_image",
        )
    if width * height > max_pixels:
        raise ValidationError(_("The image has too many pixels."), code="image_too_large")
    stem = PurePosixPath(file.name or "upload").stem or "upload"
    file.name = f"{stem}.{IMAGE_FORMATS[image_format]}"
    return file


def validate_pdf(file, max_bytes: int):
    """Raise ValidationError unless `file` is a PDF (by its content: pypdf can read it) of at
    most `max_bytes`. Returns the file named `<stem>.pdf`; a stored file or none is returned
    as it is."""
    if not file or not hasattr(file, "size") or getattr(file, "_committed", False):
        return file
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; it may be at most %(max)s. Please choose a smaller file.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    from pypdf import PdfReader

    try:
        file.seek(0)
        if file.read(5) != b"%PDF-":
            raise ValueError("no PDF header")
        file.seek(0)
        len(PdfReader(file, strict=False).pages)  # reads the page tree
    except Exception:  # pypdf raises many kinds for a file it cannot read
        raise ValidationError(
            _("This file is not a PDF we can read. Please choose a PDF file."),
            code="invalid_pdf",
        ) from None
    finally:
        file.seek(0)
    stem = PurePosixPath(file.name or "upload").stem or "upload"
    file.name = f"{stem}.pdf"
    return file


@deconstructible
class UUIDUploadTo:
    """upload_to callable: `<prefix>/<random uuid>.<ext>`; the uploader's file name is dropped
    (it may hold personal data or path tricks) and only a known image extension is kept."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename).suffix.lower().lstrip(".")
        if extension not in set(IMAGE_FORMATS.values()) | {"jpeg"}:
            extension = "bin"
        return f"{self.prefix}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UUIDUploadTo) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)


def uuid_upload_to(prefix: str) -> UUIDUploadTo:
    """upload_to=uuid_upload_to("logos") stores files as logos/<uuid>.<ext>."""
    return UUIDUploadTo(prefix)


# --- Uploads kept across a form that failed validation --------------------------------------

KEPT_UPLOAD_SECONDS = 24 * 3600
KEPT_UPLOAD_DIRECTORY = "kept-uploads"
_SIGNING_NAMESPACE = "core.uploads.kept"  # the salt of kept-upload tokens


def _kept_storage():
    from core.files import private_storage  # lazily: core.files imports settings-bound storages

    return private_storage()


def keep_upload(upload) -> str:
    """Store `upload` in private storage under a random name; return a signed token for it."""
    extension = PurePosixPath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in set(IMAGE_FORMATS.values()) | {"jpeg"}:
        extension = "bin"
    upload.seek(0)
    stored = _kept_storage().save(
        f"{KEPT_UPLOAD_DIRECTORY}/{uuid.uuid4().hex}.{extension}", ContentFile(upload.read())
    )
    upload.seek(0)
    return signing.dumps(
        {
            "stored": stored,
            "name": PurePosixPath(upload.name or "upload").name[:200],
            "type": getattr(upload, "content_type", "") or "application/octet-stream",
        },
        salt=_SIGNING_NAMESPACE,
        compress=True,
    )


def restore_upload(token: str):
    """The upload a token from keep_upload stands for (as a fresh upload, with `kept_token`
    set), or None when the token is forged, expired or its file is gone."""
    try:
        data = signing.loads(token, salt=_SIGNING_NAMESPACE, max_age=KEPT_UPLOAD_SECONDS)
        stored = data["stored"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not str(stored).startswith(f"{KEPT_UPLOAD_DIRECTORY}/"):
        return None
    storage = _kept_storage()
    try:
        with storage.open(stored, "rb") as kept:
            content = kept.read()
    except OSError:
        return None
    upload = SimpleUploadedFile(data.get("name") or "upload", content, data.get("type"))
    upload.kept_token = token
    return upload


def delete_stale_kept_uploads(*, now=None) -> int:
    """Delete kept uploads older than their tokens can be (forms abandoned after an error)."""
    storage = _kept_storage()
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=KEPT_UPLOAD_SECONDS)
    try:
        _directories, names = storage.listdir(KEPT_UPLOAD_DIRECTORY)
    except (FileNotFoundError, NotImplementedError):
        return 0
    deleted = 0
    for name in names:
        path = f"{KEPT_UPLOAD_DIRECTORY}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            deleted += 1
    return deleted


class KeptFileInput(forms.ClearableFileInput):
    """A file input that keeps a chosen file when the form is shown again after an error (see
    the module's docstring). Only uploads its form found valid are kept (KeepsUploads)."""

    template_name = "core/widgets/kept_file_input.html"
    file_input_template_name = "django/forms/widgets/clearable_file_input.html"
    upload = None  # the valid new upload, set per form instance by KeepsUploads.full_clean

    def kept_name(self, name: str) -> str:
        return f"{name}_kept"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is not None:
            return upload  # a new file, or False: "clear" was ticked
        token = data.get(self.kept_name(name))
        if not token:
            return None
        cache = self.__dict__.setdefault("_restored", {})
        if token not in cache:
            cache[token] = restore_upload(token)
        return cache[token]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        kept = None
        if self.upload is not None:
            # Stored only now, when the page is shown again: a form that succeeds keeps nothing.
            token = getattr(self.upload, "kept_token", None) or keep_upload(self.upload)
            self.upload.kept_token = token
            kept = {"token": token, "name": self.upload.name, "input_name": self.kept_name(name)}
        context["widget"]["kept"] = kept
        context["widget"]["file_input_template_name"] = self.file_input_template_name
        return context


def _is_new_upload(value) -> bool:
    return bool(value) and hasattr(value, "read") and not getattr(value, "_committed", False)


class KeepsUploads:
    """Form mixin: after validation, each KeptFileInput whose field is valid and holds a new
    upload keeps it when the page is shown again. `required_with_file` maps a text field to
    the file field it is required with (an image's description): see require_with_file."""

    required_with_file: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for text_name, file_name in self.required_with_file.items():
            if text_name in self.fields and file_name in self.fields:
                require_with_file(
                    self, text_name, file_name, has_file=self.has_saved_file(file_name)
                )

    def full_clean(self):
        super().full_clean()
        cleaned = getattr(self, "cleaned_data", {})  # absent when cleaning was skipped
        for name, field in self.fields.items():
            if isinstance(field.widget, KeptFileInput):
                value = None if name in self._errors else cleaned.get(name)
                field.widget.upload = value if _is_new_upload(value) else None
        for text_name, file_name in self.required_with_file.items():
            if text_name in self.fields and self.has_new_upload(file_name):
                self.fields[text_name].widget.attrs["required"] = True

    def has_saved_file(self, name: str) -> bool:
        """Whether the object already has a file in this field (override where it is not the
        field's initial value)."""
        return bool(self.get_initial_for_field(self.fields[name], name))

    def has_new_upload(self, name: str) -> bool:
        """Whether the field holds a valid new upload (chosen now or kept from before)."""
        field = self.fields.get(name)
        return self.is_bound and getattr(field and field.widget, "upload", None) is not None


def require_with_file(form, field_name: str, file_field_name: str, *, has_file: bool) -> None:
    """Mark a text field that is required only with a file (an image's description): a visible
    marker in its label (partials/_field.html), `required` while the form holds a file, and
    `data-required-with` so the browser script (portal.js) sets `required` once a file is
    chosen."""
    field = form.fields[field_name]
    field.required_with_file = True
    field.widget.attrs["data-required-with"] = form[file_field_name].auto_id
    if has_file:
        field.widget.attrs["required"] = True


class PrivateKeptFileInput(KeptFileInput):
    """KeptFileInput for a private file: the current file has no URL to link to (the page shows
    it through its own access-checked view)."""

    file_input_template_name = PrivateClearableFileInput.template_name

    def is_initial(self, value):
        return PrivateClearableFileInput.is_initial(self, value)
