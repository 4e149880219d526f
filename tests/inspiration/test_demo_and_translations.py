from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from actionplans.models import Area
from inspiration.models import Example, Tag

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_approved_examples_across_areas_and_goals_idempotently(
    queued_renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", examples=30, libraries=5, allow_without_debug=True, verbosity=0)
    approved = Example.objects.filter(status="approved")
    assert approved.count() == 30
    assert set(approved.values_list("area", flat=True)) == set(Area.values)
    assert set(approved.values_list("goals__number", flat=True)) == set(range(1, 18))
    assert Example.objects.exclude(status="approved").exists()
    assert Tag.objects.filter(slug="byttemarked").exists()
    # (other apps' demo data queue their own documents too, e.g. the themes' impact reports)
    assert {"catalogue", "programme"} <= {kind for kind, _delay in queued_renders}
    total = Example.objects.count()
    call_command("seed_demo", examples=30, libraries=5, allow_without_debug=True, verbosity=0)
    assert Example.objects.count() == total


@pytest.mark.parametrize("app", ["inspiration", "core"])
def test_every_danish_string_is_translated(app):
    path = Path(__file__).resolve().parents[2] / app / "locale" / "da" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()
