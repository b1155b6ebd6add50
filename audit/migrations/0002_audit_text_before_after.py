"""Before/after as canonical JSON text and no index on the hash (bulk imports append
100,000 events at a time; see docs/import-performance.md).

Existing rows are rewritten in the canonical spelling, because the chain hash is now checked
against the stored text itself and PostgreSQL's jsonb-to-text cast spells documents its own way."""

import json

from django.db import migrations, models

import audit.models


def _canonical(text):
    if text is None:
        return None
    value = json.loads(text)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def respell_as_canonical_text(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, before, after FROM audit_auditevent ORDER BY id")
        rows = cursor.fetchall()
        changed = []
        for pk, before, after in rows:
            new_before, new_after = _canonical(before), _canonical(after)
            if (new_before, new_after) != (before, after):
                changed.append((new_before, new_after, pk))
        for start in range(0, len(changed), 5000):
            cursor.executemany(
                "UPDATE audit_auditevent SET before = %s, after = %s WHERE id = %s", changed[start : start + 5000]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="before",
            field=audit.models.CanonicalJSONField(blank=True, null=True, verbose_name="before"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="after",
            field=audit.models.CanonicalJSONField(blank=True, null=True, verbose_name="after"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, verbose_name="hash"),
        ),
        migrations.RunPython(respell_as_canonical_text, migrations.RunPython.noop),
    ]
