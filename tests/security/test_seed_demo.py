"""seed_demo makes a superuser with a published password and TOTP secret: it runs only in
debug mode, unless an operator says explicitly that they mean it."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", "--examples", "0", "--libraries", "1", verbosity=0)
    assert not User.objects.filter(email="operator@example.org").exists()


def test_it_runs_with_debug_on(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--examples", "0", "--libraries", "1", verbosity=0)
    assert User.objects.get(email="operator@example.org").is_superuser


def test_an_explicit_flag_lets_it_run_with_debug_off(settings):
    settings.DEBUG = False
    call_command(
        "seed_demo", "--examples", "0", "--libraries", "1", "--allow-without-debug", verbosity=0
    )
    assert User.objects.filter(email="operator@example.org").exists()
