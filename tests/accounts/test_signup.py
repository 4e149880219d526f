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


def test_a_taken_address_looks_like_any_sign_up_and_the_owner_is_told(client, mailoutbox):
    """Issue 12 reverses the earlier "this address is taken" message: sign-up must not
    reveal whether an address has an account (ACCOUNT_PREVENT_ENUMERATION)."""
    factories.UserFactory(email="taken@example.org")
    taken = _signup(client, email="taken@example.org", name="Tove Taget")
    fresh = _signup(client, email="fresh@example.org", name="Frida Frisk")
    assert taken.status_code == fresh.status_code == 302
    assert taken.headers["Location"] == fresh.headers["Location"]
    assert any(m.to == ["taken@example.org"] for m in mailoutbox), "the owner is told"


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
