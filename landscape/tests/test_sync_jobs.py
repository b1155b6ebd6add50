"""The landscape sync on the task queue (issue 14: a rebuild forked a process pool inside a
threaded web worker and hung, and its manifest said "synced" first, so the stale index was
never rebuilt): pages only queue the rebuild, the fingerprint is written last, and two syncs
at once do not share a temporary file."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from unittest import mock

from django.test import override_settings
from django.urls import reverse

from core.models import JobRun
from core.tests.people import PeopleTestCase
from landscape import corpus
from landscape.tests.helpers import battery_patent
from patentstore import textindex
from patentstore.store import PatentStore

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class LandscapeSyncJobTests(PeopleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        battery_patent(cls.enterprise, ipc_codes=["H01M 4/04"])

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="landscape-sync-"))
        override = override_settings(LANDSCAPE_STORE_DIR=self.dir)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.dir, True)

    @override_settings(TASKS=DATABASE_QUEUE)
    def test_a_page_never_builds_the_index_itself_but_queues_the_sync_once(self):
        self.client.force_login(self.clerk)
        with mock.patch.object(textindex, "build", side_effect=AssertionError("built in a web request")):
            self.assertEqual(self.client.get(reverse("landscape:report")).status_code, 200)
            self.assertEqual(self.client.get(reverse("landscape:search"), {"q": "涂布"}).status_code, 200)
        runs = JobRun.objects.filter(name="landscape.sync")
        self.assertEqual([r.status for r in runs], [JobRun.Status.QUEUED])  # two pages, one run waiting
        self.assertFalse(corpus.index_is_current())

    def test_the_sync_job_rebuilds_the_index_and_the_search_finds_the_patent(self):
        self.client.force_login(self.clerk)  # tests run jobs in line: the page's job runs now
        page = self.client.get(reverse("landscape:search"), {"q": "涂布"})
        self.assertTrue(corpus.index_is_current())
        self.assertEqual(JobRun.objects.get(name="landscape.sync").status, JobRun.Status.DONE)
        self.assertEqual(self.client.get(reverse("landscape:search"), {"q": "涂布"}).context["total"], 1, page)

    def test_a_rebuild_that_died_is_done_again_by_the_next_sync(self):
        with mock.patch.object(textindex, "build", side_effect=MemoryError("killed")), self.assertRaises(MemoryError):
            corpus.sync_district(index=True)
        # The fingerprint was not written: the sync is not taken for done.
        self.assertNotIn("district_fingerprint", corpus.get_store().manifest())
        self.assertTrue(corpus.sync_district(index=True))
        self.assertTrue(corpus.index_is_current())
        # A store synced without its index (by a page) gets the index on the next job run.
        shutil.rmtree(corpus.get_store().fts_dir)
        self.assertTrue(corpus.sync_district(index=True))
        self.assertTrue(corpus.index_is_current())
        self.assertFalse(corpus.sync_district(index=True))  # and then there is nothing to do


class ConcurrentStoreWritesTests(PeopleTestCase):
    """Two writers of one store at once (two syncs, a sync and an import) in threads."""

    def test_two_syncs_at_once_do_not_collide_and_keep_every_part(self):
        root = Path(tempfile.mkdtemp(prefix="landscape-concurrent-"))
        self.addCleanup(shutil.rmtree, root, True)
        rows = [
            {"application_number": f"2020100000{n:02d}", "title": f"专利{n}", "country": "CN",
             "patent_type": "invention", "filing_date": "2020-01-01"}
            for n in range(20)
        ]  # fmt: skip
        errors: list[BaseException] = []

        def write(source: str, district: bool) -> None:
            try:
                for _ in range(5):
                    result = PatentStore(root).import_rows(rows, source=source, district=district)
                    assert result.ok, (result.file_errors, result.row_errors[:3])
                    PatentStore(root).write_refs([("H", "电学")], [])
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(f"s{n}", n == 0)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        manifest = PatentStore(root).manifest()
        # One district part and ten corpus parts, each named once; no temporary file left.
        names = [p["file"] for p in manifest["parts"]]
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(len(names), 11)
        self.assertEqual(manifest["version"], 30)
        self.assertEqual([p for p in root.rglob("*") if p.name.endswith(".tmp")], [])
