from django.db import migrations


def load(apps, schema_editor):
    from libraries.reference_data import load as load_reference_data

    load_reference_data(
        apps.get_model("libraries", "Region"),
        apps.get_model("libraries", "Municipality"),
        apps.get_model("libraries", "Library"),
    )


class Migration(migrations.Migration):
    dependencies = [("libraries", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
