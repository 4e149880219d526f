import pytest

pytestmark = pytest.mark.django_db


def test_coordinators_edit_programme_texts_in_the_admin(login, coordinator):
    client = login(coordinator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/programmetext/").status_code == 200


def test_staff_of_a_library_do_not_get_into_the_admin(login, staff):
    response = login(staff).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
