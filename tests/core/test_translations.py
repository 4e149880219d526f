"""Danish is the portal's main language: every user-facing string must have a Danish
translation that is neither missing nor fuzzy, and every catalogue must be up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The project's own apps (every installed app with a folder here), so a new app is checked too.
APPS = [app for app in settings.INSTALLED_APPS if "." not in app and (ROOT / app).is_dir()]
SKIP = {".venv", "node_modules", "tests", "bench", "staticfiles", "media", ".git", "var"}


def _catalogues():
    yield ROOT / "locale/da/LC_MESSAGES/django.po"
    yield ROOT / "locale/allauth/da/LC_MESSAGES/django.po"  # plain Danish for allauth's pages
    for app in APPS:
        path = ROOT / app / "locale/da/LC_MESSAGES/django.po"
        if path.exists():
            yield path


def _msgids(po_path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(po_path)) if not entry.obsolete}


@pytest.mark.parametrize("po_path", list(_catalogues()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_danish_message_is_translated_and_not_fuzzy(po_path):
    catalogue = polib.pofile(str(po_path))
    problems = [entry.msgid for entry in catalogue.untranslated_entries()]
    problems += [f"(fuzzy) {entry.msgid}" for entry in catalogue.fuzzy_entries()]
    assert not problems, f"{po_path}: missing Danish translations:\n" + "\n".join(problems)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is installed by make install")
def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """Run makemessages on a copy of the project and compare with the committed catalogues."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP])
    env = {
        "DJANGO_DEBUG": "true",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    command = [sys.executable, str(copy / "manage.py"), "makemessages", "-l", "da", "-v0"]
    ignores = [f"--ignore={name}" for name in [*SKIP, *APPS]]
    subprocess.run([*command, *ignores], cwd=copy, env=env, check=True)
    for app in APPS:
        (copy / app / "locale").mkdir(exist_ok=True)
        subprocess.run(command, cwd=copy / app, env=env, check=True)
    missing = []
    for relative in ["locale", *(f"{app}/locale" for app in APPS)]:
        fresh = copy / relative / "da/LC_MESSAGES/django.po"
        if not fresh.exists():
            continue
        committed = ROOT / relative / "da/LC_MESSAGES/django.po"
        known = _msgids(committed) if committed.exists() else set()
        missing += [f"{relative}: {msgid}" for msgid in sorted(_msgids(fresh) - known - {""})]
    assert not missing, "Run `make messages` and translate:\n" + "\n".join(missing)


def test_a_message_means_the_same_in_every_catalogue():
    """Django merges the apps' catalogues, so one English text translated two ways shows
    whichever app wins ("Next" was "Næste skridt" on the inspiration list). Give such a text a
    context (pgettext, {% translate "Next" context "pagination" %}) or one translation."""
    seen: dict[tuple, dict[str, str]] = {}
    for po_path in _catalogues():
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgid:
                continue
            text = entry.msgstr or " | ".join(entry.msgstr_plural.values())
            where = str(po_path.relative_to(ROOT))
            seen.setdefault((entry.msgctxt, entry.msgid), {})[where] = text
    clashes = [
        f"{msgid!r} (context {context!r}): {translations}"
        for (context, msgid), translations in seen.items()
        if len(set(translations.values())) > 1
    ]
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize(
    ("context", "message", "danish"),
    [
        ("pagination", "Next", "Næste side"),
        ("pagination", "Previous", "Forrige side"),
        ("next steps", "Next", "Næste skridt"),
        ("initiative status", "Done", "Gennemført"),
    ],
)
def test_ambiguous_words_are_told_apart_by_their_context(context, message, danish):
    from django.utils import translation

    with translation.override("da"):
        assert translation.pgettext(context, message) == danish
