import datetime

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def queued_renders(request, monkeypatch):
    """Renders the services queue, recorded instead of run in-process (worker tests run them)."""
    from core.tasks import render_document

    calls = []
    if request.node.get_closest_marker("worker") is None:
        monkeypatch.setattr(
            render_document,
            "apply_async",
            lambda args=(), countdown=None, **kw: calls.append(tuple(args)),
        )
    return calls


@pytest.fixture
def theme(db):
    """UGE17 2027 (ISO week 17: 26 April to 2 May), published, sign-up open until 1 April."""
    return factories.ThemeFactory(title="UGE17 2027", slug="uge17-2027")


@pytest.fixture
def closed_theme(db):
    """A published theme whose sign-up deadline has passed and that has started."""
    today = datetime.date.today()
    return factories.ThemeFactory(
        title="Vores natur",
        slug="vores-natur",
        number=11,
        starts_on=today - datetime.timedelta(days=14),
        ends_on=today - datetime.timedelta(days=7),
        signup_deadline=today - datetime.timedelta(days=30),
    )
