"""The demo district put back from memory (core/tests/demo_snapshot.py) is the one `seed_demo`
writes: every row of every table and the mark index's files."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.db import connection, transaction
from django.db.models import F
from django.test import TestCase

from accounts.choices import OrganisationKind
from accounts.models import District, Organisation
from core.tests import demo_snapshot
from core.tests.demo_world import DEMO_ENTERPRISES
from portfolio.models import Patent


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


class DemoSnapshotTests(TestCase):
    def test_the_restored_demo_is_row_for_row_the_seeded_one(self):
        """Put back from this process's memory, and from the folder another process of the run
        reads (its own MEDIA_ROOT, the files copied in): both are the seeded demo."""
        folders = [Path(tempfile.mkdtemp(prefix="ipcounty-test-snapshot-")) for _ in range(6)]
        for folder in folders:
            self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        shared, seeded_index, seeded_media, restored_index, other_index, other_media = folders
        key = (connection.vendor, DEMO_ENTERPRISES)
        self.addCleanup(demo_snapshot._snapshots.pop, key, None)
        demo_snapshot._snapshots.pop(key, None)
        fail_if_seeded = mock.patch.object(demo_snapshot, "call_command", side_effect=AssertionError("seeded again"))
        with mock.patch.object(demo_snapshot, "_shared_dir", return_value=shared):
            with self.settings(SIMILARITY_INDEX_DIR=seeded_index, MEDIA_ROOT=seeded_media):
                savepoint = transaction.savepoint()
                demo_snapshot.seed_demo_once(DEMO_ENTERPRISES, seeded_index)
                seeded = demo_snapshot._state()
                transaction.savepoint_rollback(savepoint)
            self.assertFalse(Patent.objects.exists())
            # From memory, in the process that seeded.
            with self.settings(SIMILARITY_INDEX_DIR=restored_index, MEDIA_ROOT=seeded_media), fail_if_seeded:
                savepoint = transaction.savepoint()
                demo_snapshot.seed_demo_once(DEMO_ENTERPRISES, restored_index)
                self.assertGreater(Patent.objects.count(), 50)
                self.assertEqual(demo_snapshot._state(), seeded)
                transaction.savepoint_rollback(savepoint)
            self.assertEqual(files_of(restored_index), files_of(seeded_index))
            # From the shared folder, as another process with nothing in memory and its own media,
            # whose migrations wrote the district a moment later.
            demo_snapshot._snapshots.pop(key)
            District.objects.update(created_at=F("created_at") + timedelta(seconds=3))
            with self.settings(SIMILARITY_INDEX_DIR=other_index, MEDIA_ROOT=other_media), fail_if_seeded:
                demo_snapshot.seed_demo_once(DEMO_ENTERPRISES, other_index)
        # The same rows; a creation stamp is this process's or the seeding one's (a row the seeding
        # rewrote, as the district, comes back as it wrote it).
        self.assertEqual(demo_snapshot._unstamped(demo_snapshot._state()), demo_snapshot._unstamped(seeded))
        self.assertEqual(files_of(other_index), files_of(seeded_index))
        self.assertTrue(files_of(seeded_media))  # the marks' logos, the deal's contract
        self.assertEqual(files_of(other_media), files_of(seeded_media))

    def test_a_database_that_changed_meanwhile_is_seeded_for_real(self):
        key = (connection.vendor, 3)
        self.addCleanup(demo_snapshot._snapshots.pop, key, None)
        self.enterContext(mock.patch.object(demo_snapshot, "_shared_dir", return_value=None))
        index = Path(tempfile.mkdtemp(prefix="ipcounty-test-index-"))
        self.addCleanup(shutil.rmtree, index, ignore_errors=True)
        snapshot = demo_snapshot._Snapshot(before={})  # "before" that is not this database
        demo_snapshot._snapshots[key] = snapshot

        def seed(*args, **kwargs):  # a stand-in for the command: one organisation
            Organisation.objects.create(name="种子", kind=OrganisationKind.BANK)

        with (
            mock.patch.object(demo_snapshot, "_restore") as restore,
            mock.patch.object(demo_snapshot, "call_command", side_effect=seed) as command,
        ):
            demo_snapshot.seed_demo_once(3, index)
        restore.assert_not_called()
        command.assert_called_once()
        renewed = demo_snapshot._snapshots[key]
        self.assertIsNot(renewed, snapshot)
        self.assertEqual([row[1:3] for row in renewed.added[Organisation].values()], [("种子", OrganisationKind.BANK)])
