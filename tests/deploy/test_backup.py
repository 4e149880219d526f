"""The README's backup and restore commands work: a pg_dump of a seeded portal, restored into
an empty database with pg_restore, holds the same libraries, plans and certifications."""

import subprocess
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.processes import database_environ

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and pg_restore back up PostgreSQL (CI runs on it)",
    ),
]

# The same question to both databases: what an operator would check after a restore.
QUESTIONS = {
    "libraries": "SELECT slug, name, participating_since FROM libraries_library ORDER BY slug",
    "members": """SELECT u.email, l.slug, m.role, m.status FROM libraries_membership m
                  JOIN accounts_user u ON u.id = m.user_id
                  JOIN libraries_library l ON l.id = m.library_id ORDER BY 1, 2""",
    "plans": """SELECT p.uuid, l.slug, p.status, p.period_start, p.period_end
                FROM actionplans_actionplan p JOIN libraries_library l ON l.id = p.library_id
                ORDER BY 1""",
    "initiatives": "SELECT uuid, plan_id, area, title FROM actionplans_initiative ORDER BY 1",
    "versions": """SELECT plan_id, number, decision, snapshot::text, pdf
                   FROM actionplans_planversion ORDER BY 1, 2""",
    "certifications": """SELECT number, library_id, status, issued_at, valid_until, pdf
                         FROM certification_certification ORDER BY 1""",
    "examples": "SELECT slug, status, title FROM inspiration_example ORDER BY 1",
    "migrations": "SELECT app, name FROM django_migrations ORDER BY 1, 2",
}


def answers(cursor) -> dict:
    found = {}
    for name, sql in QUESTIONS.items():
        cursor.execute(sql)
        found[name] = cursor.fetchall()
    return found


@pytest.fixture
def empty_database():
    """A new, empty database next to the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    url = database_environ(connection)["DATABASE_URL"]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def seeded_portal(settings, monkeypatch):
    # The PDFs are files (the media backup), not rows: a stand-in keeps seeding fast.
    monkeypatch.setattr("core.pdf.render_pdf", lambda *args, **kwargs: b"%PDF-1.7 stand-in")
    settings.DEBUG = True  # seed_demo is for development
    call_command("seed_demo", libraries=4, examples=3, verbosity=0)


def test_a_restored_dump_holds_the_same_libraries_plans_and_certifications(
    seeded_portal, empty_database, tmp_path
):
    source_url = database_environ(connection)["DATABASE_URL"]
    dump = tmp_path / "portal.dump"
    # The README's commands (without `docker compose exec`).
    subprocess.run(["pg_dump", "-Fc", "-d", source_url, "-f", str(dump)], check=True)
    subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "-d", empty_database, str(dump)],
        check=True,
    )
    with connection.cursor() as cursor:
        before = answers(cursor)
    with psycopg.connect(empty_database) as restored:
        after = answers(restored.cursor())
    assert before["libraries"] and before["plans"] and before["certifications"]
    assert before["versions"] and before["members"]
    for name in QUESTIONS:
        assert after[name] == before[name], name
