"""Imports started before the task queue ran in a thread of the web server; the restart that
installs this version ended those threads, so a job still queued or running will never finish.
Close it with the message a clerk can act on."""

from django.db import migrations
from django.utils import timezone

MESSAGE = "导入中断，未写入任何数据，请重新上传文件。"


def close(apps, schema_editor):
    ImportJob = apps.get_model("portfolio", "ImportJob")
    ImportJob.objects.filter(status__in=["queued", "running"]).update(
        status="failed", file_errors=[MESSAGE], finished_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0002_patent_indexes_without_like")]
    operations = [migrations.RunPython(close, migrations.RunPython.noop)]
