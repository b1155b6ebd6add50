"""A test's own S3 bucket (moto's in-process S3) as the default storage: FILE_STORAGE=s3."""

from __future__ import annotations

from typing import Any

import boto3
from django.test import override_settings
from moto import mock_aws


def s3_storages(bucket: str) -> dict[str, dict[str, Any]]:
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "access_key": "k",
                "secret_key": "s",
                "region_name": "us-east-1",
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class BucketMixin:
    """setUp gives each test an empty bucket ``self.bucket`` and ``self.s3`` (a boto3 client)."""

    bucket = "ipcounty-files"

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]  # a mixin of TestCase
        aws = mock_aws()
        aws.start()
        self.addCleanup(aws.stop)  # type: ignore[attr-defined]
        self.s3 = boto3.client("s3", region_name="us-east-1")
        self.s3.create_bucket(Bucket=self.bucket)
        # Django builds the default storage again when STORAGES changes (and back afterwards).
        self.enterContext(override_settings(FILE_STORAGE="s3", STORAGES=s3_storages(self.bucket)))  # type: ignore[attr-defined]

    def keys(self) -> list[str]:
        return sorted(o["Key"] for o in self.s3.list_objects_v2(Bucket=self.bucket).get("Contents", []))
