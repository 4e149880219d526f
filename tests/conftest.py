"""Fixed users for every test: the lead and a staff member of one library, staff of another
library (the outsider), a coordinator and an operator; and helpers to log them in."""

import datetime
import uuid

import pytest
from django.core.cache import cache
from django.utils import translation

from config.celery import app as celery_app
from tests import factories
from tests.reference_data import reload_reference_data
from tests.sessions import sign_in


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """Every database test starts with the reference data the migrations load.

    Transactional tests (browser journeys, real workers) end with a flush that empties it, and
    a reused test database may come from such a run; this puts it back, committed, before the
    test's own transaction starts (autouse fixtures are set up first).
    """
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if uses_db:
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            reload_reference_data()


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Media in a temporary folder, fast hashing, tasks in-process, Danish, an empty cache.

    Tests that need a real worker use the `celery_worker_on_redis` fixture instead of eager tasks.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    celery_app.conf.task_always_eager = True
    cache.clear()
    translation.activate("da")
    yield
    translation.deactivate()


@pytest.fixture
def library(db):
    from libraries.models import Library

    library = Library.objects.get(slug="ballerup")
    library.participating_since = datetime.date(2026, 1, 15)
    library.save()
    return library


@pytest.fixture
def other_library(db):
    from libraries.models import Library

    library = Library.objects.get(slug="rudersdal")
    library.participating_since = datetime.date(2026, 2, 1)
    library.save()
    return library


@pytest.fixture
def lead(library):
    user = factories.UserFactory(email="lead@ballerup.example.org", name="Lene Leder")
    factories.LeadMembershipFactory(user=user, library=library)
    return user


@pytest.fixture
def staff(library):
    user = factories.UserFactory(email="staff@ballerup.example.org", name="Søren Stab")
    factories.MembershipFactory(user=user, library=library)
    return user


@pytest.fixture
def outsider(other_library):
    user = factories.UserFactory(email="staff@rudersdal.example.org", name="Olga Udenfor")
    factories.LeadMembershipFactory(user=user, library=other_library)
    return user


@pytest.fixture
def coordinator(db):
    return factories.CoordinatorFactory(email="coordinator@example.org", name="Cora Koordinator")


@pytest.fixture
def operator(db):
    return factories.OperatorFactory(email="operator@example.org", name="Otto Operatør")


@pytest.fixture
def login(client):
    """login(user) signs the user in on the test client, as a real login with two-factor
    would (tests.sessions.sign_in), and returns the client."""

    def _login(user):
        return sign_in(client, user)

    return _login


@pytest.fixture
def celery_worker_on_redis(transactional_db, settings):
    """A real Celery worker (a thread in this process) consuming from Redis.

    Needs TEST_REDIS_URL (CI sets it; default redis://127.0.0.1:6379/6). Tests using it must
    use `transactional_db`, since the worker reads the database on its own connection.
    """
    import os

    import redis
    from celery.contrib.testing.worker import start_worker

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not answering at {url}; start it (see README) to run worker tests")
    previous = {
        key: celery_app.conf[key]
        for key in ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    }
    # A queue of its own, so parallel test processes never take each other's tasks.
    queue = f"test-{uuid.uuid4().hex}"
    celery_app.conf.update(
        broker_url=url, result_backend=url, task_always_eager=False, task_default_queue=queue
    )
    settings.CELERY_BROKER_URL = url
    _forget_celery_connections()
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30, queues=[queue]
        ) as worker:
            yield worker
    finally:
        celery_app.conf.update(previous)
        _forget_celery_connections()


def _forget_celery_connections():
    """The app caches its producer pool and result backend on first use; drop them so they
    are built again for the broker now configured."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._local.__dict__.pop("backend", None)
