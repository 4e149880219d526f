"""Every error page speaks the visitor's language in the portal's layout: 400, 403, a refused
form (CSRF), 404, 429 (too many requests) and 500."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from portal.errors import server_error
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db

LAYOUT = ('class="site-header"', 'class="main-nav"', 'class="site-footer"', 'id="main"')


def assert_in_layout(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    for part in LAYOUT:
        assert part in html, part
    assert html.count("<h1") == 1
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "da", "Siden findes ikke"), ("/en", "en", "Page not found")],
)
def test_the_404_page(client, prefix, language, heading):
    response = client.get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_in_layout(html, language)
    assert heading in html


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "da", "Det har du ikke adgang til"), ("/en", "en", "You do not have access to this")],
)
def test_the_403_page(login, staff, prefix, language, heading):
    response = login(staff).get(f"{prefix}/manage/ballerup/profile/")
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html, language)
    assert heading in html


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "da", "Formularen kunne ikke sendes"), ("/en", "en", "The form could not be sent")],
)
def test_a_form_refused_for_its_missing_csrf_token_explains_what_to_do(
    staff, prefix, language, heading
):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, staff)
    response = client.post(f"{prefix}/join/ballerup/", {"message": "hej"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html, language)
    assert heading in html
    assert "CSRF" not in html  # no jargon, and nothing about the reason


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "da", "Forespørgslen kunne ikke forstås"), ("/en", "en", "could not be understood")],
)
def test_the_400_page(client, settings, prefix, language, heading):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get(f"{prefix}/libraries/", HTTP_HOST="not-the-portal.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert_in_layout(html, language)
    assert heading in html


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "da", "For mange forsøg"), ("/en", "en", "Too many requests")],
)
def test_the_429_page_after_too_many_password_resets(
    client, settings, staff, prefix, language, heading
):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/key"}
    path = f"{prefix}/accounts/password/reset/"
    assert client.post(path, {"email": staff.email}).status_code == 302
    response = client.post(path, {"email": staff.email})
    assert response.status_code == 429
    html = response.content.decode()
    assert_in_layout(html, language)
    assert heading in html
    assert settings.CONTACT_EMAIL in html
    cache.clear()


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/libraries/", "da", "Der skete en fejl"), ("/en/libraries/", "en", "Something went wrong")],
)
def test_the_500_page_speaks_the_language_of_the_address_without_a_database(
    path, language, heading, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get(path))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert 'class="site-header"' in html
