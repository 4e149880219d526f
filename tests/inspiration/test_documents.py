"""The background-rendered public PDFs: serving, collapsing bursts, failures."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core import documents
from core.models import PublishedDocument
from core.tasks import render_document

pytestmark = pytest.mark.django_db


def stored_document(kind="catalogue", content=b"%PDF-1.7 test", **extra):
    name = default_storage.save(f"documents/{kind}-test.pdf", ContentFile(content))
    return PublishedDocument.objects.create(
        kind=kind,
        status="done",
        file=name,
        content_hash=f"hash-{len(content)}-{extra.pop('tag', 'a')}",
        size=len(content),
        generated_at=extra.pop("generated_at", timezone.now()),
        **extra,
    )


@pytest.fixture
def no_rendering(monkeypatch):
    def refuse(*args):
        raise AssertionError("a web request rendered a PDF")

    monkeypatch.setattr(documents, "write_pdf", refuse)


def test_it_says_the_catalogue_is_being_generated_before_the_first_render(client, no_rendering):
    response = client.get("/inspiration/catalogue.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Dokumentet bliver lavet" in html
    assert '<main id="main"' in html  # in the layout


def test_it_serves_the_newest_finished_file_with_cache_headers(client, no_rendering):
    stored_document(content=b"%PDF old", generated_at=timezone.now() - datetime.timedelta(days=1))
    newest = stored_document(content=b"%PDF-1.7 newest file", tag="b")
    PublishedDocument.objects.create(kind="catalogue", status="failed", error="boom")
    response = client.get("/inspiration/catalogue.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 newest file"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(newest.size)
    assert response["ETag"] == f'"{newest.content_hash}"'
    assert "Last-Modified" in response
    assert "max-age" in response["Cache-Control"]


def test_it_answers_304_to_a_conditional_request(client, no_rendering):
    document = stored_document()
    response = client.get(
        "/inspiration/catalogue.pdf", HTTP_IF_NONE_MATCH=f'"{document.content_hash}"'
    )
    assert response.status_code == 304
    assert response.content == b""
    response = client.get(
        "/inspiration/catalogue.pdf", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert response.status_code == 304


def test_serving_takes_the_same_queries_whatever_the_catalogue_size(
    client, no_rendering, django_assert_num_queries, make_example
):
    stored_document()
    with django_assert_num_queries(1):
        client.get("/inspiration/catalogue.pdf")
    for _ in range(5):
        make_example()
    with django_assert_num_queries(1):
        client.get("/inspiration/catalogue.pdf")


def test_a_burst_of_changes_queues_one_render(queued_renders, django_capture_on_commit_callbacks):
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            documents.request_render("catalogue")
    assert queued_renders == [("catalogue", documents.RENDER_DELAY_SECONDS)]
    # The render clears the marker before reading, so a later change queues a new render.
    documents.clear_pending("catalogue")
    with django_capture_on_commit_callbacks(execute=True):
        documents.request_render("catalogue")
    assert len(queued_renders) == 2


def test_nothing_is_queued_when_the_transaction_rolls_back(queued_renders):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        documents.request_render("catalogue")
        raise RuntimeError
    assert queued_renders == []


def test_rendering_stores_a_content_hash_file_and_is_idempotent(make_example):
    make_example(title="Æblehaven på Ørsted")
    first = documents.render_now("catalogue")
    assert first.status == "done"
    assert first.file.name == f"documents/catalogue-{first.content_hash[:20]}.pdf"
    assert first.item_count == 1
    assert default_storage.open(first.file.name).read(5) == b"%PDF-"
    again = documents.render_now("catalogue")
    assert again.pk == first.pk
    assert PublishedDocument.objects.count() == 1


def test_a_failed_render_is_logged_and_the_previous_file_stays_served(client, monkeypatch, caplog):
    good = stored_document()

    def broken():
        raise ValueError("template exploded")

    monkeypatch.setitem(documents._kinds, "catalogue", documents.DocumentKind("catalogue", broken))
    with pytest.raises(ValueError):
        documents.render_now("catalogue")
    failed = PublishedDocument.objects.get(status="failed")
    assert "template exploded" in failed.error
    assert "Rendering the catalogue PDF failed" in caplog.text
    response = client.get("/inspiration/catalogue.pdf")
    assert response["ETag"] == f'"{good.content_hash}"'
    # In-process (eager) the task never breaks the request that queued it.
    render_document.push_request(is_eager=True, retries=0)
    try:
        assert render_document.run("catalogue") is None
    finally:
        render_document.pop_request()


def test_the_task_retries_with_backoff(monkeypatch):
    from celery.exceptions import Retry

    monkeypatch.setattr(documents, "render_now", lambda kind: (_ for _ in ()).throw(OSError("x")))
    retries = []

    def fake_retry(exc=None, countdown=None):
        retries.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(render_document, "retry", fake_retry)
    render_document.push_request(retries=2, is_eager=False)
    try:
        with pytest.raises(Retry):
            render_document.run("catalogue")
    finally:
        render_document.pop_request()
    assert retries == [120]


def test_the_render_task_is_acknowledged_late():
    assert render_document.acks_late is True
    assert render_document.reject_on_worker_lost is True
    assert render_document.max_retries >= 3


def test_the_fetcher_refuses_files_outside_static_and_media():
    from core.pdf import ProjectFilesFetcher

    fetcher = ProjectFilesFetcher()
    for url in ("https://example.org/x.png", "file:///etc/passwd", "https://pdf.invalid/etc/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
