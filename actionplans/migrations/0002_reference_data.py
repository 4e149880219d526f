from django.db import migrations


def load(apps, schema_editor):
    from actionplans.reference_data import load as load_reference_data

    load_reference_data(apps.get_model("actionplans", "Goal"), apps.get_model("actionplans", "Target"))


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
