"""The risk pool and its compensations refer to funds' FundSource (the same table, taken over
and renamed by funds 0001). State only: the database's foreign keys already point there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("financing", "0001_initial"),
        ("funds", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="riskpool",
                    name="source",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="risk_pool",
                        to="funds.fundsource",
                        verbose_name="fund source",
                    ),
                ),
                migrations.AlterField(
                    model_name="compensation",
                    name="source",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="funds.fundsource",
                        verbose_name="fund source",
                    ),
                ),
            ],
        ),
    ]
