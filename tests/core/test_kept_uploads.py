"""A file chosen in a form that fails validation is kept (issue 16, item 5): stored privately,
referenced by a signed token in a hidden field, shown as still attached, and saved when the
form is sent again without choosing it again. Built once in core.uploads and used by the
library logo, the evidence photo and the example images; an image's description is marked as
required with a picture."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import uploads
from inspiration.models import Example
from tests.inspiration.conftest import image_upload
from tests.inspiration.test_workflow import example_post
from tests.libraries.test_profile import _form as profile_post

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="(?P<name>[\w-]+_kept)" value="(?P<token>[^"]+)"')


def kept_token(html: str) -> tuple[str, str]:
    match = TOKEN.search(html)
    assert match, "no kept upload in the page"
    return match["name"], match["token"]


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def png_bytes():
    return image_upload(size=(8, 8)).read()


@pytest.fixture
def approved_plan(library):
    from actionplans.models import ActionPlan
    from tests import factories
    from tests.actionplans.conftest import add_initiatives

    plan = factories.ActionPlanFactory(
        library=library, status=ActionPlan.Status.APPROVED, period_start=2025, period_end=2027
    )
    add_initiatives(plan)
    return plan


# --- the library logo -------------------------------------------------------------------------


def test_a_logo_chosen_in_a_form_with_an_error_is_kept_and_saved_next_time(login, lead, library):
    client = login(lead)
    url = f"/en/manage/{library.slug}/profile/"
    response = client.post(url, profile_post(postcode="27", logo=image_upload("logo.png")))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Still attached: <strong>logo.png</strong>" in html
    name, token = kept_token(html)
    assert name == "logo_kept"
    library.refresh_from_db()
    assert not library.logo

    response = client.post(url, {**profile_post(), name: token})
    assert response.status_code == 302
    library.refresh_from_db()
    assert library.logo.name.startswith("logos/") and library.logo.name.endswith(".png")


def test_a_file_that_is_not_an_image_is_not_kept(login, lead, library):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", "image/png")
    html = (
        login(lead)
        .post(f"/en/manage/{library.slug}/profile/", profile_post(logo=fake))
        .content.decode()
    )
    assert "Still attached" not in html and "logo_kept" not in html


def test_a_forged_token_is_ignored(login, lead, library):
    response = login(lead).post(
        f"/manage/{library.slug}/profile/", {**profile_post(), "logo_kept": "forged:token"}
    )
    assert response.status_code == 302
    library.refresh_from_db()
    assert not library.logo


def test_a_token_names_only_files_of_the_kept_folder():
    from django.core import signing

    token = signing.dumps(
        {"stored": "evidence/other.png", "name": "x.png"}, salt=uploads._SIGNING_NAMESPACE
    )
    assert uploads.restore_upload(token) is None


def test_a_new_file_replaces_the_kept_one(login, lead, library):
    client = login(lead)
    url = f"/manage/{library.slug}/profile/"
    html = client.post(url, profile_post(postcode="27", logo=image_upload("a.png"))).content
    name, token = kept_token(html.decode())
    client.post(url, {**profile_post(), name: token, "logo": image_upload("b.png", size=(20, 20))})
    library.refresh_from_db()
    assert library.logo.width == 20


# --- the evidence photo -----------------------------------------------------------------------


def test_an_evidence_photo_without_description_is_kept_and_the_description_required(
    login, staff, png_bytes, approved_plan
):
    import time_machine

    from actionplans import services
    from tests.actionplans.test_reports import entry_post

    with time_machine.travel("2026-11-20"):
        report = services.create_report(plan=approved_plan, year=2026, by=staff)
    entry = report.entries.first()
    prefix = f"entry-{entry.pk}"
    client = login(staff)
    data = entry_post(report, **{f"{prefix}-photo": SimpleUploadedFile("foto.png", png_bytes)})
    html = client.post(f"/en/plans/reports/{report.uuid}/", data).content.decode()
    assert "Still attached: <strong>foto.png</strong>" in html
    alt = re.search(rf'<input[^>]*name="{prefix}-photo_alt"[^>]*>', html)[0]
    assert " required" in alt and f'data-required-with="id_{prefix}-photo"' in alt
    name, token = kept_token(html)
    assert name == f"{prefix}-photo_kept"

    data = entry_post(report, **{name: token, f"{prefix}-photo_alt": "Borgere bytter tøj"})
    response = client.post(f"/en/plans/reports/{report.uuid}/", data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.photo.name.startswith("evidence/") and entry.photo_alt == "Borgere bytter tøj"


# --- example images ---------------------------------------------------------------------------


def test_an_example_image_is_kept_when_another_field_fails(login, staff):
    client = login(staff)
    data = {
        **example_post(),
        "title": "",
        "image0-image": image_upload("byttemarked.png"),
        "image0-alt_text": "Borgere ved byttebordet",
    }
    html = client.post("/en/examples/new/", data).content.decode()
    assert "Still attached: <strong>byttemarked.png</strong>" in html
    assert not Example.objects.exists()
    name, token = kept_token(html)
    assert name == "image0-image_kept"

    data = {**example_post(), name: token, "image0-alt_text": "Borgere ved byttebordet"}
    response = client.post("/en/examples/new/", data)
    assert response.status_code == 302
    [image] = Example.objects.get().images.all()
    assert image.alt_text == "Borgere ved byttebordet"


def test_the_description_is_marked_as_required_with_a_picture(login, staff):
    html = login(staff).get("/en/examples/new/").content.decode()
    assert "(required with a picture)" in html
    alt = re.search(r'<input[^>]*name="image0-alt_text"[^>]*>', html)[0]
    assert 'data-required-with="id_image0-image"' in alt
    assert " required" not in alt  # not before a picture is chosen


# --- clean-up -------------------------------------------------------------------------------


def test_stale_kept_files_are_deleted(png_bytes):
    token = uploads.keep_upload(SimpleUploadedFile("x.png", png_bytes, "image/png"))
    assert uploads.delete_stale_kept_uploads() == 0
    later = timezone.now() + datetime.timedelta(seconds=uploads.KEPT_UPLOAD_SECONDS + 60)
    assert uploads.delete_stale_kept_uploads(now=later) == 1
    assert uploads.restore_upload(token) is None


def test_the_clean_up_runs_daily(settings):
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "core.delete_stale_kept_uploads"
    ]
    assert entry["schedule"] == datetime.timedelta(days=1)


def test_the_page_says_still_attached_in_danish(login, lead, library):
    html = (
        login(lead)
        .post(
            f"/manage/{library.slug}/profile/",
            profile_post(postcode="27", logo=image_upload("logo.png")),
        )
        .content.decode()
    )
    assert "Stadig vedhæftet: <strong>logo.png</strong>" in html
