"""The index of import blocks' records (audit/blocks.py). On PostgreSQL its rows refuse UPDATE
and DELETE as the events do (0004's trigger function)."""

from django.db import migrations, models

CREATE = """
CREATE TRIGGER audit_block_record_append_only
    BEFORE UPDATE OR DELETE ON audit_auditblockrecord
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS audit_block_record_append_only ON audit_auditblockrecord;"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_append_only_trigger"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditBlockRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(verbose_name="sequence")),
                ("object_type", models.CharField(max_length=80, verbose_name="object type")),
                ("object_id", models.CharField(max_length=64, verbose_name="object id")),
            ],
            options={
                "verbose_name": "record of an import block",
                "verbose_name_plural": "records of import blocks",
                "indexes": [
                    models.Index(fields=["object_type", "object_id", "seq"], name="audit_audit_object__d6ddba_idx")
                ],
            },
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP), elidable=False),
    ]
