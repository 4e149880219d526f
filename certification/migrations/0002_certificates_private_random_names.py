"""Certificates move from public media under guessable names (/media/certificates/<number>.pdf,
served to anyone, also after a revocation) to private storage under random names; the
certificate view serves them to anyone only while the certification is valid."""

import uuid

import core.files
from django.db import migrations, models


def _move(apps, source, target, name_for):
    from django.db import transaction

    Certification = apps.get_model("certification", "Certification")
    moved = []
    for certification in Certification.objects.exclude(pdf="").only("pk", "number", "pdf"):
        old_name = certification.pdf.name
        if not source.exists(old_name):
            # Lost already: clear it, and the worker renders it again (core.renders).
            Certification.objects.filter(pk=certification.pk).update(
                pdf="", pdf_generated_at=None
            )
            continue
        with source.open(old_name, "rb") as handle:
            new_name = target.save(name_for(certification), handle)
        Certification.objects.filter(pk=certification.pk).update(pdf=new_name)
        moved.append(old_name)
    # Only once the new names are committed: a failed migration leaves the old files in place.
    transaction.on_commit(lambda: [source.delete(name) for name in moved])


def to_private(apps, schema_editor):
    from django.core.files.storage import default_storage

    _move(
        apps,
        default_storage,
        core.files.private_storage(),
        lambda _certification: f"certificates/{uuid.uuid4().hex}.pdf",
    )


def to_public(apps, schema_editor):
    from django.core.files.storage import default_storage

    _move(
        apps,
        core.files.private_storage(),
        default_storage,
        lambda certification: f"certificates/{certification.number}.pdf",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='certification',
            name='pdf',
            field=models.FileField(blank=True, storage=core.files.private_storage, upload_to=core.files.RandomName('certificates', 'pdf'), verbose_name='certificate (PDF)'),
        ),
        migrations.RunPython(to_private, to_public),
    ]
