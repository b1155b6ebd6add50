"""Uploaded files on S3-compatible object storage (FILE_STORAGE=s3; moto's in-process S3):
evidence, imports and their reading go through Django's storage API, nothing lands on the disk."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from core.tests.objectstorage import BucketMixin
from portfolio import actions as portfolio_actions
from portfolio.models import ImportJob
from portfolio.tests.factories import patent_rows, to_csv
from protection import actions, evidence
from protection.tests.base import ProtectionMixin

PDF = b"%PDF-1.4\nevidence on object storage\n%%EOF\n"


class ObjectStorageTests(BucketMixin, ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def setUp(self) -> None:
        super().setUp()
        self.case = self.lead()

    def test_evidence_is_stored_in_the_bucket_and_downloads_intact(self):
        item = actions.upload_evidence(actor=self.enforcer, case=self.case, upload=SimpleUploadedFile("scan.pdf", PDF))
        self.assertEqual(self.keys(), [item.stored_name])
        self.assertFalse((Path(settings.MEDIA_ROOT) / item.stored_name).exists())
        self.assertEqual(evidence.sha256_of(item.stored_name), hashlib.sha256(PDF).hexdigest())
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("protection:evidence_download", args=[item.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_a_changed_object_is_caught_by_the_download_and_by_verify_evidence(self):
        item = actions.upload_evidence(actor=self.enforcer, case=self.case, upload=SimpleUploadedFile("scan.pdf", PDF))
        self.s3.put_object(Bucket=self.bucket, Key="evidence/2026/left-over.pdf", Body=PDF)
        out = io.StringIO()
        call_command("verify_evidence", stdout=out)
        self.assertIn(
            "not recorded (left by an upload that did not complete): evidence/2026/left-over.pdf", out.getvalue()
        )
        self.s3.put_object(Bucket=self.bucket, Key=item.stored_name, Body=PDF + b"changed")
        self.client.force_login(self.clerk)
        self.assertEqual(self.client.get(reverse("protection:evidence_download", args=[item.pk])).status_code, 409)

    def test_a_stored_name_that_points_elsewhere_is_refused(self):
        for name in ("../etc/passwd", "evidence/../imports/x.csv", "imports/x.csv", "evidence//x"):
            with self.assertRaises(ValueError, msg=name):
                evidence.checked_name(name)
            self.assertIsNone(evidence.sha256_of(name))

    def test_an_import_file_is_kept_in_the_bucket_and_read_from_it_by_the_job(self):
        data = to_csv(patent_rows(5, self.enterprise.uscc, seed=5))
        with self.captureOnCommitCallbacks(execute=True):
            job = portfolio_actions.start_import(
                actor=self.clerk, kind="patents", upload=SimpleUploadedFile("patents.csv", data)
            )
        job.refresh_from_db()
        self.assertIn(job.file.name, self.keys())
        self.assertFalse((Path(settings.MEDIA_ROOT) / job.file.name).exists())
        self.assertEqual((job.status, job.created_count), (ImportJob.Status.DONE, 5), job.file_errors)
