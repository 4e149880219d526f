"""Every protected page: anonymous → login, outsider → 404, reader → 403, owner → 200."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(library, staff):
    return factories.ExampleFactory(
        library=library, status="draft", approved_at=None, created_by=staff
    )


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_anonymous_users_are_sent_to_log_in(client, draft, suffix):
    response = client.get(f"/examples/{draft.slug}/{suffix}")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_staff_of_another_library_get_404(login, outsider, draft, suffix):
    assert login(outsider).get(f"/examples/{draft.slug}/{suffix}").status_code == 404


def test_staff_of_another_library_cannot_submit_or_delete(login, outsider, draft):
    client = login(outsider)
    assert client.post(f"/examples/{draft.slug}/submit/").status_code == 404
    assert client.post(f"/examples/{draft.slug}/delete/").status_code == 404


def test_a_coordinator_may_read_a_librarys_draft_but_not_change_it(login, coordinator, draft):
    client = login(coordinator)
    assert client.get(f"/examples/{draft.slug}/").status_code == 200
    assert client.get(f"/examples/{draft.slug}/edit/").status_code == 403
    assert client.post(f"/examples/{draft.slug}/submit/").status_code == 403


def test_the_librarys_staff_edit_their_draft(login, staff, draft):
    client = login(staff)
    assert client.get(f"/examples/{draft.slug}/").status_code == 200
    assert client.get(f"/examples/{draft.slug}/edit/").status_code == 200


def test_drafts_are_not_public(client, draft):
    assert client.get(f"/inspiration/{draft.slug}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/review/examples/{slug}/", "/review/examples/{slug}/edit/", "/review/catalogue-preview/"],
)
def test_moderation_pages_are_for_coordinators_only(client, login, staff, coordinator, draft, path):
    draft.status = "submitted"
    draft.save()
    path = path.format(slug=draft.slug)
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert login(staff).get(path).status_code == 404
    assert login(coordinator).get(path).status_code == 200


def test_only_coordinators_decide(login, staff, draft):
    draft.status = "submitted"
    draft.save()
    assert login(staff).post(f"/review/examples/{draft.slug}/approve/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_sharing_another_librarys_initiative_is_404(login, outsider, library):
    initiative = factories.InitiativeFactory(plan__library=library)
    assert login(outsider).post(f"/examples/share/{initiative.uuid}/").status_code == 404


def test_adopting_needs_a_library(login, make_example):
    user = factories.UserFactory()
    example = make_example()
    assert login(user).post(f"/inspiration/{example.slug}/adopt/").status_code == 403


def test_adopting_needs_a_login(client, make_example):
    example = make_example()
    response = client.post(f"/inspiration/{example.slug}/adopt/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_users_without_a_library_cannot_write_examples(login):
    assert login(factories.UserFactory()).get("/examples/new/").status_code == 403


def test_coordinators_write_the_programmes_own_examples(login, coordinator):
    client = login(coordinator)
    page = client.get("/examples/new/").content.decode()
    assert 'value="programme"' in page
