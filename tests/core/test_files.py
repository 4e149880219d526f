"""core.files: private storage with no URL, random names, and the three ways of handing a
private file to a user a view has let in."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory

from core.files import PrivateFileSystemStorage, RandomName, private_storage, serve_private


class Holder:
    """Stands in for a model instance's FieldFile: the storage and the stored name."""

    def __init__(self, storage, name):
        self.storage, self.name = storage, name

    def __bool__(self):
        return bool(self.name)


@pytest.fixture
def stored(settings):
    name = private_storage().save("tests/a.pdf", ContentFile(b"%PDF-1.7 private"))
    return Holder(private_storage(), name)


def get(**headers):
    return RequestFactory().get("/x/", headers=headers)


def test_private_files_live_outside_public_media_and_have_no_url(stored, settings):
    assert (settings.PRIVATE_MEDIA_ROOT / stored.name).read_bytes() == b"%PDF-1.7 private"
    assert not default_storage.exists(stored.name)
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no URL"):
        stored.storage.url(stored.name)


def test_the_private_root_follows_the_setting(settings, tmp_path):
    storage = PrivateFileSystemStorage()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    assert storage.location == str(tmp_path / "elsewhere")


def test_random_names_say_nothing_and_keep_the_fields_extension():
    upload_to = RandomName("plan-versions", "pdf")
    names = {upload_to(None, "handleplan-ballerup-2026-v1.exe") for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"plan-versions/[0-9a-f]{32}\.pdf", name) for name in names)


def test_django_streams_the_file_with_private_cache_headers(stored, settings):
    settings.PRIVATE_MEDIA_SERVING = "django"
    response = serve_private(get(), stored, filename="Handleplan v1.pdf", as_attachment=True)
    assert b"".join(response.streaming_content) == b"%PDF-1.7 private"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Handleplan v1.pdf"'
    assert response["Cache-Control"] == "private, no-cache"
    assert response["Content-Length"] == str(len(b"%PDF-1.7 private"))
    again = serve_private(get(if_none_match=response["ETag"]), stored, filename="a.pdf")
    assert again.status_code == 304


def test_a_filename_with_danish_letters_is_sent_safely(stored):
    response = serve_private(get(), stored, filename="handleplan-ærø.pdf")
    assert (
        response["Content-Disposition"] == "inline; filename*=utf-8''handleplan-%C3%A6r%C3%B8.pdf"
    )


def test_behind_the_proxy_only_the_internal_address_leaves_django(stored, settings):
    settings.PRIVATE_MEDIA_SERVING = "x-accel"
    response = serve_private(get(), stored, filename="a.pdf")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{stored.name}"
    assert response.content == b""
    assert response["Content-Disposition"] == 'inline; filename="a.pdf"'
    assert response["Cache-Control"] == "private, no-cache"


def test_on_s3_it_redirects_to_a_short_lived_signed_url(settings):
    settings.PRIVATE_MEDIA_SERVING = "s3"
    settings.PRIVATE_MEDIA_URL_SECONDS = 45
    calls = []

    class SignedURLs:
        def url(self, name, parameters=None, expire=None):
            calls.append((name, parameters, expire))
            return f"https://bucket.example/{name}?X-Amz-Signature=abc"

    response = serve_private(get(), Holder(SignedURLs(), "plan-versions/f.pdf"), filename="a.pdf")
    assert response.status_code == 302
    assert response["Location"] == "https://bucket.example/plan-versions/f.pdf?X-Amz-Signature=abc"
    assert response["Cache-Control"] == "private, no-store"
    assert calls == [
        (
            "plan-versions/f.pdf",
            {
                "ResponseContentDisposition": 'inline; filename="a.pdf"',
                "ResponseContentType": "application/pdf",
                "ResponseCacheControl": "private, no-cache",
            },
            45,
        )
    ]


def test_a_file_missing_from_storage_is_a_404_and_logged(caplog):
    with pytest.raises(Http404):
        serve_private(get(), Holder(private_storage(), "tests/gone.pdf"), filename="a.pdf")
    assert "tests/gone.pdf is missing" in caplog.text


def test_the_serving_mode_must_be_one_of_three(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_choice

    monkeypatch.setenv("PRIVATE_MEDIA_SERVING", "X-Accel")
    assert env_choice("PRIVATE_MEDIA_SERVING", ("django", "x-accel", "s3"), "django") == "x-accel"
    monkeypatch.setenv("PRIVATE_MEDIA_SERVING", "sendfile")
    with pytest.raises(ImproperlyConfigured, match="django, x-accel, s3"):
        env_choice("PRIVATE_MEDIA_SERVING", ("django", "x-accel", "s3"), "django")


def test_private_media_on_s3_need_a_bucket_of_their_own():
    import os
    import subprocess
    import sys

    from tests.processes import ROOT

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PRIVATE_MEDIA_STORAGE": "storages.backends.s3.S3Storage",
        "PRIVATE_MEDIA_SERVING": "s3",
    }
    env.pop("AWS_PRIVATE_STORAGE_BUCKET_NAME", None)
    code = "from django.conf import settings; print(settings.STORAGES['private'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "AWS_PRIVATE_STORAGE_BUCKET_NAME" in result.stderr
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "AWS_PRIVATE_STORAGE_BUCKET_NAME": "portal-private"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'bucket_name': 'portal-private'" in result.stdout
    assert "'default_acl': 'private'" in result.stdout
