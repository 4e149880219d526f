import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def _signup(client, **changes):
    data = {
        "name": "Nanna Ny",
        "email": "nanna@example.org",
        "password1": "et-langt-og-godt-kodeord",
        "password2": "et-langt-og-godt-kodeord",
    }
    data.update(changes)
    return client.post("/accounts/signup/", data)


def test_a_duplicate_email_gets_a_message_and_keeps_what_was_typed(client):
    factories.UserFactory(email="taken@example.org")
    response = _signup(client, email="taken@example.org", name="Tove Taget")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Tove Taget"' in html
    assert 'value="taken@example.org"' in html
    assert 'aria-invalid="true"' in html


def test_a_weak_password_gets_a_message_by_the_field(client):
    response = _signup(client, password1="kort", password2="kort")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_password1_error"' in html
    assert "12 tegn" in html
    assert 'value="Nanna Ny"' in html


def test_a_password_over_128_characters_is_refused(client):
    long_password = "x1-" * 50
    response = _signup(client, password1=long_password, password2=long_password)
    assert response.status_code == 200
    assert 'id="id_password1_error"' in response.content.decode()


def test_sign_up_stores_the_name_and_the_language(client):
    _signup(client)
    from accounts.models import User

    user = User.objects.get(email="nanna@example.org")
    assert user.name == "Nanna Ny"
    assert user.language == "da"
