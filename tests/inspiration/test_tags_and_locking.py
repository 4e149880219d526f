"""Moderation is complete (issue 12.6): a free-text tag is public only once an approved example
uses it, and two people editing one example get the conflict page, not a silent overwrite."""

import pytest

from inspiration.models import Example, Tag
from tests import factories
from tests.inspiration.test_workflow import example_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_with_new_tag(login, staff):
    """A draft whose author typed a new tag (nothing approved uses it)."""
    login(staff).post("/examples/new/", example_post(new_tags="hemmeligt-mærke"))
    return Example.objects.get()


def test_a_tag_of_a_draft_is_not_public(client, draft_with_new_tag, make_example):
    make_example(title="Offentligt eksempel")
    page = client.get("/inspiration/").content.decode()
    assert "Offentligt eksempel" in page
    assert "hemmeligt-mærke" not in page
    assert not Tag.objects.public().filter(slug="hemmeligt-maerke").exists()


def test_a_tag_of_a_draft_is_not_offered_to_another_library(
    draft_with_new_tag, outsider, other_library, login
):
    page = login(outsider).get("/examples/new/").content.decode()
    assert "hemmeligt-mærke" not in page


def test_the_authors_still_see_their_own_tag(draft_with_new_tag, staff, login):
    page = login(staff).get(f"/examples/{draft_with_new_tag.slug}/edit/").content.decode()
    assert "hemmeligt-mærke" in page


def test_a_tag_is_public_once_an_approved_example_uses_it(client, draft_with_new_tag):
    tag = Tag.objects.get(name="hemmeligt-mærke")
    factories.ExampleFactory(library=draft_with_new_tag.library).tags.add(tag)
    page = client.get("/inspiration/").content.decode()
    assert "hemmeligt-mærke" in page
    assert client.get(f"/inspiration/?tag={tag.slug}").status_code == 200


def test_two_editors_get_the_conflict_page_not_a_silent_overwrite(login, staff, lead, client):
    from django.test import Client

    from tests.sessions import sign_in

    first = login(staff)
    first.post("/examples/new/", example_post(title="Første titel"))
    example = Example.objects.get()
    loaded = example.lock_version
    second = sign_in(Client(), lead)
    url = f"/examples/{example.slug}/edit/"
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200

    saved = first.post(url, example_post(title="Fra den første", lock_version=loaded))
    assert saved.status_code == 302
    response = second.post(url, example_post(title="Fra den anden", lock_version=loaded))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="conflict"' in page
    assert "Fra den første" in page and "Fra den anden" in page  # both, side by side
    example.refresh_from_db()
    assert example.title == "Fra den første"
    # Saving again from the conflict page is deliberate and wins.
    again = second.post(url, example_post(title="Fra den anden", lock_version=example.lock_version))
    assert again.status_code == 302
    example.refresh_from_db()
    assert example.title == "Fra den anden"
