"""The funds ledger becomes an app of its own. Its three tables were the incentives app's
(incentives_fundsource, incentives_ledgeraccount, incentives_ledgerentry): this migration takes
them over in Django's state without touching the database, then renames them to funds_*, rows,
constraints and foreign keys kept (incentives 0004 and financing 0002 point their references
here and drop the models from the incentives state)."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

OLD_TABLES = {
    "fundsource": "incentives_fundsource",
    "ledgeraccount": "incentives_ledgeraccount",
    "ledgerentry": "incentives_ledgerentry",
}


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("incentives", "0003_awarditem_subsidy_policy"),
        # Every table with a foreign key to the old incentives_fundsource exists before the
        # rename, so that the rename carries those keys along (on a fresh database too).
        ("financing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="FundSource",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("provincial", "Provincial"),
                                    ("municipal", "Municipal"),
                                    ("district", "District"),
                                    ("other", "Other"),
                                ],
                                max_length=12,
                                verbose_name="level",
                            ),
                        ),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demo data")),
                    ],
                    options={
                        "verbose_name": "fund source",
                        "verbose_name_plural": "fund sources",
                        "ordering": ["level", "name"],
                        "db_table": OLD_TABLES["fundsource"],
                    },
                ),
                migrations.CreateModel(
                    name="LedgerAccount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("appropriation", "Appropriation"),
                                    ("available", "Available"),
                                    ("committed", "Committed"),
                                    ("paid", "Paid"),
                                ],
                                max_length=16,
                                verbose_name="account",
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="accounts",
                                to="funds.fundsource",
                                verbose_name="fund source",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ledger account",
                        "verbose_name_plural": "ledger accounts",
                        "ordering": ["source", "year", "kind"],
                        "db_table": OLD_TABLES["ledgeraccount"],
                        "constraints": [
                            models.UniqueConstraint(fields=("source", "year", "kind"), name="ledger_account_unique")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LedgerEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("txn", models.UUIDField(db_index=True, verbose_name="transaction")),
                        (
                            "account_kind",
                            models.CharField(
                                choices=[
                                    ("appropriation", "Appropriation"),
                                    ("available", "Available"),
                                    ("committed", "Committed"),
                                    ("paid", "Paid"),
                                ],
                                max_length=16,
                                verbose_name="account kind",
                            ),
                        ),
                        ("seq", models.PositiveIntegerField(verbose_name="number in the account")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("budget", "Budget allocated"),
                                    ("commit", "Commitment"),
                                    ("release", "Commitment released"),
                                    ("pay", "Payment"),
                                    ("reverse", "Payment reversed"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "debit",
                            models.DecimalField(decimal_places=2, default=Decimal("0.00"), max_digits=14, verbose_name="debit"),
                        ),
                        (
                            "credit",
                            models.DecimalField(
                                decimal_places=2, default=Decimal("0.00"), max_digits=14, verbose_name="credit"
                            ),
                        ),
                        ("balance", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="balance after")),
                        ("memo", models.CharField(blank=True, max_length=200, verbose_name="memo")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        (
                            "account",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="entries",
                                to="funds.ledgeraccount",
                                verbose_name="account",
                            ),
                        ),
                        (
                            "application",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ledger_entries",
                                to="incentives.application",
                                verbose_name="application",
                            ),
                        ),
                        (
                            "payment",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ledger_entries",
                                to="incentives.payment",
                                verbose_name="payment",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ledger entry",
                        "verbose_name_plural": "ledger entries",
                        "ordering": ["account", "seq"],
                        "db_table": OLD_TABLES["ledgerentry"],
                        "constraints": [
                            models.UniqueConstraint(fields=("account", "seq"), name="ledger_entry_sequence"),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("debit__gt", 0), ("credit", 0)),
                                    models.Q(("debit", 0), ("credit__gt", 0)),
                                    _connector="OR",
                                ),
                                name="ledger_entry_one_side",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("balance__gte", 0), ("account_kind", "appropriation"), _connector="OR"),
                                name="ledger_balance_not_negative",
                            ),
                        ],
                    },
                ),
            ],
        ),
        # The tables get the funds app's names; the rows, the constraints and the foreign keys
        # pointing at them (award item shares, the risk pool, compensations) stay as they are.
        migrations.AlterModelTable(name="fundsource", table=None),
        migrations.AlterModelTable(name="ledgeraccount", table=None),
        migrations.AlterModelTable(name="ledgerentry", table=None),
    ]
