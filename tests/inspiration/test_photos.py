"""Example photos (issue 15.1): private until the example is published, one main image,
captions and credits, every size stored once, files deleted with their image."""

import pytest
from django.db import IntegrityError, transaction

from core.files import private_storage
from inspiration import images, services
from inspiration.models import Example, ExampleImage
from inspiration.services import ImageChange
from tests import factories
from tests.inspiration.conftest import image_upload

pytestmark = pytest.mark.django_db


def image_url(image, size="w480"):
    return f"/inspiration/{image.example.slug}/images/{image.uuid}/{size}/"


def files_of(image) -> list[str]:
    return [image.image.name, *(images.size_name(image.image.name, size) for size in images.SIZES)]


def test_a_published_examples_image_is_public_and_may_be_cached(client, make_example):
    image = factories.ExampleImageFactory(example=make_example())
    response = client.get(image_url(image))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("public")
    assert client.get(image_url(image, "original")).status_code == 200


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_an_unpublished_examples_image_is_for_its_library_and_coordinators_only(
    client, login, make_example, staff, outsider, coordinator, status
):
    image = factories.ExampleImageFactory(example=make_example(status=status, approved_at=None))
    url = image_url(image)
    assert client.get(url).status_code == 404
    assert login(outsider).get(url).status_code == 404
    response = login(staff).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert login(coordinator).get(url).status_code == 200


def test_a_pending_revision_keeps_its_images_private(client, make_example, staff):
    example = make_example()
    factories.ExampleImageFactory(example=example)
    revision = services.start_revision(example=example, by=staff)
    copy = revision.images.get()
    assert copy.image.name == example.images.get().image.name  # the file is shared
    assert client.get(image_url(copy)).status_code == 404
    assert client.get(image_url(example.images.get())).status_code == 200


def test_taking_an_example_back_stops_serving_its_images(client, make_example):
    image = factories.ExampleImageFactory(example=make_example())
    assert client.get(image_url(image)).status_code == 200
    Example.objects.filter(pk=image.example_id).update(status=Example.Status.DRAFT)
    assert client.get(image_url(image)).status_code == 404


def test_unknown_sizes_and_images_of_another_example_are_404(client, make_example):
    image = factories.ExampleImageFactory(example=make_example())
    other = make_example()
    assert client.get(image_url(image, "huge")).status_code == 404
    assert client.get(f"/inspiration/{other.slug}/images/{image.uuid}/w480/").status_code == 404


def test_images_are_in_private_storage_with_no_public_url(make_example):
    image = factories.ExampleImageFactory(example=make_example())
    assert image.image.storage is private_storage()
    with pytest.raises(ValueError):
        image.image.url  # noqa: B018


def test_an_example_has_at_most_one_main_image(make_example):
    example = make_example()
    factories.ExampleImageFactory(example=example, is_main=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExampleImageFactory(example=example, is_main=True)


def test_alt_text_is_required_by_the_database_too(make_example):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExampleImageFactory(example=make_example(), alt_text="")


def test_uploads_get_captions_credits_sizes_and_exactly_one_main(
    make_example, django_capture_on_commit_callbacks
):
    example = make_example(status="draft", approved_at=None)
    changes = [
        ImageChange(None, image_upload(size=(1200, 900)), "Første", caption="Byttebord"),
        ImageChange(None, image_upload(size=(800, 600)), "Anden", credit="Foto: Mette"),
    ]
    services.apply_image_changes(example=example, changes=changes)
    first, second = example.images.order_by("position")
    assert (first.caption, second.credit) == ("Byttebord", "Foto: Mette")
    assert [first.is_main, second.is_main] == [True, False]  # none chosen: the first
    assert all(private_storage().exists(name) for name in files_of(first) + files_of(second))

    changes = [ImageChange(first, None, "Første"), ImageChange(second, None, "Anden", is_main=True)]
    services.apply_image_changes(example=example, changes=changes)
    assert list(example.images.order_by("position").values_list("is_main", flat=True)) == [
        False,
        True,
    ]


def test_replaced_and_removed_images_lose_every_stored_size(
    make_example, django_capture_on_commit_callbacks
):
    example = make_example(status="draft", approved_at=None)
    first = factories.ExampleImageFactory(example=example, is_main=True)
    second = factories.ExampleImageFactory(example=example, is_main=False, position=1)
    old_first, old_second = files_of(first), files_of(second)
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_image_changes(
            example=example,
            changes=[
                ImageChange(first, image_upload(colour="#E5243B"), "Nyt billede"),
                ImageChange(second, None, "x", delete=True),
            ],
        )
    storage = private_storage()
    assert not any(storage.exists(name) for name in old_first + old_second)
    replaced = example.images.get()
    assert replaced.is_main
    assert all(storage.exists(name) for name in files_of(replaced))


def test_a_file_shared_with_a_revision_stays_until_no_image_uses_it(
    make_example, staff, django_capture_on_commit_callbacks
):
    example = make_example()
    factories.ExampleImageFactory(example=example)
    revision = services.start_revision(example=example, by=staff)
    names = files_of(revision.images.get())
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_example(example=revision, by=staff)
    assert all(private_storage().exists(name) for name in names)  # the original still uses it
    assert ExampleImage.objects.filter(example=example).exists()


def test_the_example_page_shows_responsive_lazy_images_with_caption_and_credit(
    client, make_example
):
    image = factories.ExampleImageFactory(
        example=make_example(), caption="Byttebordet i foyeren", credit="Mette Hansen"
    )
    html = client.get(image.example.get_absolute_url()).content.decode()
    assert f'srcset="{image.url("w480")} 40w, {image.url("w960")} 40w"' in html
    assert 'loading="lazy"' in html
    assert "Byttebordet i foyeren" in html and "Foto: Mette Hansen" in html


def test_the_admin_shows_an_examples_images_without_a_public_url(login, operator, make_example):
    image = factories.ExampleImageFactory(example=make_example(), caption="Byttebord")
    page = login(operator).get(f"/admin/inspiration/example/{image.example_id}/change/")
    assert page.status_code == 200
    assert image.url("original") in page.content.decode()
