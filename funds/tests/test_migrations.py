"""The ledger's move from incentives to funds (and the population's from dashboard to registry)
keeps every row: a database at the schema before the move, with fund sources, a budget, a
commitment and a payment for an award application, award item shares, the risk pool and a
year's population in it, is migrated forward and read back through the new models."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from core.money import ZERO
from dashboard.models import DistrictTarget
from financing.models import RiskPool
from funds import ledger
from funds.choices import Account, EntryKind, FundLevel
from funds.models import FundSource, LedgerAccount, LedgerEntry
from incentives.models import Application, AwardItemSplit, Payment
from registry.models import DistrictPopulation

# The schema just before the move: every app's last migration of the time, and no funds app.
BEFORE = [
    ("incentives", "0003_awarditem_subsidy_policy"),
    ("financing", "0001_initial"),
    ("registry", "0002_phone_validator"),
    ("dashboard", "0003_close_reports_of_the_thread_era"),
    ("funds", None),
]


def _others_as_of(graph, before):
    """Every other app at its latest migration that needs nothing newer of the moved apps than
    ``before`` (a later migration of another app may build on the moved schema)."""
    moved = {app for app, _name in before}
    allowed = {node for app, name in before if name for node in graph.forwards_plan((app, name))}
    targets = []
    for leaf in graph.leaf_nodes():
        if leaf[0] in moved:
            continue
        chain = [node for node in graph.forwards_plan(leaf) if node[0] == leaf[0]]
        target = (leaf[0], None)
        for node in reversed(chain):
            if all(n[0] not in moved or n in allowed for n in graph.forwards_plan(node)):
                target = node
                break
        targets.append(target)
    return targets


def _entry(apps, txn, account, seq, kind, debit, credit, balance, **links):
    return apps.get_model("incentives", "LedgerEntry").objects.create(
        txn=txn,
        account=account,
        account_kind=account.kind,
        seq=seq,
        kind=kind,
        debit=Decimal(debit),
        credit=Decimal(credit),
        balance=Decimal(balance),
        memo=f"{kind} {seq}",
        **links,
    )


class LedgerMoveKeepsTheRows(TransactionTestCase):
    def tearDown(self) -> None:
        # Whatever happened, leave the database at the latest schema for the tests after.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        super().tearDown()

    def _fill_old_schema(self, apps) -> dict[str, int]:
        """Rows as the incentives-era code wrote them, through the models of that schema."""
        model = apps.get_model
        organisation = model("accounts", "Organisation").objects.create(name="Migration Co.", kind="enterprise")
        user = model("accounts", "User").objects.create(username="migration-clerk")
        enterprise = model("registry", "Enterprise").objects.create(
            uscc="91370602MA3C00001X", name="Migration Co.", organisation=organisation
        )
        source = model("incentives", "FundSource").objects.create(name="District fund", level=FundLevel.DISTRICT)
        other = model("incentives", "FundSource").objects.create(name="Risk pool", level=FundLevel.OTHER)
        programme = model("incentives", "Programme").objects.create(
            name="Awards",
            year=2026,
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 12, 31),
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
        )
        item = model("incentives", "AwardItem").objects.create(
            programme=programme, name="Invention", rule="invention_granted", amount=Decimal("5000")
        )
        split = model("incentives", "AwardItemSplit").objects.create(item=item, source=source, percent=Decimal(100))
        application = model("incentives", "Application").objects.create(
            programme=programme, enterprise=enterprise, submitted_by=user, status="approved"
        )
        payment = model("incentives", "Payment").objects.create(application=application, amount=Decimal("3000"))
        accounts = {
            kind: model("incentives", "LedgerAccount").objects.create(source=source, year=2026, kind=kind)
            for kind in (Account.APPROPRIATION, Account.AVAILABLE, Account.COMMITTED, Account.PAID)
        }
        budget, commit, pay = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        _entry(apps, budget, accounts[Account.AVAILABLE], 1, EntryKind.BUDGET, "100000", "0", "100000")
        _entry(apps, budget, accounts[Account.APPROPRIATION], 1, EntryKind.BUDGET, "0", "100000", "-100000")
        _entry(
            apps, commit, accounts[Account.COMMITTED], 1, EntryKind.COMMIT, "5000", "0", "5000", application=application
        )
        _entry(
            apps,
            commit,
            accounts[Account.AVAILABLE],
            2,
            EntryKind.COMMIT,
            "0",
            "5000",
            "95000",
            application=application,
        )
        _entry(
            apps,
            pay,
            accounts[Account.PAID],
            1,
            EntryKind.PAY,
            "3000",
            "0",
            "3000",
            application=application,
            payment=payment,
        )
        _entry(
            apps,
            pay,
            accounts[Account.COMMITTED],
            2,
            EntryKind.PAY,
            "0",
            "3000",
            "2000",
            application=application,
            payment=payment,
        )
        pool = model("financing", "RiskPool").objects.create(source=other)
        model("dashboard", "DistrictPopulation").objects.create(year=2026, population=700_000, source="yearbook")
        model("dashboard", "DistrictTarget").objects.create(year=2026, indicator="trainings", value=Decimal(12))
        return {
            "source": source.pk,
            "other": other.pk,
            "split": split.pk,
            "application": application.pk,
            "payment": payment.pk,
            "pool": pool.pk,
        }

    def test_ledger_rows_shares_pool_and_population_survive_the_move(self):
        executor = MigrationExecutor(connection)
        others = _others_as_of(executor.loader.graph, BEFORE)
        executor.migrate(BEFORE + others)
        old_apps = executor.loader.project_state([node for node in BEFORE + others if node[1]]).apps
        ids = self._fill_old_schema(old_apps)

        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

        source = FundSource.objects.get(pk=ids["source"])
        self.assertEqual((source.name, source.level), ("District fund", FundLevel.DISTRICT))
        self.assertEqual(FundSource.objects.count(), 2)
        self.assertEqual(LedgerAccount.objects.filter(source=source, year=2026).count(), 4)
        self.assertEqual(LedgerEntry.objects.count(), 6)
        self.assertEqual(ledger.verify_ledger(), [])
        position = next(p for p in ledger.positions(2026) if p.source == source)
        self.assertEqual(
            (position.budget, position.committed, position.paid, position.available),
            (Decimal("100000.00"), Decimal("2000.00"), Decimal("3000.00"), Decimal("95000.00")),
        )
        application = Application.objects.get(pk=ids["application"])
        self.assertEqual(
            ledger.application_balances(application), {source.pk: (Decimal("2000.00"), Decimal("3000.00"))}
        )
        payment = Payment.objects.get(pk=ids["payment"])
        self.assertEqual(ledger.paid_for(payment), [(source, 2026, Decimal("3000.00"))])
        self.assertEqual(AwardItemSplit.objects.get(pk=ids["split"]).source, source)
        self.assertEqual(RiskPool.objects.get(pk=ids["pool"]).source_id, ids["other"])
        # The installation's one pool is the default district's (financing 0003).
        self.assertEqual(RiskPool.objects.get(pk=ids["pool"]).district_id, settings.DISTRICT_CODE)
        self.assertEqual(DistrictPopulation.of_year(2026), 700_000)
        self.assertEqual(DistrictPopulation.objects.get().source, "yearbook")
        self.assertEqual(DistrictTarget.objects.get().value, Decimal("12.00"))

        # The moved tables still take new rows, and their constraints still hold.
        with self.assertRaises(ledger.InsufficientFunds), transaction.atomic():
            ledger.post(kind=EntryKind.COMMIT, source=source, year=2026, amount=Decimal("95000.01"))
        with transaction.atomic():
            ledger.post(
                kind=EntryKind.COMMIT, source=source, year=2026, amount=Decimal("1000"), application=application
            )
        self.assertEqual(ledger.verify_ledger(), [])
        self.assertEqual(
            LedgerEntry.objects.filter(balance__lt=ZERO).exclude(account_kind=Account.APPROPRIATION).count(), 0
        )
