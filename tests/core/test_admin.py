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


def test_the_operator_can_open_every_admin_list(login, operator, library, lead):
    from django.contrib import admin

    from tests import factories

    factories.CertificationFactory(library=library)
    factories.ExampleFactory(library=library)
    client = login(operator)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
