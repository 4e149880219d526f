"""The portal's public address: `make run` on another PORT gives QR codes and e-mail links
that point at that port (SITE_URL), unless SITE_URL is set."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is part of the set-up")


def test_make_run_on_another_port_sets_the_site_url_for_that_port():
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8080"], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    commands = [
        line
        for line in result.stdout.splitlines()
        if any(f"manage.py {name}" in line for name in ("migrate", "seed_demo", "runserver"))
    ]
    assert len(commands) == 3
    assert any("runserver 127.0.0.1:8080" in line for line in commands)
    for command in commands:  # migrate, seed_demo (renders certificates) and runserver
        assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8080}" in command, command
