import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import validate_image
from inspiration import images
from inspiration.models import Example
from tests.inspiration.conftest import image_upload
from tests.inspiration.test_workflow import example_post

pytestmark = pytest.mark.django_db


def post_with_image(login, staff, **image_fields):
    data = example_post()
    data.update(image_fields)
    return login(staff).post("/examples/new/", data)


def test_it_refuses_a_file_that_is_not_an_image(login, staff):
    fake = SimpleUploadedFile("foto.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    response = post_with_image(login, staff, **{"image0-image": fake, "image0-alt_text": "x"})
    assert response.status_code == 200
    assert "ikke et billede" in response.content.decode()
    assert not Example.objects.exists()


def test_it_refuses_an_image_over_5_mb(login, staff):
    big = SimpleUploadedFile("stor.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), "image/png")
    response = post_with_image(login, staff, **{"image0-image": big, "image0-alt_text": "x"})
    assert response.status_code == 200
    assert "højst fylde 5,0" in response.content.decode()
    assert not Example.objects.exists()


def test_it_refuses_other_image_formats(db):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(ValidationError):
        validate_image(SimpleUploadedFile("a.gif", buffer.getvalue()), images.MAX_BYTES)


def test_it_requires_alt_text(login, staff):
    response = post_with_image(login, staff, **{"image0-image": image_upload()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beskriv billedet" in html
    assert 'id="id_image0-alt_text"' in html and 'aria-invalid="true"' in html
    assert not Example.objects.exists()


def test_it_accepts_webp_and_strips_metadata_while_resizing(login, staff):
    upload = image_upload(name="foto.webp", size=(2400, 2400), image_format="WEBP")
    response = post_with_image(
        login, staff, **{"image0-image": upload, "image0-alt_text": "Grøn have"}
    )
    assert response.status_code == 302
    image = Example.objects.get().images.get()
    assert image.image.name.endswith(".webp")
    assert (image.width, image.height) == (1600, 1600)


def test_at_most_three_images_and_removal(login, staff):
    data = example_post()
    for n in range(3):
        data[f"image{n}-image"] = image_upload(name=f"b{n}.png")
        data[f"image{n}-alt_text"] = f"Billede {n}"
    client = login(staff)
    client.post("/examples/new/", data)
    example = Example.objects.get()
    assert example.images.count() == 3
    page = client.get(f"/examples/{example.slug}/edit/").content.decode()
    assert page.count('type="file"') == 3
    edit = example_post()
    del edit["library"]
    for n, image in enumerate(example.images.all()):
        edit[f"image{n}-alt_text"] = image.alt_text
    edit["image1-delete"] = "on"
    edit["lock_version"] = example.lock_version
    assert client.post(f"/examples/{example.slug}/edit/", edit).status_code == 302
    assert list(example.images.values_list("alt_text", flat=True)) == ["Billede 0", "Billede 2"]


def test_every_size_is_stored_once_in_private_storage_and_small_enough(make_example):
    from core.files import private_storage
    from inspiration.models import ExampleImage

    example = make_example()
    image = ExampleImage.objects.create(
        example=example, image=image_upload(size=(1600, 1200)), alt_text="x"
    )
    names = images.make_sizes(image.image.name)
    storage = private_storage()
    assert storage.exists(image.image.name)
    for size, name in zip(images.SIZES, names, strict=True):
        with storage.open(name) as handle, Image.open(handle) as stored:
            assert stored.format == "JPEG"
            assert max(stored.size) == images.SIZES[size]
    modified = [storage.get_modified_time(name) for name in names]
    assert images.make_sizes(image.image.name) == names  # made once, not again
    assert [storage.get_modified_time(name) for name in names] == modified


def test_example_images_are_stored_under_generated_names(login, staff):
    import re

    upload = image_upload(name="Jens Hansen privat.png")
    response = post_with_image(
        login, staff, **{"image0-image": upload, "image0-alt_text": "Byttemarked"}
    )
    assert response.status_code == 302
    stored = Example.objects.get().images.get()
    assert re.fullmatch(r"examples/[0-9a-f]{32}\.png", stored.image.name)
