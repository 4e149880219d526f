"""The plan-version PDF is private: stored under a random name outside public media, served
only through the version's access-checked view, and never rendered in a web request."""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from actionplans import services, tasks
from actionplans.models import PlanVersion
from config.celery import app as celery_app
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db


def pdf_url(plan, number=1):
    return f"/plans/{plan.uuid}/versions/{number}/pdf/"


@pytest.fixture
def no_rendering(monkeypatch):
    def refuse(version):
        raise AssertionError("a web request rendered a PDF")

    monkeypatch.setattr(services, "render_version_pdf", refuse)


@pytest.fixture
def queued(monkeypatch):
    """A broker is configured (tasks are not run in-process); record what is queued."""
    calls = []
    monkeypatch.setattr(tasks.render_plan_version_pdf, "delay", calls.append)
    celery_app.conf.task_always_eager = False
    yield calls
    celery_app.conf.task_always_eager = True


@pytest.fixture
def rendered_version(complete_plan, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.submit_plan(plan=complete_plan, by=lead)
    version.refresh_from_db()
    return version


def test_the_worker_stores_it_privately_under_a_random_name(rendered_version, settings):
    name = rendered_version.pdf.name
    assert re.fullmatch(r"plan-versions/[0-9a-f]{32}\.pdf", name)
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes().startswith(b"%PDF")
    assert not (settings.MEDIA_ROOT / name).exists()
    assert not default_storage.exists(name)
    with pytest.raises(ValueError, match="private file"):
        rendered_version.pdf.url  # noqa: B018 - nothing may link to it directly


def test_the_development_media_server_does_not_serve_it(client, rendered_version, settings):
    assert settings.SERVE_MEDIA
    assert client.get(f"/media/{rendered_version.pdf.name}").status_code == 404


def test_members_and_coordinators_get_it_and_outsiders_do_not(
    client, rendered_version, complete_plan, lead, staff, coordinator, outsider
):
    content = (rendered_version.pdf.storage.path(rendered_version.pdf.name), None)
    expected = open(content[0], "rb").read()  # noqa: SIM115
    for user in (lead, staff, coordinator):
        sign_in(client, user)
        response = client.get(pdf_url(complete_plan))
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == expected
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-cache"
        assert response["Content-Disposition"] == (
            f'inline; filename="{services.version_filename(rendered_version)}"'
        )
    sign_in(client, outsider)
    assert client.get(pdf_url(complete_plan)).status_code == 404
    client.logout()
    # No login redirect either: that would tell an anonymous visitor the file exists.
    assert client.get(pdf_url(complete_plan)).status_code == 404


def test_a_repeated_download_is_answered_with_304(client, rendered_version, complete_plan, lead):
    sign_in(client, lead)
    etag = client.get(pdf_url(complete_plan))["ETag"]
    assert client.get(pdf_url(complete_plan), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_behind_the_proxy_nginx_sends_the_bytes(
    client, rendered_version, complete_plan, lead, settings
):
    settings.PRIVATE_MEDIA_SERVING = "x-accel"
    sign_in(client, lead)
    response = client.get(pdf_url(complete_plan))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{rendered_version.pdf.name}"
    assert response.content == b""


def test_until_the_worker_has_stored_it_the_page_says_so_and_queues_it_once(
    client, complete_plan, lead, no_rendering, queued
):
    version = services.submit_plan(plan=complete_plan, by=lead)  # its on-commit task is lost
    sign_in(client, lead)
    response = client.get(pdf_url(complete_plan))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Dokumentet bliver lavet" in html and '<main id="main"' in html
    assert queued == [version.pk]
    client.get(pdf_url(complete_plan))
    assert queued == [version.pk]  # not again while the first is on its way


def test_without_a_broker_the_page_still_never_renders(client, complete_plan, lead, no_rendering):
    services.submit_plan(plan=complete_plan, by=lead)
    sign_in(client, lead)
    assert client.get(pdf_url(complete_plan)).status_code == 503
    assert not PlanVersion.objects.get(plan=complete_plan).pdf


def test_outsiders_get_404_before_anything_is_queued(
    client, complete_plan, lead, outsider, no_rendering, queued
):
    services.submit_plan(plan=complete_plan, by=lead)
    sign_in(client, outsider)
    assert client.get(pdf_url(complete_plan)).status_code == 404
    assert queued == []


def test_the_migration_moves_existing_public_pdfs_to_private_storage(
    library, settings, django_capture_on_commit_callbacks
):
    from django.apps import apps

    from tests import factories

    migration = importlib.import_module("actionplans.migrations.0005_private_plan_version_pdfs")
    plan = factories.ActionPlanFactory(library=library)
    old_name = default_storage.save(
        "plan-versions/handleplan-ballerup-2026-2028-v1.pdf", ContentFile(b"%PDF-1.7 v1")
    )
    moved = factories.PlanVersionFactory(plan=plan, pdf=old_name)
    lost = factories.PlanVersionFactory(plan=plan, number=2, pdf="plan-versions/gone.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        migration.to_private(apps, None)
    moved.refresh_from_db()
    lost.refresh_from_db()
    assert re.fullmatch(r"plan-versions/[0-9a-f]{32}\.pdf", moved.pdf.name)
    assert (settings.PRIVATE_MEDIA_ROOT / moved.pdf.name).read_bytes() == b"%PDF-1.7 v1"
    assert not default_storage.exists(old_name)  # no longer at its public, guessable address
    assert lost.pdf.name == "" and lost.pdf_generated_at is None  # the worker renders it again


def test_the_admin_shows_a_version_without_linking_its_private_pdf(
    login, operator, rendered_version
):
    response = login(operator).get(f"/admin/actionplans/planversion/{rendered_version.pk}/change/")
    assert response.status_code == 200
    assert rendered_version.pdf.name not in response.content.decode()
