"""Fixtures for the inspiration tests.

Renders are not run in-process here (they would render a PDF on every approval): the
`queued_renders` list records what was queued instead. Tests marked `worker` use the real
pipeline on Redis.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.tasks import render_document
from tests import factories


@pytest.fixture(autouse=True)
def queued_renders(request, monkeypatch):
    calls = []
    if request.node.get_closest_marker("worker") is None:
        monkeypatch.setattr(
            render_document,
            "apply_async",
            lambda args=(), countdown=None, **kw: calls.append((args[0], countdown)),
        )
    return calls


@pytest.fixture
def pdf_text():
    def _text(data: bytes) -> str:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)

    return _text


def image_upload(name="foto.png", size=(40, 30), image_format="PNG", colour="#3F7E44"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


@pytest.fixture
def make_example(library):
    def _make(**kwargs):
        kwargs.setdefault("library", library)
        return factories.ExampleFactory(**kwargs)

    return _make


@pytest.fixture
def draft_plan(library):
    return factories.ActionPlanFactory(library=library)
