"""A scratch installation for the backup drill: its own database, media folder, landscape store and
similarity index, driven through `manage.py` in a child process, the way an office runs the commands
(the test database of pytest lives in a transaction and cannot be dumped or replaced)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEMO_ENTERPRISES = "40"  # the smallest demo whose every part seeds; the full demo has 200


@dataclass
class Installation:
    root: Path
    database_url: str

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def landscape(self) -> Path:
        return self.root / "landscape"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.media),
            "LANDSCAPE_STORE_DIR": str(self.landscape),
            "SIMILARITY_INDEX_DIR": str(self.root / "index"),
            "BACKUP_DIR": str(self.root / "backups"),
            "AUDIT_CHECKPOINT_DIR": str(self.root / "audit-checkpoints"),
        }

    def manage(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=900,
        )
        if ok and done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def seed(self) -> None:
        self.manage("migrate", "-v0")
        self.manage("seed_demo", "--enterprises", DEMO_ENTERPRISES)

    def back_up(self) -> Path:
        self.manage("backup")
        (archive,) = sorted((self.root / "backups").glob("*.tar.gz"))
        return archive

    def wipe_folders(self) -> None:
        for name in ("media", "landscape", "index"):
            shutil.rmtree(self.root / name, ignore_errors=True)

    def files(self) -> dict[str, bytes]:
        return {p.relative_to(self.media).as_posix(): p.read_bytes() for p in self.media.rglob("*") if p.is_file()}


def sqlite_counts(path: Path) -> dict[str, int]:
    """Every table's row count, read with the sqlite3 module (not through the code under test)."""
    with sqlite3.connect(path) as con:
        names = [
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        counts = {name: con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
    con.close()
    return counts


# Each machine's mark index reports itself as a node (similarity.IndexNode: how far it has read the
# marks' change log). The restored machine's index does so under its own folder's name, beside the
# lost machine's row that came back with everything else.
NODE_TABLE = "similarity_indexnode"


def assert_every_row_back(after: dict[str, int], before: dict[str, int]) -> None:
    """Every table holds the rows it held when it was backed up; the node table one more row
    (the new machine's index)."""
    after, before = dict(after), dict(before)
    assert after.pop(NODE_TABLE) == before.pop(NODE_TABLE) + 1
    assert after == before


def rewrite_archive(source: Path, target: Path, *, change: str | None = None, manifest_edit=None) -> None:
    """Copy an archive, flipping one byte of the member named ``change`` or editing its manifest."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]  # a backup archive's members are regular files
            if member.name == change:
                data = bytes([data[0] ^ 1]) + data[1:]
            if member.name == "manifest.json" and manifest_edit:
                manifest = json.loads(data)
                manifest_edit(manifest)
                data = json.dumps(manifest).encode()
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]  # the manifest is a regular file in every archive
