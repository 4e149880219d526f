"""The shared form partials: an error summary linking to the fields, messages tied to their
fields, aria-invalid, autocomplete on personal fields, and "saved" in the status region."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def test_it_shows_an_error_summary_that_links_to_each_field(client):
    html = client.post("/en/accounts/signup/", {}).content.decode()
    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    assert 'role="alert"' in html and 'tabindex="-1"' in html
    for field_id in ("id_name", "id_email", "id_password1", "id_password2"):
        assert f'href="#{field_id}"' in summary


def test_it_ties_each_message_to_its_field(client):
    html = client.post("/en/accounts/signup/", {"email": "not-an-address"}).content.decode()
    email = _input(html, "email")
    assert 'aria-invalid="true"' in email
    assert 'aria-describedby="id_email_error"' in email
    assert re.search(r'<p class="error-message" id="id_email_error">[^<]+</p>', html)
    assert 'value="not-an-address"' in email, "the form keeps what the user typed"


def test_it_keeps_help_texts_valid_html_so_aria_describedby_finds_them(client):
    # Password help is a <ul>; inside a <p> the browser would end the <p> before the list.
    html = client.get("/en/accounts/signup/").content.decode()
    assert '<div class="help" id="id_password1_help">' in html
    assert 'aria-describedby="id_password1_help"' in _input(html, "password1")


@pytest.mark.parametrize(
    ("path", "field", "token"),
    [
        ("/en/accounts/signup/", "name", "name"),
        ("/en/accounts/signup/", "email", "email"),
        ("/en/accounts/signup/", "password1", "new-password"),
        ("/en/accounts/signup/", "password2", "new-password"),
        ("/en/accounts/login/", "login", "email"),
        ("/en/accounts/login/", "password", "current-password"),
        ("/en/accounts/password/reset/", "email", "email"),
    ],
)
def test_personal_fields_say_what_they_are_for_autofill(client, path, field, token):
    assert f'autocomplete="{token}"' in _input(client.get(path).content.decode(), field)


def test_password_change_fields_have_autocomplete(login, staff):
    html = login(staff).get("/en/accounts/password/change/").content.decode()
    assert 'autocomplete="current-password"' in _input(html, "oldpassword")
    assert 'autocomplete="new-password"' in _input(html, "password1")


def test_the_focus_moves_to_the_error_summary():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "static/js/portal.js").read_text()
    assert "[data-error-summary]" in script and ".focus()" in script


def test_saved_messages_are_announced_in_a_status_region(login, lead, library):
    response = login(lead).post(
        f"/en/manage/{library.slug}/profile/", {"name": "Ballerup Bibliotekerne"}, follow=True
    )
    html = response.content.decode()
    region = html[
        html.index('id="messages"') - 80 : html.index("</div>", html.index('id="messages"'))
    ]
    assert 'role="status"' in region
    assert "has been saved" in region
