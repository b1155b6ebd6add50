"""Fund sources and the ledger now belong to the funds app (funds 0001 took over and renamed
their tables): they leave the incentives state, and award item shares point at funds'
FundSource. Nothing is done to the database here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0003_awarditem_subsidy_policy"),
        ("funds", "0001_initial"),
        # The risk pool's references move first, so nothing points at the old FundSource.
        ("financing", "0002_fund_source_moved_to_funds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="awarditemsplit",
                    name="source",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="funds.fundsource",
                        verbose_name="fund source",
                    ),
                ),
                migrations.DeleteModel(name="LedgerEntry"),
                migrations.DeleteModel(name="LedgerAccount"),
                migrations.DeleteModel(name="FundSource"),
            ],
        ),
    ]
