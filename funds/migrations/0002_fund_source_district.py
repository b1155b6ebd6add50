"""Fund sources made before districts became data belong to the default district; a source's
name is unique within its district (each district has its own 区级资金)."""

import django.db.models.deletion
from django.db import migrations, models

import accounts.models
from accounts.migrating import fill_default_district


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_link_default_district"),
        ("funds", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="fundsource",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.district",
                verbose_name="county-level district",
            ),
        ),
        migrations.RunPython(fill_default_district("funds", "fundsource"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="fundsource",
            name="district",
            field=models.ForeignKey(
                default=accounts.models.default_district_code,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.district",
                verbose_name="county-level district",
            ),
        ),
        migrations.AlterField(
            model_name="fundsource",
            name="name",
            field=models.CharField(max_length=100, verbose_name="name"),
        ),
        migrations.AddConstraint(
            model_name="fundsource",
            constraint=models.UniqueConstraint(fields=("district", "name"), name="fund_source_unique_name_per_district"),
        ),
    ]
