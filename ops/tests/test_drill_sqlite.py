"""The backup drill on SQLite (docs/backup.md): seed a small demo, back up, wipe, restore, then
`verify_audit`, `verify_evidence` and every table's row count equal; and the refusals that keep a
restore from doing harm."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from ops.tests.drill import Installation, assert_every_row_back, manifest_of, rewrite_archive, sqlite_counts

# The drill runs in CI's SQLite pass; the PostgreSQL pass runs test_drill_postgres.py instead.
pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite drill runs in the SQLite pass")


def sqlite_installation(root: Path) -> Installation:
    root.mkdir(parents=True, exist_ok=True)
    return Installation(root, f"sqlite:///{root / 'db.sqlite3'}")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A demo installation, its archive, and what it held when backed up."""
    office = sqlite_installation(tmp_path_factory.mktemp("office"))
    office.seed()
    archive = office.back_up()
    return office, archive, sqlite_counts(office.root / "db.sqlite3"), office.files()


def test_drill_back_up_wipe_restore_gives_back_every_row_and_file(seeded, tmp_path) -> None:
    _lost, archive, counts, files = seeded
    # The machine is lost; a new one starts with no database, no uploads, no landscape store, no index.
    office = sqlite_installation(tmp_path / "new-machine")

    restored = office.manage("restore", str(archive))

    assert "each table's count as in the manifest" in restored.stdout
    assert "intact: " in office.manage("verify_audit").stdout
    assert (
        f"All {sum(1 for n in files if n.startswith('evidence/'))} evidence files match"
        in office.manage("verify_evidence").stdout
    )
    assert_every_row_back(sqlite_counts(office.root / "db.sqlite3"), counts)
    assert office.files() == files
    assert any((office.landscape / "parts").glob("corpus-*.parquet")), "imported corpora come back"
    assert (office.landscape / "fts" / "meta.json").exists(), "the full-text index is rebuilt"
    assert (office.root / "index" / "ACTIVE").exists(), "the similarity index is rebuilt"


def test_manifest_counts_every_table_and_hashes_every_evidence_file(seeded) -> None:
    office, archive, counts, files = seeded
    manifest = manifest_of(archive)

    assert manifest["tables"] == counts
    assert manifest["engine"] == "sqlite"
    assert "0001_initial" in manifest["migrations"]["audit"]
    assert manifest["database"]["connector"] == "dbbackup.db.sqlite.SqliteBackupConnector"
    with sqlite3.connect(office.root / "db.sqlite3") as con:
        recorded = dict(con.execute("SELECT stored_name, sha256 FROM protection_evidencefile"))
    con.close()
    assert recorded
    for stored_name, sha256 in recorded.items():
        assert manifest["files"][f"media/{stored_name}"]["sha256"] == sha256
    assert manifest["totals"]["media_files"] == len(files)


def test_restore_refuses_an_installation_that_holds_data_unless_forced(seeded, tmp_path) -> None:
    office, archive, counts, files = seeded
    copy = sqlite_installation(tmp_path / "copy")
    shutil.copy(office.root / "db.sqlite3", copy.root / "db.sqlite3")
    shutil.copytree(office.media, copy.media)

    refused = copy.manage("restore", str(archive), ok=False)

    assert refused.returncode != 0
    assert "the database holds users or audit events" in refused.stderr
    assert "--force" in refused.stderr

    forced = copy.manage("restore", "--force", str(archive))

    assert "was moved to" in forced.stdout
    assert_every_row_back(sqlite_counts(copy.root / "db.sqlite3"), counts)
    assert copy.files() == files
    assert len(list(copy.root.glob("media.before-restore-*"))) == 1


def test_an_archive_whose_file_changed_is_refused_and_nothing_is_restored(seeded, tmp_path) -> None:
    _office, archive, _counts, files = seeded
    damaged = tmp_path / "damaged.tar.gz"
    evidence = next(name for name in files if name.startswith("evidence/"))
    rewrite_archive(archive, damaged, change=f"media/{evidence}")
    target = sqlite_installation(tmp_path / "target")

    refused = target.manage("restore", str(damaged), ok=False)

    assert refused.returncode != 0
    assert f"changed: media/{evidence}" in refused.stderr
    assert "nothing was restored" in refused.stderr
    assert not (target.root / "db.sqlite3").exists() or not sqlite_counts(target.root / "db.sqlite3")
    assert not target.media.exists()
    assert "every SHA-256 matches" in target.manage("restore", "--check", str(archive)).stdout


def test_an_archive_from_a_newer_version_is_refused(seeded, tmp_path) -> None:
    _office, archive, _counts, _files = seeded
    newer = tmp_path / "newer.tar.gz"
    rewrite_archive(archive, newer, manifest_edit=lambda m: m["migrations"]["audit"].append("9999_from_the_future"))
    target = sqlite_installation(tmp_path / "target")

    refused = target.manage("restore", str(newer), ok=False)

    assert refused.returncode != 0
    assert "audit.9999_from_the_future" in refused.stderr
    assert "newer ipcounty" in refused.stderr


def test_a_manifest_naming_a_file_outside_the_archive_is_refused(seeded, tmp_path) -> None:
    _office, archive, _counts, _files = seeded
    crafted = tmp_path / "crafted.tar.gz"
    rewrite_archive(
        archive,
        crafted,
        manifest_edit=lambda m: m["files"].update({"../../etc/hostname": {"sha256": "0" * 64, "bytes": 1}}),
    )
    target = sqlite_installation(tmp_path / "target")

    refused = target.manage("restore", str(crafted), ok=False)

    assert refused.returncode != 0
    assert "outside the archive: ../../etc/hostname" in refused.stderr
