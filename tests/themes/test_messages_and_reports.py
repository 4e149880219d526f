"""Coordinators' messages to the contact persons, the after-the-week reports and reminders."""

import pytest
from django.core import mail

from core.models import AuditEvent
from tests import factories
from themes import services
from themes.models import ThemeMessage, ThemeReport

pytestmark = pytest.mark.django_db


def test_a_message_goes_to_each_contact_person_once_and_stays_on_the_page(
    login, client, theme, library, other_library, lead, staff, outsider, coordinator,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    factories.ThemeSignupFactory(theme=theme, library=library, contact=lead, second_contact=staff)
    factories.ThemeSignupFactory(theme=theme, library=other_library, contact=outsider)
    withdrawn = factories.ThemeSignupFactory(theme=theme)
    withdrawn.withdrawn_at = withdrawn.signed_up_at
    withdrawn.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(
            f"/themes/{theme.slug}/message/",
            {"subject": "Plakaterne er klar", "body": "Hent dem i **værktøjskassen**."},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, staff.email, outsider.email])
    assert all("Plakaterne er klar" in m.subject for m in mail.outbox)
    assert "Hent dem i" in mail.outbox[0].body
    assert ThemeMessage.objects.get().recipient_count == 3
    assert AuditEvent.objects.filter(verb="theme.message_posted").count() == 1
    # kept on the theme's page for the signed-up libraries, not for the public
    assert "Plakaterne er klar" in login(staff).get(theme.get_absolute_url()).content.decode()
    client.logout()
    assert "Plakaterne er klar" not in client.get(theme.get_absolute_url()).content.decode()


def test_only_coordinators_write_to_the_contact_persons(login, theme, lead):
    assert (
        login(lead)
        .post(f"/themes/{theme.slug}/message/", {"subject": "x", "body": "y"})
        .status_code
        == 404
    )
    assert not ThemeMessage.objects.exists()


def test_a_signed_up_library_reports_once_and_may_change_it(login, closed_theme, library, lead):
    signup = factories.ThemeSignupFactory(theme=closed_theme, library=library, contact=lead)
    url = f"/themes/{closed_theme.slug}/report/{library.slug}/"
    client = login(lead)
    assert client.get(url).status_code == 200
    response = client.post(url, {"activities": "Naturvandring", "participants": "35",
                                 "what_worked": "Vandringen", "goals": ["15"]})  # fmt: skip
    assert response.status_code == 302
    client.post(url, {"activities": "Naturvandring og frøbytte", "participants": "50"})
    report = ThemeReport.objects.get(signup=signup)
    assert (report.participants, report.activities) == (50, "Naturvandring og frøbytte")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"theme.report_submitted", "theme.report_changed"} <= verbs


def test_no_report_before_the_theme_starts(login, theme, library, lead):
    factories.ThemeSignupFactory(theme=theme, library=library, contact=lead)
    assert login(lead).get(f"/themes/{theme.slug}/report/{library.slug}/").status_code == 403


def test_coordinators_see_who_has_not_reported_and_remind_them(
    login, closed_theme, library, other_library, lead, outsider, coordinator,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    reported = factories.ThemeSignupFactory(theme=closed_theme, library=library, contact=lead)
    factories.ThemeReportFactory(signup=reported)
    factories.ThemeSignupFactory(theme=closed_theme, library=other_library, contact=outsider)
    client = login(coordinator)
    html = client.get(f"/themes/{closed_theme.slug}/reports/").content.decode()
    missing_part = html.split("Ikke afrapporteret endnu")[1]
    assert other_library.display_name in missing_part
    assert library.display_name not in missing_part
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/themes/{closed_theme.slug}/reports/remind/")
    assert [m.to[0] for m in mail.outbox] == [outsider.email]
    assert "Vores natur" in mail.outbox[0].subject


def test_the_reminder_function_sends_nothing_when_all_have_reported(closed_theme, library, lead):
    signup = factories.ThemeSignupFactory(theme=closed_theme, library=library, contact=lead)
    factories.ThemeReportFactory(signup=signup)
    assert services.send_report_reminders(closed_theme.pk) == 0


def test_the_dashboard_points_to_open_themes_and_due_reports(
    login, theme, closed_theme, library, lead, django_assert_num_queries
):
    from themes.dashboard import panel

    membership = lead.memberships.get(library=library)
    factories.ThemeSignupFactory(theme=closed_theme, library=library, contact=lead)
    with django_assert_num_queries(2):
        data = panel(user=lead, memberships=[membership])
    assert data["open_themes"] == [theme]
    assert [s.theme for s in data["reports_due"]] == [closed_theme]
    html = login(lead).get("/dashboard/").content.decode()
    assert theme.get_absolute_url() in html
    assert f"/themes/{closed_theme.slug}/report/{library.slug}/" in html
