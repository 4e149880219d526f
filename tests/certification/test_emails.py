import pytest

from actionplans.models import Decision
from certification import services

pytestmark = pytest.mark.django_db


def test_decision_mails_have_text_and_html_in_each_recipients_language(
    submitted_version, coordinator, lead, staff, mailoutbox, django_capture_on_commit_callbacks
):
    staff.language = "en"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_plan_version(
            version=submitted_version, decision=Decision.REJECTED, by=coordinator,
            comment="Planen mangler drift.",
        )  # fmt: skip
    by_recipient = {m.to[0]: m for m in mailoutbox}
    danish, english = by_recipient[lead.email], by_recipient[staff.email]
    assert "blev ikke godkendt" in danish.subject
    assert "was not approved" in english.subject
    for message in (danish, english):
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and "Planen mangler drift." in html
        assert "Planen mangler drift." in message.body
