"""The funds ledger: where public money for the district's IP work comes from (fund sources),
and every budget, commitment, payment and reversal as double-entry rows per source and year.

Incentives (award payments) and financing (the risk-compensation pool) both move money here,
through ``funds.ledger``. The tables were created by the incentives app and renamed when the
ledger became an app of its own (migration 0002); their rows were kept."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import district_field, districts_of
from core.money import MONEY, ZERO
from core.querysets import VisibleQuerySet
from funds.choices import Account, EntryKind, FundLevel


class FundSourceQuerySet(VisibleQuerySet):
    def for_user(self, user) -> FundSourceQuerySet:
        """The office sees the fund sources of its own district(s), a bureau those of the districts
        it supervises; nobody else sees a fund."""
        if not user.is_authenticated or not user.is_office:
            return self.none()
        return self.filter(district__in=districts_of(user))


class FundSource(models.Model):
    """Where award money comes from: the provincial, municipal or district fund (or another
    the office adds), as one district's office holds it: a district's office never sees or
    pays from another district's fund. Its budget per year is a ledger entry, never a typed
    total."""

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=FundLevel.choices)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The district whose office holds the fund (accounts.District; set by the acting office).
    district = district_field()

    objects = FundSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund source")
        verbose_name_plural = _("fund sources")
        ordering = ["level", "name"]
        constraints = [
            # Each district has its own 区级资金, so a name is unique within a district only.
            models.UniqueConstraint(fields=["district", "name"], name="fund_source_unique_name_per_district"),
        ]

    def __str__(self) -> str:
        return self.name


class LedgerAccount(models.Model):
    """One of a fund source's accounts for one year (see choices.Account)."""

    source = models.ForeignKey(
        FundSource, verbose_name=_("fund source"), on_delete=models.PROTECT, related_name="accounts"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("account"), max_length=16, choices=Account.choices)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["source", "year", "kind"]
        constraints = [models.UniqueConstraint(fields=["source", "year", "kind"], name="ledger_account_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.year} {self.get_kind_display()}"


class LedgerEntry(models.Model):
    """One line of a double-entry ledger transaction. Every transaction's debits equal its
    credits; each account's entries are numbered so two writers cannot both append the same
    number, and the balance after each entry is kept on it so that a database constraint
    refuses an entry that would take available, committed or paid funds below zero.

    An entry made for an award application (and its payment) names them, so that what an
    application has committed and paid is read from the ledger. The references are by model
    name, not by import: the ledger does not depend on the incentives code, only its table
    refers to theirs (and protects them from deletion)."""

    txn = models.UUIDField(_("transaction"), db_index=True)
    account = models.ForeignKey(
        LedgerAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="entries"
    )
    account_kind = models.CharField(_("account kind"), max_length=16, choices=Account.choices)
    seq = models.PositiveIntegerField(_("number in the account"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    debit = models.DecimalField(_("debit"), default=ZERO, **MONEY)
    credit = models.DecimalField(_("credit"), default=ZERO, **MONEY)
    balance = models.DecimalField(_("balance after"), **MONEY)
    application = models.ForeignKey(
        "incentives.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    payment = models.ForeignKey(
        "incentives.Payment",
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["account", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["account", "seq"], name="ledger_entry_sequence"),
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)), name="ledger_entry_one_side"
            ),
            models.CheckConstraint(
                condition=Q(balance__gte=0) | Q(account_kind=Account.APPROPRIATION), name="ledger_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} #{self.seq}"
