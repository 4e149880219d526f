"""Uploads are checked by content, capped in size and stored under generated names in
MEDIA_ROOT, away from the static files."""

import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import uuid_upload_to, validate_image

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 120, 80)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_it_accepts_a_real_image_and_names_it_by_its_content():
    checked = validate_image(upload("logo.gif", image_bytes("JPEG")), 1024 * 1024)
    assert checked.name == "logo.jpg"


@pytest.mark.parametrize(
    "content",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"<html><script>alert(1)</script></html>",
        b"\x89PNG\r\n\x1a\n" + b"not really a png",
    ],
)
def test_it_refuses_files_that_only_claim_to_be_images(content):
    with pytest.raises(ValidationError):
        validate_image(upload("logo.png", content), 1024 * 1024)


def test_it_refuses_images_in_other_formats():
    with pytest.raises(ValidationError):
        validate_image(upload("logo.gif", image_bytes("GIF"), "image/gif"), 1024 * 1024)


def test_it_caps_the_size():
    content = image_bytes()
    with pytest.raises(ValidationError, match="højst"):
        validate_image(upload("logo.png", content), len(content) - 1)


def test_generated_names_drop_the_uploaders_file_name():
    upload_to = uuid_upload_to("logos")
    name = upload_to(None, "Lene Leders CV ../../etc.PNG")
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", name)
    assert upload_to(None, "x.svg").endswith(".bin")


def test_media_is_stored_outside_the_static_files():
    media = settings.MEDIA_ROOT.resolve()
    for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        static = static.resolve()
        assert not media.is_relative_to(static) and not static.is_relative_to(media)


def test_the_library_logo_upload_is_checked_and_stored_under_a_uuid(login, lead, library):
    client = login(lead)
    form = {"name": "Ballerup Bibliotekerne"}
    bad = upload("logo.png", b"<svg onload=alert(1)>")
    response = client.post(f"/manage/{library.slug}/profile/", {**form, "logo": bad})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    library.refresh_from_db()
    assert not library.logo

    good = upload("mit logo.png", image_bytes())
    response = client.post(f"/manage/{library.slug}/profile/", {**form, "logo": good})
    assert response.status_code == 302
    library.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", library.logo.name)
    assert (settings.MEDIA_ROOT / library.logo.name).exists()
