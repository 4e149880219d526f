"""The issuer of the certificates as an editable programme text (name, one line, a logo).

Like 0002, the default text is only created where it is missing, never overwriting an edit.
"""

import core.uploads
from django.db import migrations, models


TEXTS = {
    "issuer": {
        "title_da": "Chora 2030",
        "title_en": "Chora 2030",
        "body_da": "Verdensmålscertificering af biblioteker i biblioteksnetværket DB2030",
        "body_en": "The SDG certification of libraries in the DB2030 library network",
    },
}


def create_texts(apps, schema_editor):
    ProgrammeText = apps.get_model("core", "ProgrammeText")
    for key, fields in TEXTS.items():
        ProgrammeText.objects.get_or_create(key=key, defaults=fields)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_keyed_documents'),
    ]

    operations = [
        migrations.AddField(
            model_name='programmetext',
            name='logo',
            field=models.ImageField(blank=True, help_text='Only for the issuer of the certificates: printed at the top of each certificate issued or renewed from now on (PNG or JPEG, at most 2 MB).', upload_to=core.uploads.UUIDUploadTo('programme'), verbose_name='logo'),
        ),
        migrations.AlterField(
            model_name='programmetext',
            name='key',
            field=models.CharField(choices=[('intro', 'What the programme is'), ('how_to_join', 'How to join'), ('areas', 'The three areas'), ('steps', 'The steps to certification'), ('contact', 'Contact'), ('catalogue_intro', 'Introduction to the inspiration catalogue'), ('issuer', 'Issuer of the certificates')], max_length=40, unique=True, verbose_name='text'),
        ),
        migrations.RunPython(create_texts, migrations.RunPython.noop),
    ]
