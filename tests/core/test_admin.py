import pytest

pytestmark = pytest.mark.django_db


def test_coordinators_edit_programme_texts_in_the_admin(login, coordinator):
    client = login(coordinator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/programmetext/").status_code == 200


def test_staff_of_a_library_do_not_get_into_the_admin(login, staff):
    response = login(staff).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_operator_can_open_every_admin_list(login, operator, library, lead):
    from django.contrib import admin

    from tests import factories

    factories.CertificationFactory(library=library)
    factories.ExampleFactory(library=library)
    client = login(operator)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url


def _issuer_form(**changes):
    data = {
        "title_da": "Chora 2030",
        "body_da": "Verdensmålscertificering af biblioteker",
        "title_en": "Chora 2030",
        "body_en": "The SDG certification of libraries",
    }
    data.update(changes)
    return data


def test_coordinators_upload_the_issuers_logo_and_only_an_image_is_taken(
    login, coordinator, tmp_path, settings
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from core.models import ProgrammeText

    settings.MEDIA_ROOT = tmp_path
    issuer = ProgrammeText.objects.get(key=ProgrammeText.Key.ISSUER)
    url = f"/admin/core/programmetext/{issuer.pk}/change/"
    client = login(coordinator)
    assert 'name="logo"' in client.get(url).content.decode()
    not_an_image = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    response = client.post(url, _issuer_form(logo=not_an_image))
    assert response.status_code == 200  # the form again, with the error
    issuer.refresh_from_db()
    assert not issuer.logo
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#00446e").save(buffer, format="PNG")
    logo = SimpleUploadedFile("chora.png", buffer.getvalue(), "image/png")
    assert client.post(url, _issuer_form(logo=logo)).status_code == 302
    issuer.refresh_from_db()
    assert issuer.logo.name.startswith("programme/") and issuer.logo.name.endswith(".png")


def test_only_the_issuer_text_has_a_logo_field(login, coordinator):
    from core.models import ProgrammeText

    intro = ProgrammeText.objects.get(key=ProgrammeText.Key.INTRO)
    html = login(coordinator).get(f"/admin/core/programmetext/{intro.pk}/change/").content
    assert b'name="logo"' not in html
