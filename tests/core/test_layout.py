import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/libraries/", "/accounts/login/", "/accounts/signup/"])
def test_pages_are_danish_by_default(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="da">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/libraries/", "/en/accounts/login/"])
def test_pages_are_english_under_en(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_every_page_has_a_skip_link_landmarks_and_a_language_switch(client):
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<footer" in html and "<nav" in html
    assert 'href="/en/"' in html
