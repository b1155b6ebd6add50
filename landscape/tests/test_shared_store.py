"""The landscape store on several machines: the sync job publishes the Parquet parts and the
full-text index to the object store (moto's in-process S3), another node takes them into its
own folder, and a page on that node reads them without writing the store itself."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from django.test import override_settings
from django.urls import reverse

from core.models import JobRun
from core.tests.objectstorage import BucketMixin
from core.tests.people import PeopleTestCase
from landscape import corpus, shared
from landscape.tests.helpers import BATTERY_TITLE, battery_patent
from patentstore import textindex
from portfolio import actions as portfolio_actions
from portfolio.tests.factories import numbered

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class SharedLandscapeStoreTests(BucketMixin, PeopleTestCase):
    bucket = "landscape-test"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        battery_patent(cls.enterprise, ipc_codes=["H01M 4/04"])

    def setUp(self):
        super().setUp()
        self.nodes = [Path(tempfile.mkdtemp(prefix=f"landscape-node{n}-")) for n in (1, 2)]
        for node in self.nodes:
            self.addCleanup(shutil.rmtree, node, True)
        shared._last_follow.clear()

    def another_patent(self, serial: int):
        return portfolio_actions.add_patent(
            actor=None,
            application_number=numbered(serial, year=2021),
            owners=[self.enterprise],
            title=BATTERY_TITLE + str(serial),
            filing_date="2021-01-01",
            status="pending",
        )

    def on(self, node: int) -> override_settings:
        return override_settings(LANDSCAPE_STORE_DIR=self.nodes[node - 1])

    def test_a_sync_on_one_node_is_published_and_another_node_takes_it(self):
        with self.on(1):
            self.assertTrue(corpus.sync_district(index=True))
        keys = self.keys()
        self.assertIn(shared.CURRENT, keys)
        published = shared.current()
        assert published is not None
        self.assertTrue(any(name.startswith("parts/") and name.endswith(".parquet") for name in published["files"]))
        self.assertIn("fts/meta.json", published["files"])
        self.assertEqual(len(keys), len(set(published["files"].values())) + 1)

        with self.on(2):
            corpus.follow_published()
            self.assertEqual(sorted(shared.local_files(self.nodes[1])), sorted(published["files"]))
            for name in published["files"]:
                self.assertEqual((self.nodes[0] / name).read_bytes(), (self.nodes[1] / name).read_bytes(), name)
            self.assertTrue(corpus.index_is_current())
            index = corpus.get_index()
            assert index is not None
            self.assertEqual(index.n, 1)

    def test_a_second_sync_sends_only_what_changed(self):
        with self.on(1):
            corpus.sync_district(index=True)
            before = set(self.keys())
            self.another_patent(2)
            self.assertTrue(corpus.sync_district(index=True))
        after = set(self.keys())
        published = shared.current()
        assert published is not None
        self.assertEqual(
            after - before, {f"{shared.PREFIX}/objects/{sha}" for sha in published["files"].values()} - before
        )
        self.assertTrue(before - {shared.CURRENT} <= after)  # the refs did not change: not sent again
        with self.on(2):
            corpus.follow_published()
            self.assertEqual(
                json.loads((self.nodes[1] / "manifest.json").read_text())["district_fingerprint"], corpus._fingerprint()
            )

    @override_settings(TASKS=DATABASE_QUEUE)
    def test_a_page_on_a_node_reads_the_published_store_and_only_queues_the_sync(self):
        with self.on(1):
            corpus.sync_district(index=True)
        self.client.force_login(self.clerk)
        with self.on(2):
            from unittest import mock

            with mock.patch.object(textindex, "build", side_effect=AssertionError("built in a web request")):
                page = self.client.get(reverse("landscape:search"), {"q": "涂布"})
            self.assertEqual(page.context["total"], 1)
            self.assertFalse(JobRun.objects.filter(name="landscape.sync").exists())  # the copy is current
            self.another_patent(3)
            shared._last_follow.clear()
            self.client.get(reverse("landscape:search"), {"q": "涂布"})
            self.assertEqual(
                list(JobRun.objects.filter(name="landscape.sync").values_list("status", flat=True)),
                [JobRun.Status.QUEUED],
            )

    def test_a_download_that_does_not_match_its_hash_is_refused_and_nothing_is_replaced(self):
        with self.on(1):
            corpus.sync_district(index=True)
        published = shared.current()
        assert published is not None
        sha = published["files"]["manifest.json"]
        self.s3.put_object(Bucket=self.bucket, Key=f"{shared.PREFIX}/objects/{sha}", Body=b"{}")
        with self.on(2), self.assertRaises(OSError):
            shared.follow(self.nodes[1], force=True)
        self.assertFalse((self.nodes[1] / "manifest.json").exists())
