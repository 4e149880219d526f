from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "certification/locale/da/LC_MESSAGES/django.po"


def test_every_danish_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    assert len(po) > 100
    assert po.untranslated_entries() == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy
