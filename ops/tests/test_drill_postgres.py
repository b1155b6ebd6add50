"""The backup drill on PostgreSQL (CI's PostgreSQL pass): seed a small demo in a scratch database,
back up, drop the database and the folders, restore into a new empty database, then `verify_audit`,
`verify_evidence` and every table's row count equal. The scratch database is created and dropped here."""

from __future__ import annotations

import os
import shutil

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from ops.tests.drill import Installation, manifest_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://..."),
]


def conninfo(dbname: str) -> dict[str, object]:
    params = connection.settings_dict
    return {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
        "dbname": dbname,
    }


def scratch_url(dbname: str) -> str:
    base = os.environ["DATABASE_URL"].split("?")[0].rsplit("/", 1)[0]
    return f"{base}/{dbname}"


def recreate(dbname: str, *, drop_only: bool = False) -> None:
    with psycopg.connect(**conninfo("postgres"), autocommit=True) as admin:  # type: ignore[arg-type]  # conninfo() gives psycopg's keyword arguments
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        if not drop_only:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def pg_counts(dbname: str) -> dict[str, int]:
    """Every table's row count, read with psycopg (not through the code under test)."""
    with psycopg.connect(**conninfo(dbname)) as con:  # type: ignore[arg-type]  # conninfo() gives psycopg's keyword arguments
        names = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            name: con.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(name))).fetchone()[0]  # type: ignore[index]  # COUNT(*) answers one row
            for name in names
        }


@pytest.fixture
def scratch_database():
    name = f"ipc_backup_drill_{os.getpid()}"
    recreate(name)
    yield name
    recreate(name, drop_only=True)


def test_drill_on_postgresql_back_up_drop_restore_gives_back_every_row_and_file(scratch_database, tmp_path) -> None:
    office = Installation(tmp_path / "office", scratch_url(scratch_database))
    office.root.mkdir()
    office.seed()
    archive = office.back_up()
    kept = tmp_path / archive.name
    shutil.move(archive, kept)
    counts, files = pg_counts(scratch_database), office.files()
    assert manifest_of(kept)["tables"] == counts
    # Wipe: the database dropped and made again empty (no migrate), the folders gone.
    recreate(scratch_database)
    office.wipe_folders()

    restored = office.manage("restore", str(kept))

    assert "Restoring the PostgreSQL database" in restored.stdout
    assert "intact: " in office.manage("verify_audit").stdout
    assert "evidence files match their SHA-256" in office.manage("verify_evidence").stdout
    assert pg_counts(scratch_database) == counts
    assert office.files() == files
    assert any((office.landscape / "parts").glob("corpus-*.parquet"))
    assert (office.root / "index" / "ACTIVE").exists()

    # The office keeps working: a new organisation and its audit event get fresh ids (the sequences came
    # back too) and the chain stays whole.
    office.manage(
        "shell",
        "-c",
        "from accounts.actions import create_organisation; from accounts.choices import OrganisationKind; "
        "create_organisation(actor=None, name='After restore', kind=OrganisationKind.BANK)",
    )
    assert "intact: " in office.manage("verify_audit").stdout

    sqlite = Installation(tmp_path / "sqlite", f"sqlite:///{tmp_path / 'sqlite' / 'db.sqlite3'}")
    refused = sqlite.manage("restore", str(kept), ok=False)
    assert refused.returncode != 0
    assert "holds a PostgreSQL database and this installation uses SQLite" in refused.stderr
