"""The portal's typeface, from Debian's packages (the Makefile's SYSTEM_PACKAGES installs them).

The PDFs name it in their CSS ("Open Sans", found by WeasyPrint through fontconfig). Pillow has
no fontconfig, so pictures drawn in Python find the files by path here: its built-in font has
no æ, ø or å (they came out as boxes). Each style lists fallbacks in order, so a machine
without Open Sans still draws Danish letters with DejaVu or Liberation.
"""

import logging
from functools import cache
from pathlib import Path

logger = logging.getLogger(__name__)

FONT_FAMILY = "Open Sans"

DEBIAN_FONTS = Path("/usr/share/fonts")
FONT_FILES = {
    "regular": (
        "truetype/open-sans/OpenSans-Regular.ttf",
        "truetype/dejavu/DejaVuSans.ttf",
        "truetype/liberation2/LiberationSans-Regular.ttf",
        "truetype/liberation/LiberationSans-Regular.ttf",
    ),
    "bold": (
        "truetype/open-sans/OpenSans-Bold.ttf",
        "truetype/dejavu/DejaVuSans-Bold.ttf",
        "truetype/liberation2/LiberationSans-Bold.ttf",
        "truetype/liberation/LiberationSans-Bold.ttf",
    ),
}


@cache
def font_file(style: str = "regular") -> Path | None:
    """The first installed file for `style` ("regular" or "bold"), or None."""
    for relative in FONT_FILES[style]:
        path = DEBIAN_FONTS / relative
        if path.is_file():
            return path
    logger.warning(
        "None of the fonts for %r is installed (%s); run `make install`.",
        style,
        ", ".join(FONT_FILES[style]),
    )
    return None


def pillow_font(size: int, style: str = "regular"):
    """A Pillow font of `size` pixels that has the Danish letters (the built-in one as a last
    resort, so a picture is still drawn)."""
    from PIL import ImageFont

    path = font_file(style)
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)
