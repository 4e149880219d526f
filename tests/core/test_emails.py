"""E-mails: subject and text body are plain text (not HTML-escaped); the HTML body is escaped."""

import pytest

from core.emails import render_email
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_does_not_html_escape_the_subject_and_text_body_but_escapes_the_html(library):
    library.name = 'Bøger & "Ord" <b>Bibliotek</b>'
    subject, text, html = render_email("libraries/emails/join_declined", {"library": library}, "da")
    assert 'Bøger & "Ord" <b>Bibliotek</b>' in subject
    assert 'Bøger & "Ord" <b>Bibliotek</b>' in text
    assert "&amp;" not in subject + text
    assert "<b>Bibliotek" not in html and "&lt;b&gt;Bibliotek" in html


def test_it_sends_plain_text_names_intact(library, mailoutbox):
    from core.emails import send_email

    library.name = "Kultur & Viden"
    user = factories.UserFactory(language="en")
    send_email(
        users=[user], template_prefix="libraries/emails/join_declined", context={"library": library}
    )
    assert "Kultur & Viden" in mailoutbox[0].subject
    assert "Kultur & Viden" in mailoutbox[0].body
