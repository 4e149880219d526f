"""Reference data for transactional tests (browser journeys, failure injection)."""


def reload_reference_data():
    """Transactional tests end with a flush that also empties the reference data the data
    migrations loaded (regions, municipalities, the 98 libraries, SDGs, targets, the
    coordinators group). Put it back with the same idempotent loaders the migrations use."""
    from django.contrib.auth.models import Group

    from accounts.models import COORDINATORS_GROUP
    from actionplans import reference_data as sdg_data
    from actionplans.models import Goal, Target
    from libraries import reference_data as library_data
    from libraries.models import Library, Municipality, Region

    if not Library.objects.exists():
        library_data.load(Region, Municipality, Library)
    if not Goal.objects.exists():
        sdg_data.load(Goal, Target)
    Group.objects.get_or_create(name=COORDINATORS_GROUP)
    _load_programme_texts()


def _load_programme_texts():
    import importlib

    from core.models import ProgrammeText

    if ProgrammeText.objects.exists():
        return
    for migration in ("0002_default_programme_texts", "0004_programme_issuer_and_logo"):
        texts = importlib.import_module(f"core.migrations.{migration}").TEXTS
        for key, fields in texts.items():
            ProgrammeText.objects.get_or_create(key=key, defaults=fields)
