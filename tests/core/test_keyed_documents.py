"""Keyed documents (one file per key, e.g. a theme's impact report or a reader's selection) and
pruning: a document keeps only the file it serves, and a keyed kind a bounded number of keys."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from core import documents
from core.documents import RenderJob
from core.models import DocumentState, PublishedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch):
    """Rendering turns the template's context into bytes at once (WeasyPrint is slow)."""

    def render_pdf(template_name, context):
        return f"%PDF-1.7 {context['text']}".encode()

    monkeypatch.setattr("core.pdf.render_pdf", render_pdf)


@pytest.fixture
def report_kind(fake_pdf):
    texts = {}

    def build(key):
        return RenderJob("unused.html", {"text": texts[key]}, item_count=1, filename=f"{key}.pdf")

    documents.register("test-report", build, keyed=True, max_keys=2)
    yield texts
    documents._kinds.pop("test-report")


def test_each_key_has_its_own_file_and_name(client, report_kind):
    report_kind.update({"uge17-2027": "UGE17", "vores-natur": "Vores natur"})
    first = documents.render_now("test-report", "uge17-2027")
    second = documents.render_now("test-report", "vores-natur")
    assert first.file.name != second.file.name
    assert documents.latest_done("test-report", "vores-natur") == second
    request = type("R", (), {"META": {}, "method": "GET"})()
    response = documents.serve_latest(request, "test-report", "uge17-2027")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 UGE17"
    assert response["Content-Disposition"] == 'inline; filename="uge17-2027.pdf"'


def test_a_change_to_one_key_leaves_the_others_current(
    report_kind, django_capture_on_commit_callbacks
):
    report_kind.update({"a": "A", "b": "B"})
    documents.render_now("test-report", "a")
    documents.render_now("test-report", "b")
    with django_capture_on_commit_callbacks():
        DocumentState.objects.filter(kind="test-report", key="a").update(
            changed_at=timezone.now() + datetime.timedelta(seconds=1)
        )
    assert not documents.is_current("test-report", "a")
    assert documents.is_current("test-report", "b")


def test_a_new_render_deletes_the_file_it_replaces(report_kind, django_capture_on_commit_callbacks):
    report_kind["a"] = "first"
    old = documents.render_now("test-report", "a")
    report_kind["a"] = "second"
    with django_capture_on_commit_callbacks(execute=True):
        new = documents.render_now("test-report", "a")
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(new.file.name)
    assert list(PublishedDocument.objects.filter(kind="test-report")) == [new]


def test_a_keyed_kind_keeps_its_newest_keys_only(report_kind):
    report_kind.update({"a": "A", "b": "B", "c": "C"})
    for key in "abc":
        documents.render_now("test-report", key)
    documents.prune("test-report")
    assert set(PublishedDocument.objects.values_list("key", flat=True)) == {"b", "c"}
    assert not DocumentState.objects.filter(kind="test-report", key="a").exists()


def test_keys_older_than_the_limit_go(report_kind, monkeypatch):
    monkeypatch.setitem(
        documents._kinds,
        "test-report",
        documents.DocumentKind(
            "test-report",
            documents._kinds["test-report"].build,
            keyed=True,
            max_age=datetime.timedelta(days=7),
        ),
    )
    report_kind.update({"a": "A", "b": "B"})
    documents.render_now("test-report", "a")
    documents.render_now("test-report", "b")
    PublishedDocument.objects.filter(key="a").update(
        generated_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert documents.prune("test-report") == 1
    assert list(PublishedDocument.objects.values_list("key", flat=True)) == ["b"]


def test_the_render_task_takes_the_key(report_kind):
    from core.tasks import render_document

    report_kind["a"] = "A"
    document_id = render_document.delay("test-report", "a").get()
    assert PublishedDocument.objects.get(pk=document_id).key == "a"
