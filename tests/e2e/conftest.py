"""Browser journeys: pytest-playwright driving Debian's Chromium against pytest-django's
live_server (one per xdist worker), with axe-core checking every page a journey visits.

The test code talks to the database while Playwright's sync API runs an event loop in the
same thread; Django would refuse that as "async-unsafe" although nothing runs concurrently.
"""

import os
import shutil

import pytest

from tests.reference_data import reload_reference_data

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium package, never a browser downloaded by Playwright."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed; run `make test-deps` (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Danish UI, a desktop-sized window; the axe helper also checks each page at 320 px.
    return {**browser_context_args, "locale": "da-DK", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def e2e_db(transactional_db):
    """A database the live server thread can see (committed data), with the reference data.

    (Django's serialized rollback does not help here: Playwright's sync API runs the test in a
    greenlet, which gets its own database connection object without the serialized copy.)"""
    reload_reference_data()


@pytest.fixture
def site(live_server, e2e_db, settings):
    """The live server's base URL. Pages are served exactly as in production (CSP on)."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    settings.SITE_URL = live_server.url  # links in e-mails point at the live server
    return live_server.url


@pytest.fixture(autouse=True)
def _fail_fast(page):
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)


@pytest.fixture
def certified_library(library, lead):
    """Ballerup with an approved plan (an initiative in each area), an active certificate and
    an approved example: what a visitor finds on the public pages."""
    from actionplans.models import ActionPlan
    from tests import factories

    plan = factories.ActionPlanFactory(
        library=library, status=ActionPlan.Status.APPROVED, created_by=lead
    )
    for area, title, goals in [
        ("organisation", "Grøn indkøbspolitik", [12]),
        ("operations", "Solceller på taget", [7, 13]),
        ("citizens", "Byttemarked i foyeren", [11, 12]),
    ]:
        factories.InitiativeFactory(plan=plan, area=area, title=title, goals=goals)
    library.certification = factories.CertificationFactory(
        library=library, plan=plan, number="VMC-2026-0042"
    )
    library.example = factories.ExampleFactory(
        library=library,
        title="Byttemarked i foyeren",
        slug="byttemarked-i-foyeren",
        goals=[11, 12],
    )
    return library
