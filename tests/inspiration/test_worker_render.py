"""A real Celery worker on Redis renders the catalogue after the approving transaction."""

import time

import pytest

from core import documents
from core.models import PublishedDocument
from inspiration import services
from tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def own_queue(worker_id):
    """Under pytest-xdist each process gets its own queue, so a render queued by one test
    process is never consumed by another process's worker (which has another database)."""
    from config.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = f"{previous}-test-{worker_id}"
    for cached in ("default_queue", "queues", "router"):
        app.amqp.__dict__.pop(cached, None)
    yield
    app.conf.task_default_queue = previous
    for cached in ("default_queue", "queues", "router"):
        app.amqp.__dict__.pop(cached, None)


@pytest.fixture(autouse=True)
def reference_data(transactional_db, own_queue):
    """An earlier transactional test may have flushed the data migrations' rows; reload them
    (the loaders are idempotent)."""
    from actionplans import reference_data as sdgs
    from actionplans.models import Goal, Target
    from libraries import reference_data as libraries
    from libraries.models import Library, Municipality, Region

    if not Library.objects.exists():
        libraries.load(Region, Municipality, Library)
    if not Goal.objects.exists():
        sdgs.load(Goal, Target)


def wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def short_delay(monkeypatch):
    monkeypatch.setattr(documents, "RENDER_DELAY_SECONDS", 2)


@pytest.fixture
def render_count(monkeypatch):
    calls = []
    real = documents.write_pdf

    def counting(kind, output, key=""):
        calls.append(kind)
        return real(kind, output, key)

    monkeypatch.setattr(documents, "write_pdf", counting)
    return calls


def test_the_worker_renders_every_approved_example_and_nothing_else(
    celery_worker_on_redis, short_delay, client, pdf_text, coordinator, library
):
    approved = [
        factories.ExampleFactory(library=library, title=title)
        for title in ("Æblehaven på Ørsted bibliotek", "Klimacafé for unge", "Repair café")
    ]
    hidden = [
        factories.ExampleFactory(library=library, title="Hemmelig kladde", status="draft"),
        factories.ExampleFactory(library=library, title="Afvist forslag", status="rejected"),
    ]
    submitted = factories.ExampleFactory(library=library, title="Solceller", status="submitted")
    assert client.get("/inspiration/catalogue.pdf").status_code == 503

    services.approve_example(example=submitted, by=coordinator)  # commits, then queues
    assert wait_for(
        lambda: PublishedDocument.objects.filter(kind="catalogue", status="done").exists()
    )

    response = client.get("/inspiration/catalogue.pdf")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    text = " ".join(pdf_text(data).split())
    for example in [*approved, submitted]:
        assert example.title in text
    for example in hidden:
        assert example.title not in text
    assert "Indhold" in text and "Oversigt over biblioteker" in text

    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith("Inspirationskatalog")
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_twenty_approvals_in_a_minute_cause_one_or_two_renders(
    celery_worker_on_redis, short_delay, render_count, coordinator, library
):
    examples = [
        factories.ExampleFactory(library=library, status="submitted", title=f"Idé nummer {n}")
        for n in range(20)
    ]
    started = time.monotonic()
    for example in examples:
        services.approve_example(example=example, by=coordinator)
    assert time.monotonic() - started < 60

    def finished():
        done = PublishedDocument.objects.filter(kind="catalogue", status="done").first()
        return (
            done is not None
            and done.item_count == 20
            and not documents.render_is_pending("catalogue")
        )

    assert wait_for(finished)
    time.sleep(documents.RENDER_DELAY_SECONDS + 1)  # a late second render would show up here
    assert 1 <= len(render_count) <= 2
