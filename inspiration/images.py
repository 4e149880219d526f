"""Example images: checked like every upload (core.uploads.validate_image), resized on upload,
and stored once more in each derived size (web sizes for srcset, a print copy for the catalogue
PDF) when they are saved, so no page or render resizes anything.

All of them live in private storage (core.files.private_storage): an example's images are
public only while the example is (see inspiration.views.example_image)."""

import io
import os

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from core.files import private_storage
from core.uploads import IMAGE_FORMATS

MAX_BYTES = 5 * 1024 * 1024
WEB_SIZE = (1600, 1600)  # stored images fit in this box
# Derived copies, JPEG, by the longest edge in pixels. "print" is what the catalogue PDF uses:
# ~9 cm wide at 280 dpi, small enough that 3,000 of them keep a render's memory bounded.
SIZES = {"w480": 480, "w960": 960, "print": 1000}
WEB_WIDTHS = {"w480": 480, "w960": 960}


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


def size_name(name: str, size: str) -> str:
    """The storage name of one derived size of the stored image `name`."""
    base = os.path.splitext(os.path.basename(name))[0]
    return f"examples/sizes/{base}-{size}.jpg"


def _flattened(image: Image.Image) -> Image.Image:
    """RGB for JPEG; transparent parts become white, as on paper."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def make_sizes(name: str, *, storage=None) -> list[str]:
    """Store every derived size of the stored image `name` (once: existing ones are kept).
    Returns their storage names."""
    storage = storage or private_storage()
    targets = {size: size_name(name, size) for size in SIZES}
    missing = {size: target for size, target in targets.items() if not storage.exists(target)}
    if missing:
        with storage.open(name, "rb") as handle, Image.open(handle) as original:
            original.draft("RGB", WEB_SIZE)  # JPEG: decode at reduced size, saving memory
            source = _flattened(original)
        for size, target in missing.items():
            edge = SIZES[size]
            copy = source.copy()
            copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            copy.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
            storage.save(target, ContentFile(buffer.getvalue()))
    return list(targets.values())


def delete_files(name: str, *, storage=None) -> None:
    """Delete a stored image and all its derived sizes."""
    storage = storage or private_storage()
    for target in (name, *(size_name(name, size) for size in SIZES)):
        storage.delete(target)
