"""Plan-version PDFs move from public media (guessable names under /media/plan-versions/) to
private storage under random names; they are served only by the version's own view."""

import uuid

import core.files
from django.db import migrations, models


def _move(apps, source, target, name_for):
    from django.db import transaction

    PlanVersion = apps.get_model("actionplans", "PlanVersion")
    moved = []
    for version in PlanVersion.objects.exclude(pdf="").only("pk", "pdf").iterator():
        old_name = version.pdf.name
        if not source.exists(old_name):
            # Lost already: clear it, and the worker renders it again (core.renders).
            PlanVersion.objects.filter(pk=version.pk).update(pdf="", pdf_generated_at=None)
            continue
        with source.open(old_name, "rb") as handle:
            new_name = target.save(name_for(old_name), handle)
        PlanVersion.objects.filter(pk=version.pk).update(pdf=new_name)
        moved.append(old_name)
    # Only once the new names are committed: a failed migration leaves the old files in place.
    transaction.on_commit(lambda: [source.delete(name) for name in moved])


def to_private(apps, schema_editor):
    from django.core.files.storage import default_storage

    _move(
        apps,
        default_storage,
        core.files.private_storage(),
        lambda _old: f"plan-versions/{uuid.uuid4().hex}.pdf",
    )


def to_public(apps, schema_editor):
    from django.core.files.storage import default_storage

    _move(apps, core.files.private_storage(), default_storage, lambda old: old)


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0004_generated_upload_names'),
    ]

    operations = [
        migrations.AlterField(
            model_name='planversion',
            name='pdf',
            field=models.FileField(blank=True, storage=core.files.private_storage, upload_to=core.files.RandomName('plan-versions', 'pdf'), verbose_name='PDF'),
        ),
        migrations.RunPython(to_private, to_public),
    ]
