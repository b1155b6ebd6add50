"""Programmes made before districts became data belong to the default district."""

import django.db.models.deletion
from django.db import migrations, models

import accounts.models
from accounts.migrating import fill_default_district


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_link_default_district"),
        ("incentives", "0005_alter_awarditem_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.district",
                verbose_name="county-level district",
            ),
        ),
        migrations.RunPython(fill_default_district("incentives", "programme"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="programme",
            name="district",
            field=models.ForeignKey(
                default=accounts.models.default_district_code,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.district",
                verbose_name="county-level district",
            ),
        ),
    ]
