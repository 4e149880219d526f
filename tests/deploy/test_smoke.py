"""Production smoke test: gunicorn with production settings behind Debian's nginx running the
repository's deploy/nginx.conf, on loopback with a self-signed certificate (`make smoke`).

It checks what the compose stack promises: HTTPS only, HSTS, compressed and fingerprinted static
files, private files only through Django's access check and nginx's internal location, request
bodies capped by the proxy, and the client address Django sees.
"""

import gzip
import re
import shutil
import sys
import time

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client

from tests import factories
from tests.deploy.stack import start_stack
from tests.processes import children, wait_for

pytestmark = pytest.mark.smoke
# Tests that write rows gunicorn must read commit them (and the table is flushed afterwards).
committed = pytest.mark.django_db(transaction=True)

MAX_BODY = 16 * 1024 * 1024  # settings.MAX_REQUEST_BYTES
PROXY_MAX_BODY = MAX_BODY + 1024 * 1024  # client_max_body_size in deploy/nginx.conf


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    for program in ("nginx", "openssl"):
        if not (shutil.which(program) or shutil.which(program, path="/usr/sbin")):
            pytest.fail(f"The smoke test needs {program}: `make test-deps` installs it")
    started = time.monotonic()
    with children() as start:
        stack = start_stack(start, connection, tmp_path_factory.mktemp("stack"))
        print(f"\nstack ready in {time.monotonic() - started:.1f} s")
        yield stack


@pytest.fixture
def media(stack, settings):
    """This test's files go where nginx and gunicorn look for them."""
    settings.MEDIA_ROOT = stack.media_root
    settings.PRIVATE_MEDIA_ROOT = stack.private_media_root


def session_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def log_lines(child, needle: str) -> list[str]:
    return [line for line in child.output().splitlines() if needle in line]


def test_plain_http_is_redirected_to_https(stack):
    response = stack.request("GET", "/libraries/?region=1084", https=False)
    assert response.status == 301
    assert response.header("Location") == f"{stack.origin}/libraries/?region=1084"


def test_certificate_renewals_can_answer_their_challenge_over_http(stack):
    (stack.acme_root / ".well-known" / "acme-challenge").mkdir(parents=True, exist_ok=True)
    (stack.acme_root / ".well-known" / "acme-challenge" / "token123").write_text("proof")
    response = stack.request("GET", "/.well-known/acme-challenge/token123", https=False)
    assert (response.status, response.body) == (200, b"proof")


def test_https_pages_carry_exactly_one_hsts_header(stack):
    for path in ("/", "/healthz"):
        response = stack.request("GET", path)
        assert response.status == 200, path
        assert response.headers.get_all("Strict-Transport-Security") == [
            "max-age=31536000; includeSubDomains; preload"
        ]


