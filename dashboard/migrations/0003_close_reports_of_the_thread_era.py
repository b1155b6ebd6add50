"""Annual reports asked for before the task queue were made in a thread of the web server; the
restart that installs this version ended those threads. Close what was left unfinished."""

from django.db import migrations
from django.utils import timezone

MESSAGE = "报告生成中断，请重新生成报告。"


def close(apps, schema_editor):
    AnnualReport = apps.get_model("dashboard", "AnnualReport")
    AnnualReport.objects.filter(status__in=["queued", "running"]).update(
        status="failed", error=MESSAGE, finished_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0002_targets_and_reports")]
    operations = [migrations.RunPython(close, migrations.RunPython.noop)]
