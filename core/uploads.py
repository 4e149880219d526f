"""Uploaded images: checked by their content (not their name or the browser's word), capped in
size, and stored under a generated name in MEDIA_ROOT (never the static root).

    logo = models.ImageField(upload_to=uuid_upload_to("logos"), blank=True)

    def clean_logo(self):
        return validate_image(self.cleaned_data.get("logo"), settings.LOGO_MAX_BYTES)
"""

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

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
