"""Example images: checked like every upload (core.uploads.validate_image), resized on upload,
and scaled down further for the catalogue PDF so a render's memory stays bounded."""

import io
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from core.uploads import IMAGE_FORMATS

MAX_BYTES = 5 * 1024 * 1024
WEB_SIZE = (1600, 1600)  # stored images fit in this box
PRINT_SIZE = (700, 500)  # the catalogue PDF uses this smaller copy


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
    return ContentFile(
        buffer.getvalue(), name=f"{base[:60] or 'image'}.{IMAGE_FORMATS[image_format]}"
    )


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
