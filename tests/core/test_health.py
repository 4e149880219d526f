import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_it_answers_200_when_the_database_answers(client, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": True}
    assert set(body["renders"]) == {"waiting", "oldest_waiting_seconds"}


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = None

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr("core.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False


@pytest.mark.django_db
def test_it_answers_503_when_a_configured_broker_does_not(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] is False


@pytest.mark.django_db
def test_it_answers_200_when_a_configured_broker_answers(client, settings):
    import os

    settings.CELERY_BROKER_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True}


@pytest.mark.django_db
def test_it_reports_how_long_the_oldest_due_render_has_waited(client, settings, library):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from core.models import DocumentState
    from tests import factories

    settings.CELERY_BROKER_URL = None
    now = timezone.now()
    for kind in ("catalogue", "programme"):  # both rendered after their last change
        DocumentState.objects.create(kind=kind, changed_at=now, rendered_at=now)
    assert client.get("/healthz").json()["renders"] == {
        "waiting": 0,
        "oldest_waiting_seconds": None,
    }

    plan = factories.ActionPlanFactory(library=library)
    factories.PlanVersionFactory(plan=plan, submitted_at=now - datetime.timedelta(seconds=90))
    done = factories.PlanVersionFactory(
        plan=plan, number=2, submitted_at=now - datetime.timedelta(hours=5)
    )
    done.pdf.save("v.pdf", ContentFile(b"%PDF"))
    DocumentState.objects.filter(kind="catalogue").update(
        changed_at=now - datetime.timedelta(seconds=30)
    )
    DocumentState.objects.filter(kind="catalogue").update(
        rendered_at=now - datetime.timedelta(seconds=60)
    )
    renders = client.get("/healthz").json()["renders"]
    assert renders["waiting"] == 2  # the version without its PDF, the out-of-date catalogue
    assert 90 <= renders["oldest_waiting_seconds"] < 150

    factories.CertificationFactory(library=library, plan=plan)  # no certificate yet
    from certification.models import Certification

    Certification.objects.update(created_at=now - datetime.timedelta(hours=1))
    renders = client.get("/healthz").json()["renders"]
    assert renders["waiting"] == 3
    assert 3600 <= renders["oldest_waiting_seconds"] < 3700


@pytest.mark.django_db
def test_it_takes_the_same_queries_however_many_renders_wait(
    client, settings, library, django_assert_num_queries
):
    from tests import factories

    settings.CELERY_BROKER_URL = None
    plan = factories.ActionPlanFactory(library=library)
    factories.PlanVersionFactory(plan=plan)
    with django_assert_num_queries(4) as few:
        client.get("/healthz")
    for number in range(2, 7):
        factories.PlanVersionFactory(plan=plan, number=number)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/healthz")
