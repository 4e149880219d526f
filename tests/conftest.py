"""Fixed users for every test: the lead and a staff member of one library, staff of another
library (the outsider), a coordinator and an operator; and helpers to log them in."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import translation

from config.celery import app as celery_app
from tests import factories


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Media in a temporary folder, fast hashing, tasks in-process, Danish, an empty cache.

    Tests that need a real worker use the `celery_worker_on_redis` fixture instead of eager tasks.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
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
    """login(user) signs the user in on the test client and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
