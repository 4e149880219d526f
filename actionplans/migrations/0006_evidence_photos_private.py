"""Evidence photos of progress reports move from public media (/media/evidence/, served to
anyone) to private storage; they are served only by the report's own view. Their names were
random already and stay as they are."""

import core.files
import core.uploads
from django.db import migrations, models


def _move(apps, source, target):
    from django.db import transaction

    InitiativeProgress = apps.get_model("actionplans", "InitiativeProgress")
    moved = []
    for entry in InitiativeProgress.objects.exclude(photo="").only("pk", "photo").iterator():
        old_name = entry.photo.name
        if not source.exists(old_name):
            continue  # lost already, or moved by an earlier, interrupted run
        with source.open(old_name, "rb") as handle:
            new_name = target.save(old_name, handle)
        InitiativeProgress.objects.filter(pk=entry.pk).update(photo=new_name)
        moved.append(old_name)
    # Only once the new names are committed: a failed migration leaves the old files in place.
    transaction.on_commit(lambda: [source.delete(name) for name in moved])


def to_private(apps, schema_editor):
    from django.core.files.storage import default_storage

    _move(apps, default_storage, core.files.private_storage())


def to_public(apps, schema_editor):
    from django.core.files.storage import default_storage

    _move(apps, core.files.private_storage(), default_storage)


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0005_private_plan_version_pdfs'),
    ]

    operations = [
        migrations.AlterField(
            model_name='initiativeprogress',
            name='photo',
            field=models.ImageField(blank=True, storage=core.files.private_storage, upload_to=core.uploads.UUIDUploadTo('evidence'), verbose_name='photo'),
        ),
        migrations.RunPython(to_private, to_public),
    ]
