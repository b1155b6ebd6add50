"""The demo district put back from memory (core/tests/demo_snapshot.py) is the one `seed_demo`
writes: every row of every table and the mark index's files."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.db import connection, transaction
from django.test import TestCase

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.tests import demo_snapshot
from core.tests.demo_world import DEMO_ENTERPRISES
from portfolio.models import Patent


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


class DemoSnapshotTests(TestCase):
    def test_the_restored_demo_is_row_for_row_the_seeded_one(self):
        seeded_index, restored_index = (Path(tempfile.mkdtemp(prefix="ipcounty-test-index-")) for _ in range(2))
        self.addCleanup(shutil.rmtree, seeded_index, ignore_errors=True)
        self.addCleanup(shutil.rmtree, restored_index, ignore_errors=True)
        with self.settings(SIMILARITY_INDEX_DIR=seeded_index):
            demo_snapshot._snapshots.pop((connection.vendor, DEMO_ENTERPRISES), None)
            savepoint = transaction.savepoint()
            demo_snapshot.seed_demo_once(DEMO_ENTERPRISES, seeded_index)
            seeded = demo_snapshot._state()
            transaction.savepoint_rollback(savepoint)
        self.assertFalse(Patent.objects.exists())
        with (
            self.settings(SIMILARITY_INDEX_DIR=restored_index),
            mock.patch.object(demo_snapshot, "call_command", side_effect=AssertionError("seeded again")),
        ):
            demo_snapshot.seed_demo_once(DEMO_ENTERPRISES, restored_index)
        self.assertGreater(Patent.objects.count(), 50)
        self.assertEqual(demo_snapshot._state(), seeded)
        self.assertEqual(files_of(restored_index), files_of(seeded_index))

    def test_a_database_that_changed_meanwhile_is_seeded_for_real(self):
        key = (connection.vendor, 3)
        self.addCleanup(demo_snapshot._snapshots.pop, key, None)
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
