from certification.diff import diff_snapshots


def initiative(uuid, **fields):
    base = {
        "uuid": uuid,
        "area": "citizens",
        "title": f"Indsats {uuid}",
        "description": "Beskrivelse",
        "goals": [12],
        "targets": [],
        "years": [2026],
        "responsible": "Team",
        "partners": [],
        "indicator": "Antal",
        "status": "planned",
        "order": 0,
        "credit": "",
    }
    return {**base, **fields}


def snapshot(*initiatives, **fields):
    return {"schema": 1, "vision": "Grøn", "period_start": 2026, "period_end": 2028,
            "principles": ["a"], "initiatives": list(initiatives), **fields}  # fmt: skip


def test_it_finds_nothing_between_equal_snapshots():
    old = snapshot(initiative("a"), initiative("b"))
    assert diff_snapshots(old, snapshot(initiative("a"), initiative("b"))).is_empty


def test_it_lists_added_and_removed_initiatives_by_uuid():
    diff = diff_snapshots(
        snapshot(initiative("a"), initiative("b")), snapshot(initiative("a"), initiative("c"))
    )
    assert [i["uuid"] for i in diff.added] == ["c"]
    assert [i["uuid"] for i in diff.removed] == ["b"]
    assert diff.changed == []


def test_it_reports_changed_fields_one_by_one_and_keeps_identity_across_a_new_title():
    old = snapshot(initiative("a", title="Byttemarked", goals=[12]))
    new = snapshot(initiative("a", title="Byttedag", goals=[12, 4], status="running"))
    diff = diff_snapshots(old, new)
    assert diff.added == [] and diff.removed == []
    [change] = diff.changed
    assert change.initiative["title"] == "Byttedag"
    assert {(c.field, str(c.old), str(c.new)) for c in change.changes} == {
        ("title", "Byttemarked", "Byttedag"),
        ("goals", "[12]", "[4, 12]"),
        ("status", "planned", "running"),
    }


def test_it_ignores_the_order_of_goals_and_the_display_order():
    old = snapshot(initiative("a", goals=[12, 4], order=1))
    new = snapshot(initiative("a", goals=[4, 12], order=5))
    assert diff_snapshots(old, new).is_empty


def test_it_reports_plan_level_changes():
    diff = diff_snapshots(
        snapshot(vision="Grøn"), snapshot(vision="Grønnere", principles=["a", "b"])
    )
    assert [(c.field, c.old, c.new) for c in diff.plan_changes] == [
        ("vision", "Grøn", "Grønnere"),
        ("principles", ["a"], ["a", "b"]),
    ]


def test_without_an_old_snapshot_everything_is_added():
    diff = diff_snapshots(None, snapshot(initiative("a")))
    assert [i["uuid"] for i in diff.added] == ["a"]
    assert diff.plan_changes == []


def test_missing_fields_count_as_empty():
    old = {"initiatives": [{"uuid": "a", "title": "X"}]}
    new = {"initiatives": [{"uuid": "a", "title": "X", "partners": [], "credit": ""}]}
    assert diff_snapshots(old, new).is_empty
