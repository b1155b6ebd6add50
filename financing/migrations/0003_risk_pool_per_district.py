"""A risk-compensation pool per district. The pool made while there was one per installation
belongs to its fund source's district (the default district, which funds 0002 gave every source
made before districts became data); a district has one pool."""

import django.db.models.deletion
from django.db import migrations, models

import accounts.models
from accounts.migrating import fill_default_district


def pool_in_its_sources_district(apps, schema_editor) -> None:
    pools = apps.get_model("financing", "RiskPool")
    for pool in pools.objects.filter(district__isnull=True).select_related("source"):
        pool.district_id = pool.source.district_id
        pool.save(update_fields=["district"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_link_default_district"),
        ("financing", "0002_fund_source_moved_to_funds"),
        ("funds", "0002_fund_source_district"),
    ]

    operations = [
        migrations.AddField(
            model_name="riskpool",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.district",
                verbose_name="county-level district",
            ),
        ),
        migrations.RunPython(pool_in_its_sources_district, migrations.RunPython.noop),
        # A pool whose source had no district (none should): the default district.
        migrations.RunPython(fill_default_district("financing", "riskpool"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="riskpool",
            name="district",
            field=models.ForeignKey(
                default=accounts.models.default_district_code,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.district",
                verbose_name="county-level district",
            ),
        ),
        migrations.AddConstraint(
            model_name="riskpool",
            constraint=models.UniqueConstraint(fields=("district",), name="risk_pool_one_per_district"),
        ),
    ]
