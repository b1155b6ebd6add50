"""Several machines on this one: two web nodes (gunicorn) and one worker (`run_worker`, RQ on
Redis) against one PostgreSQL database, one Redis and one S3 bucket (moto's server), each node
with its own trademark-index folder and its own media folder. Everything is asked over real
HTTP, with one log-in (the session lives in the database, so node 2 knows it too):

- a mark added through node 1 is found by a search on node 2 within a few seconds;
- an import uploaded to node 1 is run by the worker, which reads the file from the bucket;
- evidence uploaded to node 1 downloads intact (SHA-256) from node 2;
- node 2 killed, a mark added on node 1, node 2 started again: it finds the mark.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
import redis
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import TransactionTestCase

from core.tests.nodes import Bucket, Machines, free_port, node_env, redis_is_up
from core.tests.test_worker_processes import WorkerProcessMixin
from portfolio.models import ImportJob, Trademark
from portfolio.tests.factories import patent_rows, to_csv
from protection.models import EvidenceFile
from protection.tests.base import ProtectionMixin

CACHE_URL = "redis://127.0.0.1:6379/4"
QUEUE_URL = "redis://127.0.0.1:6379/5"
BUCKET = "ipcounty-multinode"
PASSWORD = "Several-machines-2026"  # a test user's password
PDF = b"%PDF-1.4\n" + os.urandom(200_000) + b"\n%%EOF\n"


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several processes share one PostgreSQL"),
    pytest.mark.skipif(not redis_is_up(CACHE_URL), reason="needs Redis on 127.0.0.1:6379"),
]


class SeveralMachinesTests(WorkerProcessMixin, ProtectionMixin, TransactionTestCase):
    def setUp(self) -> None:
        from moto.server import ThreadedMotoServer

        self.make_protection()
        for person in (self.clerk, self.enforcer):
            # The nodes run with the real password hashers, not the tests' fast one.
            hasher = PBKDF2PasswordHasher()
            person.password = hasher.encode(PASSWORD, hasher.salt())
            person.save(update_fields=["password"])
        self.case = self.lead()
        for url in (CACHE_URL, QUEUE_URL):
            redis.Redis.from_url(url).flushdb()
        s3_port = free_port()
        self.s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
        self.s3.start()
        self.addCleanup(self.s3.stop)
        self.s3_url = f"http://127.0.0.1:{s3_port}"
        import boto3

        boto3.client(
            "s3", endpoint_url=self.s3_url, aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1"
        ).create_bucket(Bucket=BUCKET)
        self.share_database()
        self.scratch = Path(tempfile.mkdtemp(prefix="ipcounty-nodes-"))
        self.machines = Machines(self.scratch)
        self.addCleanup(self.machines.stop_all)

    # --- the machines ------------------------------------------------------------------------

    def env(self, node: str) -> dict[str, str]:
        return node_env(
            self.scratch / node,
            database_url=self.database_url(),
            cache_url=CACHE_URL,
            queue_url=QUEUE_URL,
            bucket=Bucket(self.s3_url, BUCKET),
            secret_key="multinode-test-" + "x" * 50,
        )

    def start_web(self, node: str, port: int) -> str:
        try:
            return self.machines.start_web(node, port, self.env(node))
        except RuntimeError as exc:
            self.fail(str(exc))

    def start_worker(self) -> None:
        self.machines.start_worker("worker", self.env("worker"))

    def kill(self, node: str) -> None:
        self.machines.kill(node)

    # --- a person at a browser -----------------------------------------------------------------

    def log_in(self, base: str, user) -> requests.Session:
        browser = requests.Session()
        browser.get(f"{base}/accounts/login/", timeout=10)
        response = self.post(browser, f"{base}/accounts/login/", {"username": user.username, "password": PASSWORD})
        self.assertNotIn("/accounts/login/", response.url, "the log-in failed")
        return browser

    def post(self, browser: requests.Session, url: str, data: dict, files: dict | None = None) -> requests.Response:
        token = browser.cookies.get("csrftoken")
        response = browser.post(url, data={**data, "csrfmiddlewaretoken": token}, files=files, timeout=30)
        self.assertLess(response.status_code, 400, response.text[:2000])
        return response

    def add_mark(self, browser: requests.Session, base: str, number: str, text: str) -> None:
        fields = {
            "number": number,
            "mark_text": text,
            "kind": "ordinary",
            "owner": str(self.enterprise.pk),
            "filing_date": "2020-01-01",
            "status": "applied",
            "groups_text": "3301",
        }
        response = self.post(browser, f"{base}/portfolio/trademarks/new/", fields)
        errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.text, re.S)
        self.assertRegex(response.url, r"/portfolio/trademarks/\d+/$", errors)

    def finds(self, browser: requests.Session, base: str, number: str, text: str, seconds: float) -> float | None:
        """Seconds until a search on ``base`` lists the mark, or None."""
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            page = browser.get(f"{base}/similarity/search/", params={"q": text}, timeout=30)
            self.assertEqual(page.status_code, 200)
            if number in page.text:
                return time.monotonic() - started
            time.sleep(0.2)
        return None

    # --- the test ----------------------------------------------------------------------------

    def test_two_web_nodes_and_a_worker_share_marks_imports_and_evidence(self):
        started = time.monotonic()
        port1, port2 = free_port(), free_port()
        node1, node2 = self.start_web("node1", port1), self.start_web("node2", port2)
        self.start_worker()
        clerk = self.log_in(node1, self.clerk)
        print(f"\nthree processes up and logged in after {time.monotonic() - started:.1f} s")

        # The index of node 2 exists (built on its first search) before the mark is added.
        self.assertIsNone(self.finds(clerk, node2, "32000001", "芝罘湾", seconds=0.1))
        self.add_mark(clerk, node1, "32000001", "芝罘湾")
        self.assertIsNotNone(self.finds(clerk, node1, "32000001", "芝罘湾", seconds=1))
        waited = self.finds(clerk, node2, "32000001", "芝罘湾", seconds=5)
        self.assertIsNotNone(waited, "node 2 never found the mark added on node 1")
        print(f"node 2 found the mark added on node 1 after {waited:.2f} s")

        # An import uploaded to node 1 is stored in the bucket and run by the worker.
        data = to_csv(patent_rows(20, self.enterprise.uscc, seed=3))
        self.post(clerk, f"{node1}/portfolio/imports/new/patents/", {}, files={"file": ("patents.csv", data)})
        job = ImportJob.objects.get()
        self.assertFalse(Path(settings.MEDIA_ROOT, job.file.name).exists())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and job.status not in {ImportJob.Status.DONE, ImportJob.Status.FAILED}:
            time.sleep(0.3)
            job.refresh_from_db()
        self.assertEqual(
            (job.status, job.created_count), (ImportJob.Status.DONE, 20), (job.file_errors, job.row_errors[:3])
        )

        # Evidence uploaded to node 1 downloads intact from node 2.
        enforcer = self.log_in(node1, self.enforcer)
        self.post(
            enforcer,
            f"{node1}/protection/cases/{self.case.pk}/evidence/",
            {"kind": "other", "description": "scan"},
            files={"file": ("scan.pdf", PDF)},
        )
        item = EvidenceFile.objects.get(case=self.case)
        self.assertFalse((self.scratch / "node1" / "media" / item.stored_name).exists())  # not on the disk
        download = enforcer.get(f"{node2}/protection/evidence/{item.pk}/", timeout=30)
        self.assertEqual(download.status_code, 200, download.text[:500])
        self.assertEqual(hashlib.sha256(download.content).hexdigest(), hashlib.sha256(PDF).hexdigest())
        self.assertEqual(item.sha256, hashlib.sha256(PDF).hexdigest())

        # Node 2 down; a mark added meanwhile is found once it is back.
        self.kill("node2")
        self.add_mark(clerk, node1, "32000002", "蓬莱阁")
        node2 = self.start_web("node2", port2)
        clerk.close()  # drop the kept-alive connections to the killed process (the cookies stay)
        self.assertIsNotNone(self.finds(clerk, node2, "32000002", "蓬莱阁", seconds=5))
        self.assertTrue(Trademark.objects.filter(number="32000002").exists())
        # Each node kept its own index folder.
        for node in ("node1", "node2"):
            self.assertTrue((self.scratch / node / "index" / "ACTIVE").exists(), node)
        self.assertTrue(re.match(r"build-", (self.scratch / "node2" / "index" / "ACTIVE").read_text()))