def test_static_files_come_fingerprinted_compressed_and_cached_for_long(stack):
    page = stack.request("GET", "/").body.decode()
    css = re.search(r'href="(/static/css/portal\.([0-9a-f]{12})\.css)"', page)
    assert css, "the page links its stylesheet by a hashed name"
    response = stack.request("GET", css.group(1), headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.header("Content-Encoding") == "gzip"
    assert response.header("Vary") == "Accept-Encoding"
    assert response.header("Content-Type").startswith("text/css")
    assert response.header("Cache-Control") == "max-age=315360000"  # "forever"
    on_disk = (stack.static_root / "css" / f"portal.{css.group(2)}.css").read_bytes()
    assert gzip.decompress(response.body) == on_disk
    assert response.headers.get_all("Strict-Transport-Security")
    plain = stack.request("GET", "/static/css/portal.css")  # a name without a hash
    assert plain.status == 200 and plain.header("Cache-Control") == "max-age=3600"


@committed
def test_a_private_file_reaches_a_member_through_nginx_and_outsiders_get_404(
    stack, media, library, lead, outsider
):
    plan = factories.ActionPlanFactory(library=library, status="submitted")
    version = factories.PlanVersionFactory(plan=plan, snapshot={"library": {"slug": "ballerup"}})
    content = b"%PDF-1.7 " + bytes(range(256)) * 64  # binary, 16 kB
    version.pdf.save("v1.pdf", ContentFile(content))
    path = f"/plans/{plan.uuid}/versions/1/pdf/"

    response = stack.request("GET", path, cookies=session_cookie(lead))
    assert response.status == 200
    assert response.body == content
    assert response.header("Content-Type") == "application/pdf"
    assert response.header("Content-Disposition").startswith("inline; filename=")
    assert response.header("Cache-Control") == "private, no-cache"
    assert response.header("X-Accel-Redirect") is None
    assert response.header("ETag") and response.header("Last-Modified")  # nginx's own
    # Django answered with no body: the bytes came from nginx's internal location.
    wait_for(lambda: log_lines(stack.gunicorn, f'"GET {path} '), timeout=5, what="access log")
    (line,) = log_lines(stack.gunicorn, f'"GET {path} ')
    assert re.search(r'" 200 (0|-) "', line), line

    assert stack.request("GET", path, cookies=session_cookie(outsider)).status == 404
    assert stack.request("GET", path).status == 404  # anonymous too: no login redirect
    # The file has no address of its own, internal or public.
    assert stack.request("GET", f"/_private/{version.pdf.name}").status == 404
    assert stack.request("GET", f"/media/{version.pdf.name}").status == 404


def test_public_media_are_served_by_nginx(stack, media):
    from django.core.files.storage import default_storage

    name = default_storage.save("logos/smoke.png", ContentFile(b"\x89PNG\r\n\x1a\n smoke"))
    response = stack.request("GET", f"/media/{name}")
    assert (response.status, response.body) == (200, b"\x89PNG\r\n\x1a\n smoke")
    assert response.header("Content-Type") == "image/png"


def test_an_oversize_request_body_is_refused_by_the_proxy(stack):
    refused = stack.request(
        "POST", "/accounts/login/?smoke=oversize", body_length=PROXY_MAX_BODY + 1
    )
    assert refused.status == 413
    # The largest legitimate request (three 5 MiB images and text) still reaches Django.
    allowed = stack.request(
        "POST",
        "/accounts/login/?smoke=allowed",
        body=b"x" * (MAX_BODY - 1024),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert allowed.status != 413
    wait_for(lambda: log_lines(stack.gunicorn, "?smoke=allowed "), timeout=5, what="its log line")
    assert not log_lines(stack.gunicorn, "?smoke=oversize ")  # it never reached Django


@committed
def test_django_sees_the_address_the_proxy_saw_not_one_the_client_wrote(
    stack, media, library, lead, outsider
):
    plan = factories.ActionPlanFactory(library=library, status="submitted")
    factories.PlanVersionFactory(plan=plan)
    forged = {"X-Forwarded-For": "203.0.113.9"}
    # A refused access (logged with the client's address) from 127.0.0.3...
    response = stack.request(
        "GET",
        f"/plans/{plan.uuid}/versions/1/pdf/",
        cookies=session_cookie(outsider),
        headers=forged,
        source="127.0.0.3",
    )
    assert response.status == 404
    refused = wait_for(
        lambda: log_lines(stack.gunicorn, f"GET /plans/{plan.uuid}/versions/1/pdf/ ip="),
        timeout=5,
        what="the security log line",
    )
    assert refused[-1].endswith("ip=127.0.0.3 reason=not found or not visible to this user")

    # ...and a failed login from 127.0.0.4, through the form with its CSRF token.
    form = stack.request("GET", "/accounts/login/", source="127.0.0.4")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body.decode()).group(1)
    response = stack.request(
        "POST",
        "/accounts/login/",
        body=f"csrfmiddlewaretoken={token}&login=nobody%40example.org&password=wrong".encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": stack.origin,
            "Referer": f"{stack.origin}/accounts/login/",
            **forged,
        },
        cookies=form.cookies(),
        source="127.0.0.4",
    )
    assert response.status == 200  # the form again, with its error
    failed = wait_for(
        lambda: log_lines(stack.gunicorn, "login failed login='nobody@example.org'"),
        timeout=5,
        what="the failed-login line",
    )
    assert failed[-1].endswith("ip=127.0.0.4")
    assert "203.0.113.9" not in stack.gunicorn.output()


def test_the_compose_healthcheck_of_web_passes(stack):
    """docker-compose.yml's healthcheck command, run against this gunicorn (plain HTTP, no
    proxy headers, the configured host name)."""
    import os
    import subprocess

    import yaml

    from tests.processes import ROOT

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    _cmd, program, *arguments = compose["services"]["web"]["healthcheck"]["test"]
    arguments = [a.replace("127.0.0.1:8000", f"127.0.0.1:{stack.web_port}") for a in arguments]
    program = {"python": sys.executable}[program]
    result = subprocess.run(
        [program, *arguments],
        env={**os.environ, "DJANGO_ALLOWED_HOSTS": "localhost"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
