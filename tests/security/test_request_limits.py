"""Bounded input: request bodies capped with a message on the form (MAX_REQUEST_BYTES), image
decodes capped in pixels, search terms capped in length."""

import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.sessions import sign_in

pytestmark = pytest.mark.django_db


def png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, 200).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_limit_is_one_setting_of_16_mib_by_default():
    assert settings.MAX_REQUEST_BYTES == 16 * 1024 * 1024


def test_an_oversize_body_is_not_read_and_the_form_says_why(client, lead, library, settings):
    settings.MAX_REQUEST_BYTES = 10_000
    sign_in(client, lead)
    form_url = f"/manage/{library.slug}/profile/"
    response = client.post(
        form_url,
        {"name": "Nyt navn", "logo": SimpleUploadedFile("logo.png", b"x" * 20_000)},
        HTTP_REFERER=f"http://testserver{form_url}",
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"http://testserver{form_url}"
    library.refresh_from_db()
    assert library.name != "Nyt navn"
    page = client.get(form_url).content.decode()
    assert "højst fylde 9,8\xa0KB" in page  # the limit, in Danish
    assert "Vælg mindre filer" in page


def test_the_message_is_in_the_visitor_s_language(client, lead, library, settings):
    settings.MAX_REQUEST_BYTES = 10_000
    sign_in(client, lead)
    form_url = f"/en/manage/{library.slug}/profile/"
    response = client.post(form_url, {"name": "x" * 20_000})
    assert response.status_code == 303 and response.headers["Location"] == form_url
    assert "Choose smaller files" in client.get(form_url).content.decode()


def test_a_forged_content_length_is_refused_before_reading(client, lead, library, settings):
    sign_in(client, lead)
    response = client.post(
        f"/manage/{library.slug}/profile/",
        {"name": "Nyt navn"},
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 303


def test_form_fields_over_django_s_limit_get_a_message_not_a_400(client, staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    sign_in(client, staff)
    response = client.post("/join/ballerup/", {"message": "x" * 5_000})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).content.decode()
    assert "for meget tekst" in page


def test_a_body_within_the_limit_is_handled_as_before(client, lead, library):
    sign_in(client, lead)
    response = client.post(f"/manage/{library.slug}/profile/", {"name": "Nyt navn"})
    assert response.status_code == 302
    library.refresh_from_db()
    assert library.name == "Nyt navn"


# --- images ---------------------------------------------------------------------------------


def test_the_image_check_caps_a_decode_at_25_megapixels():
    from core import uploads

    assert uploads.MAX_PIXELS == 25_000_000
    # RGBA or CMYK: 4 bytes a pixel, 100 MB for one decoded image at most.
    assert uploads.MAX_PIXELS * 4 <= 100 * 1024 * 1024


def test_an_image_over_the_pixel_cap_is_refused_before_decoding():
    from core.uploads import validate_image
    from inspiration.images import MAX_BYTES as EXAMPLE_IMAGE_MAX_BYTES

    content = png((5001, 5000))  # 25.005 MP, a few kB compressed
    for max_bytes in (10 * 1024 * 1024, EXAMPLE_IMAGE_MAX_BYTES):
        with pytest.raises(ValidationError):
            validate_image(SimpleUploadedFile("big.png", content), max_bytes)


def test_a_24_megapixel_phone_photo_still_fits():
    from core.uploads import validate_image
    from inspiration.images import MAX_BYTES as EXAMPLE_IMAGE_MAX_BYTES

    photo = validate_image(
        SimpleUploadedFile("photo.png", png((5712, 4284))), EXAMPLE_IMAGE_MAX_BYTES
    )
    assert photo.name == "photo.png"


# --- search terms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "sign_in_as"),
    [("/libraries/", None), ("/inspiration/", None), ("/join/", "staff")],
)
def test_search_terms_are_capped_with_a_message(client, request, path, sign_in_as):
    if sign_in_as:
        sign_in(client, request.getfixturevalue(sign_in_as))
    response = client.get(path, {"q": "x" * 10_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_q_error"' in html and "højst have 100 tegn" in html
    assert 'maxlength="100"' in html
