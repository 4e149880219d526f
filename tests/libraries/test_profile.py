import io

import pytest
from PIL import Image

from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#19486A").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "logo.png"
    return buffer


def _form(**changes):
    data = {
        "name": "Ballerup Bibliotekerne",
        "address": "Banegårdspladsen 1",
        "postcode": "2750",
        "city": "Ballerup",
        "website": "https://bib.ballerup.dk",
        "email": "bibliotek@ballerup.dk",
        "phone": "44 77 00 00",
        "description": "Vi arbejder med verdensmålene & bæredygtighed.",
    }
    data.update(changes)
    return data


def test_a_lead_edits_the_public_profile(login, lead, library):
    response = login(lead).post(
        f"/manage/{library.slug}/profile/", _form(logo=_png(), description="Grønne <b>mål</b>")
    )
    assert response.status_code == 302
    library.refresh_from_db()
    assert library.description == "Grønne <b>mål</b>"  # stored as typed
    assert library.logo.name.startswith("logos/")
    assert AuditEvent.objects.filter(verb="library.profile_updated").exists()


def test_staff_may_not_edit_the_profile(login, staff, library):
    assert login(staff).get(f"/manage/{library.slug}/profile/").status_code == 403


def test_a_logo_that_is_not_an_image_is_refused_and_the_rest_kept(login, lead, library):
    fake = io.BytesIO(b"%PDF-1.4 not an image")
    fake.name = "logo.png"
    response = login(lead).post(
        f"/manage/{library.slug}/profile/", _form(logo=fake, city="Skovlunde")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'value="Skovlunde"' in html
    library.refresh_from_db()
    assert library.city == "Ballerup"


def test_a_logo_over_2_mb_is_refused(login, lead, library, settings):
    settings.LOGO_MAX_BYTES = 1000
    response = login(lead).post(f"/manage/{library.slug}/profile/", _form(logo=_png((400, 400))))
    assert response.status_code == 200
    assert "højst" in response.content.decode()


def test_a_bad_postcode_gets_a_message_by_the_field(login, lead, library):
    response = login(lead).post(f"/manage/{library.slug}/profile/", _form(postcode="27"))
    html = response.content.decode()
    assert 'id="id_postcode_error"' in html
    assert 'value="27"' in html
