"""The data migration that makes existing example images private (issue 15.1, issue 11)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image

from inspiration import images

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("inspiration", "0003_email_wording")]
AFTER = [("inspiration", "0004_private_example_images_with_captions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_images_move_to_private_storage_with_sizes_and_a_main_image(library):
    old_apps = migrate(BEFORE)
    try:
        Example = old_apps.get_model("inspiration", "Example")
        ExampleImage = old_apps.get_model("inspiration", "ExampleImage")
        example = Example.objects.create(
            title="Byttemarked", slug="byttemarked-migration", summary="s", area="citizens",
            library_id=library.pk, status="approved",
        )  # fmt: skip
        public = storages["default"]
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 800), "#3F7E44").save(buffer, format="JPEG")
        names = [
            public.save(f"examples/old{n}.jpg", ContentFile(buffer.getvalue())) for n in (1, 2)
        ]
        for position, name in enumerate(names):
            ExampleImage.objects.create(
                example=example, image=name, width=1200, height=800, alt_text="x",
                position=position,
            )  # fmt: skip
        new_apps = migrate(AFTER)
        rows = list(new_apps.get_model("inspiration", "ExampleImage").objects.order_by("position"))
        private = storages["private"]
        assert [row.is_main for row in rows] == [True, False]
        assert len({row.uuid for row in rows}) == 2
        for name in names:
            assert not public.exists(name)
            assert private.exists(name)
            assert all(private.exists(images.size_name(name, size)) for size in images.SIZES)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
