"""No form has an empty action attribute (invalid HTML: leave it out to send to the page
itself). Checked on the pages with forms, for each kind of user."""

import re

import pytest

from tests.sessions import sign_in

pytestmark = pytest.mark.django_db

EMPTY_ACTION = re.compile(r"<form\b[^>]*\baction=(\"\"|'')")

PAGES = {
    None: ["/libraries/", "/en/libraries/", "/inspiration/", "/accounts/login/",
           "/accounts/signup/", "/accounts/password/reset/"],
    "lead": ["/dashboard/", "/manage/ballerup/members/", "/manage/ballerup/profile/",
             "/accounts/profile/", "/accounts/email/", "/accounts/password/change/",
             "/accounts/2fa/", "/accounts/privacy/delete/", "/join/"],
    "coordinator": ["/dashboard/", "/review/", "/review/overview/"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "path"), [(who, path) for who, paths in PAGES.items() for path in paths]
)
def test_no_form_has_an_empty_action(client, request, library, who, path):
    if who:
        sign_in(client, request.getfixturevalue(who))
    response = client.get(path)
    assert response.status_code == 200, path
    assert not EMPTY_ACTION.search(response.content.decode()), path
