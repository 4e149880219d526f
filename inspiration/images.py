"""Example images: validated by their content (not their name), resized on upload, and
scaled down further for the catalogue PDF so a render's memory stays bounded."""

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# Checked from the header, before any decoding. A decoded image takes up to 4 bytes a pixel
# (RGBA, CMYK), so 25 megapixels cap one decode at 100 MB of the web process; a 24 MP photo
# from a current phone (5712 x 4284) still fits.
MAX_PIXELS = 25_000_000
WEB_SIZE = (1600, 1600)  # stored images fit in this box
PRINT_SIZE = (700, 500)  # the catalogue PDF uses this smaller copy
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def validate_image(upload) -> str:
    """Check size and content of an uploaded image; return its Pillow format."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s; it may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_BYTES)},
            code="too_big",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read. Use a JPEG, PNG or WebP picture."),
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            _("Use a JPEG, PNG or WebP picture (this one is %(format)s).")
            % {"format": image_format},
            code="format",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The picture has too many pixels."), code="too_many_pixels")
    return image_format


def resized_copy(upload, *, box=WEB_SIZE) -> ContentFile:
    """The upload turned upright, without metadata, fitted into `box`, in its own format."""
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        image = ImageOps.exif_transpose(image)
        image.thumbnail(box, Image.Resampling.LANCZOS)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        options = {"quality": 85, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
        image.save(buffer, format=image_format, **options)
    base = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "image"))[0]
    return ContentFile(buffer.getvalue(), name=f"{base[:60] or 'image'}.{FORMATS[image_format]}")


def print_copy_name(name: str) -> str:
    base = os.path.splitext(name)[0].replace("examples/", "", 1)
    return f"examples/print/{base}.jpg"


def print_copy(name: str) -> str:
    """The storage name of a small JPEG copy of a stored image, made on first use."""
    target = print_copy_name(name)
    if default_storage.exists(target):
        return target
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        image.draft("RGB", PRINT_SIZE)  # JPEG: decode at reduced size, saving memory
        image = image.convert("RGB")
        image.thumbnail(PRINT_SIZE, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80, optimize=True)
    return default_storage.save(target, ContentFile(buffer.getvalue()))
