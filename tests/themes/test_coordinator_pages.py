"""Coordinators create, edit (optimistic locking) and publish themes and fill the toolbox."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import AuditEvent
from tests import factories
from themes import services
from themes.models import Theme, ThemeMaterial

pytestmark = pytest.mark.django_db


def theme_data(**overrides):
    data = {
        "title": "UGE17 2027",
        "slug": "uge17-2027",
        "iso_year": "2027",
        "first_week": "17",
        "signup_deadline": "2027-04-01",
        "commitment": "Mindst ét arrangement.",
        "goals": ["12", "13"],
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "0",
        "days-0-date": "2027-04-26",
        "days-0-title": "Klima og energi",
        "days-1-date": "",
        "days-1-title": "",
    }
    return {**data, **overrides}


def test_a_coordinator_creates_a_draft_from_iso_weeks(login, coordinator):
    concito = factories.PartnerFactory(name="CONCITO")
    response = login(coordinator).post("/themes/new/", theme_data(national_partners=[concito.pk]))
    assert response.status_code == 302
    theme = Theme.objects.get(slug="uge17-2027")
    assert theme.status == Theme.Status.DRAFT
    assert (theme.starts_on, theme.ends_on) == (
        datetime.date(2027, 4, 26),
        datetime.date(2027, 5, 2),
    )
    assert [day.title for day in theme.days.all()] == ["Klima og energi"]
    assert list(theme.national_partners.all()) == [concito]
    assert sorted(goal.number for goal in theme.goals.all()) == [12, 13]


def test_weeks_16_to_20_of_2026_are_vores_natur_s_period(login, coordinator):
    login(coordinator).post(
        "/themes/new/",
        theme_data(slug="vores-natur", iso_year="2026", first_week="16", last_week="20",
                   signup_deadline="2026-03-20", **{"days-TOTAL_FORMS": "0"}),
    )  # fmt: skip
    theme = Theme.objects.get(slug="vores-natur")
    assert (theme.starts_on, theme.ends_on) == (
        datetime.date(2026, 4, 13),
        datetime.date(2026, 5, 17),
    )


def test_a_period_is_required_and_errors_keep_what_was_typed(login, coordinator):
    response = login(coordinator).post(
        "/themes/new/", theme_data(iso_year="", first_week="", title="Mit <tema>")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Angiv perioden som uger eller som datoer." in html
    assert 'value="Mit &lt;tema&gt;"' in html
    assert not Theme.objects.exists()


def test_a_second_editor_does_not_overwrite_the_first(login, coordinator):
    theme = factories.ThemeFactory(slug="uge17-2027", title="UGE17")
    client = login(coordinator)
    data = theme_data(title="Min titel", lock_version=str(theme.lock_version))
    services.update_theme(
        theme=theme, by=coordinator, lock_version=theme.lock_version,
        data={"title": "Den andens titel"},
    )  # fmt: skip
    response = client.post(f"/themes/{theme.slug}/edit/", data)
    assert response.status_code == 200
    assert "En anden har gemt temaet" in response.content.decode()
    theme.refresh_from_db()
    assert theme.title == "Den andens titel"
    # saving again is a deliberate choice, with the saved version's lock
    data["lock_version"] = str(theme.lock_version)
    assert client.post(f"/themes/{theme.slug}/edit/", data).status_code == 302
    theme.refresh_from_db()
    assert theme.title == "Min titel"


def test_publishing_asks_first_and_is_audited(login, coordinator):
    theme = factories.ThemeFactory(status=Theme.Status.DRAFT, published_at=None)
    client = login(coordinator)
    assert client.get(f"/themes/{theme.slug}/publish/").status_code == 200
    theme.refresh_from_db()
    assert theme.status == Theme.Status.DRAFT
    client.post(f"/themes/{theme.slug}/publish/")
    theme.refresh_from_db()
    assert theme.status == Theme.Status.PUBLISHED and theme.published_at
    assert AuditEvent.objects.filter(verb="theme.published").exists()


def png(name="plakat.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "#3F7E44").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_an_image_needs_an_alt_text(login, coordinator, theme):
    client = login(coordinator)
    url = f"/themes/{theme.slug}/materials/"
    response = client.post(url, {"kind": "image", "title": "Plakat", "file": png(),
                                 "visibility": "public"})  # fmt: skip
    assert response.status_code == 200
    assert "Beskriv billedet" in response.content.decode()
    client.post(url, {"kind": "image", "title": "Plakat", "file": png(), "alt_text": "Grøn plakat",
                      "visibility": "public"})  # fmt: skip
    material = ThemeMaterial.objects.get()
    assert material.alt_text == "Grøn plakat" and material.file.name.endswith(".png")


def test_a_pdf_is_checked_by_its_content(login, coordinator, theme):
    client = login(coordinator)
    fake = SimpleUploadedFile("kit.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(f"/themes/{theme.slug}/materials/",
                           {"kind": "pdf", "title": "Kit", "file": fake, "visibility": "public"})  # fmt: skip
    assert "Filen er ikke en PDF" in response.content.decode()
    assert not ThemeMaterial.objects.exists()


def test_a_real_pdf_is_stored_privately_and_served_through_its_getter(login, client, coordinator,
                                                                      theme):  # fmt: skip
    from pypdf import PdfWriter

    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.write(buffer)
    upload = SimpleUploadedFile("kit.pdf", buffer.getvalue(), content_type="application/pdf")
    login(coordinator).post(f"/themes/{theme.slug}/materials/",
                            {"kind": "pdf", "title": "Kit", "file": upload, "visibility": "public"})  # fmt: skip
    material = ThemeMaterial.objects.get()
    assert material.file.name.startswith("theme-materials/") and material.file.name.endswith(".pdf")
    client.logout()
    response = client.get(f"/themes/{theme.slug}/materials/{material.uuid}/")
    assert response.status_code == 200


def test_deleting_material_asks_first(login, coordinator, theme):
    material = factories.ThemeMaterialFactory(theme=theme)
    client = login(coordinator)
    url = f"/themes/{theme.slug}/materials/{material.uuid}/delete/"
    assert client.get(url).status_code == 200
    assert ThemeMaterial.objects.exists()
    client.post(url)
    assert not ThemeMaterial.objects.exists()
