"""Deleting an example asks first (issue 16, item 5): GET shows what will be lost, POST deletes."""

import pytest

from inspiration.models import Example
from tests import factories

pytestmark = pytest.mark.django_db


def test_deleting_an_example_asks_first(login, staff, library):
    draft = factories.ExampleFactory(
        library=library, status="draft", approved_at=None, title="Byttemarked"
    )
    client = login(staff)
    manage = client.get(f"/en/examples/{draft.slug}/").content.decode()
    assert f'href="/en/examples/{draft.slug}/delete/"' in manage
    assert f'action="/en/examples/{draft.slug}/delete/"' not in manage
    html = client.get(f"/en/examples/{draft.slug}/delete/").content.decode()
    assert "Delete “Byttemarked”?" in html
    assert "cannot be undone" in html
    assert Example.objects.filter(pk=draft.pk).exists()
    response = client.post(f"/en/examples/{draft.slug}/delete/")
    assert response.status_code == 302
    assert not Example.objects.filter(pk=draft.pk).exists()


def test_an_approved_example_is_not_deleted(login, staff, library):
    example = factories.ExampleFactory(library=library)
    client = login(staff)
    client.post(f"/examples/{example.slug}/delete/")
    assert Example.objects.filter(pk=example.pk).exists()
