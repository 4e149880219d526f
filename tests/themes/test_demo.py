"""seed_demo's themes: a published UGE17 for the coming year and the past "Vores natur" with
reports; running it again adds nothing."""

import datetime

import pytest
from django.core.management import call_command

from partners.models import Partner
from themes.models import Theme, ThemeMaterial, ThemeReport, ThemeSignup

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count() for model in (Theme, ThemeSignup, ThemeReport, ThemeMaterial, Partner)
    )


def test_the_demo_has_uge17_and_vores_natur_and_is_idempotent(
    client, queued_renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--examples", "0", "--allow-without-debug", verbosity=0)
    uge17 = Theme.objects.get(slug__startswith="uge17-")
    assert uge17.status == Theme.Status.PUBLISHED
    assert uge17.starts_on == datetime.date.fromisocalendar(uge17.starts_on.year, 17, 1)
    assert uge17.starts_on > datetime.date.today()
    assert uge17.days.count() == 7
    assert {p.name for p in uge17.national_partners.all()} == {
        "CONCITO", "DR", "DeltagerDanmark", "Grønne Nabofællesskaber",
    }  # fmt: skip
    assert set(uge17.materials.values_list("kind", flat=True)) == {"pdf", "image", "link"}
    assert uge17.signups.count() >= 10
    natur = Theme.objects.get(slug="vores-natur")
    assert (natur.number, natur.starts_on, natur.ends_on) == (
        11, datetime.date(2026, 4, 13), datetime.date(2026, 5, 17),
    )  # fmt: skip
    assert ThemeReport.objects.filter(signup__theme=natur).count() >= 8
    assert ("theme_impact", "vores-natur") in queued_renders
    before = counts()
    call_command("seed_demo", "--examples", "0", "--allow-without-debug", verbosity=0)
    assert counts() == before

    assert client.get("/themes/").status_code == 200
    html = client.get(uge17.get_absolute_url()).content.decode()
    assert "Ballerup" in html and "CONCITO" in html
    figures = client.get("/themes/vores-natur/impact.json").json()
    assert figures["totals"]["participants"] > 0 and figures["quotes"]
