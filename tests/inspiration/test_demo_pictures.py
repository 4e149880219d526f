"""The demo pictures seed_demo draws: Danish letters are real letters, not boxes."""

from PIL import Image, ImageChops, ImageDraw

from core.fonts import font_file, pillow_font
from inspiration.demo import _picture, _wrap

MISSING_GLYPH = "\U000f0000"  # a private-use code point no text font has: drawn as its box


def _drawn(text: str, font) -> bytes:
    image = Image.new("L", (120, 120), 0)
    ImageDraw.Draw(image).text((10, 10), text, fill=255, font=font)
    return image.tobytes()


def test_the_portal_font_is_a_real_file_from_debians_packages():
    for style in ("regular", "bold"):
        path = font_file(style)
        assert path is not None and path.suffix == ".ttf" and path.is_file()


def test_danish_letters_are_drawn_as_letters_not_as_the_missing_glyph_box():
    font = pillow_font(56, "bold")
    box = _drawn(MISSING_GLYPH, font)
    shapes = {letter: _drawn(letter, font) for letter in "æøåÆØÅ"}
    for letter, shape in shapes.items():
        assert shape != box, f"{letter} is drawn as a box"
        assert any(shape), f"{letter} is not drawn at all"
    assert len(set(shapes.values())) == len(shapes)  # six different letters


def test_a_long_title_is_wrapped_onto_two_lines_within_the_white_box():
    font = pillow_font(56, "bold")
    title = "Højtlæsning i naturen for børn, forældre og bedsteforældre i hele kommunen året rundt"
    text = _wrap(title, font, width=1020)
    lines = text.split("\n")
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1020 for line in lines)
    assert _wrap("Byttemarked", font, width=1020) == "Byttemarked"


def test_the_demo_picture_has_the_title_in_dark_letters_on_white(db):
    from actionplans.models import Goal

    picture = _picture(Goal.objects.get(number=12), "Grøn kantine på Ærø")
    with Image.open(picture) as image:
        assert image.size == (1200, 800)
        title_box = image.convert("L").crop((60, 60, 1140, 300))
        white = Image.new("L", title_box.size, 255)
        assert ImageChops.difference(title_box, white).getbbox() is not None  # text drawn
