"""The accessibility check itself: it must fail on a broken page (missing label, sideways
scrolling at 320 px) and pass on a sound one. No server needed: the pages are set inline."""

import pytest

from tests.e2e.axe import assert_accessible

SOUND = """<!DOCTYPE html><html lang="en"><head><title>Sound</title></head><body>
<main><h1>Sound</h1><label for="q">Search</label><input id="q" name="q"></main></body></html>"""


def test_it_passes_a_sound_page(page):
    page.set_content(SOUND)
    assert_accessible(page, "a sound page")


def test_it_fails_on_an_input_without_a_label(page):
    page.set_content(SOUND.replace('<label for="q">Search</label>', ""))
    with pytest.raises(pytest.fail.Exception, match=r"label.*\n.*\n.*at #q"):
        assert_accessible(page, "a page with an unlabelled input")


def test_it_fails_when_the_page_scrolls_sideways_at_320_px(page):
    page.set_content(SOUND.replace("</main>", "<pre>" + "x" * 200 + "</pre></main>"))
    with pytest.raises(pytest.fail.Exception, match="scrolls sideways"):
        assert_accessible(page, "a page too wide for a phone")
