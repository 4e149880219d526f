"""docker-compose.yml, deploy/nginx.conf, the settings and the README say the same thing."""

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from django.conf import settings

from tests.deploy.stack import PROXY_CONFIG, fill_in, make_certificate, placeholders
from tests.processes import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
NGINX = PROXY_CONFIG.read_text()
README = (ROOT / "README.md").read_text()


def portal_environment() -> dict:
    return SERVICES["web"]["environment"]


def test_the_proxy_gets_a_value_for_every_placeholder_of_its_config():
    environment = SERVICES["proxy"]["environment"]
    assert placeholders(NGINX) <= environment.keys()
    assert re.fullmatch(environment["NGINX_ENVSUBST_FILTER"].lstrip("^") + ".*", "PORTAL_X")
    assert (
        "./deploy/nginx.conf:/etc/nginx/templates/default.conf.template:ro"
        in (SERVICES["proxy"]["volumes"])
    )


def test_the_proxy_caps_request_bodies_just_above_the_settings_limit():
    (size,) = re.findall(r"client_max_body_size (\d+)m;", NGINX)
    assert int(size) * 1024 * 1024 == settings.MAX_REQUEST_BYTES + 1024 * 1024


def test_private_media_are_internal_at_the_address_django_redirects_to():
    location = re.search(r"location (\S+) \{\s*internal;\s*alias \$\{(\w+)\}/;", NGINX)
    assert location.group(1) == settings.PRIVATE_MEDIA_INTERNAL_URL
    assert location.group(2) == "PORTAL_PRIVATE_MEDIA_ROOT"
    proxy = SERVICES["proxy"]["environment"]
    web = portal_environment()
    # The proxy reads the same volume, at the path it is told, that web writes to.
    assert f"private-media:{proxy['PORTAL_PRIVATE_MEDIA_ROOT']}:ro" in SERVICES["proxy"]["volumes"]
    assert f"private-media:{web['PRIVATE_MEDIA_ROOT']}" in SERVICES["web"]["volumes"]
    assert f"media:{proxy['PORTAL_MEDIA_ROOT']}:ro" in SERVICES["proxy"]["volumes"]
    assert f"media:{web['MEDIA_ROOT']}" in SERVICES["web"]["volumes"]


def test_web_is_behind_the_proxy_only_and_trusts_exactly_one_hop():
    web = portal_environment()
    assert "ports" not in SERVICES["web"]
    assert SERVICES["proxy"]["ports"] == ["80:80", "443:443"]
    assert web["DJANGO_TRUSTED_PROXY_HOPS"] == "1"
    assert web["PRIVATE_MEDIA_SERVING"] == "x-accel"
    assert web["DJANGO_SERVE_MEDIA"] == "false"
    assert SERVICES["proxy"]["environment"]["PORTAL_UPSTREAM"] == "web:8000"
    assert "0.0.0.0:8000" in SERVICES["web"]["command"]


def test_the_embedded_default_trusts_no_proxy_header():
    """Without the variable (make run, a bare gunicorn) no X-Forwarded-For is believed."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_TRUSTED_PROXY_HOPS"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.TRUSTED_PROXY_HOPS)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "0"


def test_the_cache_and_the_broker_are_separate_redis_servers_and_the_cache_is_bounded():
    web = portal_environment()
    broker_host = re.match(r"redis://([\w-]+):", web["CELERY_BROKER_URL"]).group(1)
    cache_host = re.match(r"redis://([\w-]+):", web["CACHE_URL"]).group(1)
    assert broker_host != cache_host
    cache_command = SERVICES[cache_host]["command"]
    assert re.search(r"--maxmemory \d+mb", cache_command)
    assert "--maxmemory-policy allkeys-lru" in cache_command
    assert "--maxmemory" not in SERVICES[broker_host]["command"]  # never evict a queued task
    assert "--appendonly yes" in SERVICES[broker_host]["command"]


def test_the_compose_config_is_valid_nginx_configuration(tmp_path):
    """nginx -t on deploy/nginx.conf with compose's values (ports 80/443, HTTPS on 443); only
    the certificate and the upstream's name (which needs compose's DNS) are stand-ins."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:
        pytest.fail("nginx is needed: `make test-deps` installs it")
    values = dict(SERVICES["proxy"]["environment"])
    certificate, key = make_certificate(tmp_path)
    values.update(
        PORTAL_TLS_CERTIFICATE=certificate,
        PORTAL_TLS_CERTIFICATE_KEY=key,
        PORTAL_UPSTREAM="127.0.0.1:8000",
    )
    (tmp_path / "portal.conf").write_text(fill_in(NGINX, values))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/portal.conf; }}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_readme_documents_every_setting_an_operator_sets():
    production = README[README.index("## Production") :]
    for name in ("PORTAL_DOMAIN", "DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "TLS_CERTS_DIR"):
        assert name in production, name
    for name in (
        "DJANGO_TRUSTED_PROXY_HOPS",
        "PRIVATE_MEDIA_SERVING",
        "PRIVATE_MEDIA_ROOT",
        "CELERY_VISIBILITY_TIMEOUT",
        "MAX_REQUEST_BYTES",
    ):
        assert name in README, name
    assert "deploy/nginx.conf" in production
    assert "docker compose up" in production


def test_every_upload_limit_fits_inside_the_request_limit():
    """A theme material of 20 MB passed its own check but no request could carry it."""
    for name in ("THEME_MATERIAL_MAX_BYTES", "LOGO_MAX_BYTES"):
        assert getattr(settings, name) < settings.MAX_REQUEST_BYTES, name
