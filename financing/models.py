from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, district_field, districts_of
from core.models import StatusChange
from core.money import MONEY, ZERO
from core.querysets import VisibleQuerySet
from financing.choices import AssetKind, LoanStatus
from funds.models import FundSource
from portfolio.models import Patent, Trademark
from registry.models import Enterprise

RATE: dict[str, Any] = {"max_digits": 5, "decimal_places": 2}


class LoanProductQuerySet(VisibleQuerySet):
    def for_user(self, user) -> LoanProductQuerySet:
        """The office sees every product; a bank its own (published or not); everyone else
        the published products of every bank, which is what they choose from."""
        if not user.is_authenticated:
            return self.none()
        if user.kind == "bank":
            return self.filter(bank_id=user.organisation_id)
        # The products of the banks serving the person's district(s).
        serving = self.filter_across(bank__districts__in=districts_of(user))
        if user.is_office:
            return serving
        return serving.filter(is_published=True)


class LoanProduct(models.Model):
    """An IP pledge-loan product a partner bank publishes on the platform: how much it lends,
    for how long, at what rate, against which kinds of IP, and what share of a defaulted
    loan's outstanding principal the district's risk-compensation pool has agreed to bear."""

    bank = models.ForeignKey(
        Organisation,
        verbose_name=_("bank"),
        on_delete=models.PROTECT,
        related_name="loan_products",
        limit_choices_to={"kind": "bank"},
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    min_amount = models.DecimalField(_("smallest loan (yuan)"), **MONEY)
    max_amount = models.DecimalField(_("largest loan (yuan)"), **MONEY)
    max_term_months = models.PositiveSmallIntegerField(_("longest term (months)"))
    rate_from = models.DecimalField(_("annual rate from (%)"), **RATE)
    rate_to = models.DecimalField(_("annual rate up to (%)"), **RATE)
    accepts_patents = models.BooleanField(_("accepts patents"), default=True)
    accepts_trademarks = models.BooleanField(_("accepts trademarks"), default=True)
    compensation_percent = models.DecimalField(
        _("risk compensation share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Share of a defaulted loan's outstanding principal the district pool pays the bank."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = LoanProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        ordering = ["bank__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "name"], name="loan_product_unique_name_per_bank"),
            models.CheckConstraint(
                condition=Q(min_amount__gt=0) & Q(max_amount__gte=models.F("min_amount")),
                name="loan_product_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(rate_from__gte=0) & Q(rate_to__gte=models.F("rate_from")), name="loan_product_rate_range"
            ),
            models.CheckConstraint(
                condition=Q(compensation_percent__gte=0) & Q(compensation_percent__lte=100),
                name="loan_product_compensation_range",
            ),
            models.CheckConstraint(
                condition=Q(accepts_patents=True) | Q(accepts_trademarks=True), name="loan_product_accepts_some_ip"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank} · {self.name}"


class PledgeLoanQuerySet(VisibleQuerySet):
    def for_user(self, user) -> PledgeLoanQuerySet:
        """The office sees every loan; a bank only what was sent to it; a valuation agency
        only what it was asked to value; an enterprise its own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(enterprise__organisation__districts__in=districts_of(user))
        if user.kind == "bank":
            # Every application sent to it, from each district it serves (and none from a
            # district it no longer serves: accounts' 服务区县 page links and unlinks them).
            return self.filter(bank_id=user.organisation_id).filter_across(
                enterprise__organisation__districts__in=districts_of(user)
            )
        if user.kind == "valuer":
            return self.filter(valuer_id=user.organisation_id)
        if user.kind == "enterprise":
            return self.filter(enterprise__organisation_id=user.organisation_id)
        return self.none()


class PledgeLoan(models.Model):
    """An enterprise's application for an IP pledge loan under one bank's product, and the
    loan it becomes: the bank's review and decision, the pledge registered with the national
    IP office, the money lent, its repayments, and its close or default."""

    product = models.ForeignKey(
        LoanProduct, verbose_name=_("loan product"), on_delete=models.PROTECT, related_name="loans"
    )
    # The product's bank, kept on the loan: it is who may see the loan.
    bank = models.ForeignKey(Organisation, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="pledge_loans"
    )
    valuer = models.ForeignKey(
        Organisation,
        verbose_name=_("valuation agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "valuer"},
    )
    status = models.CharField(_("status"), max_length=20, choices=LoanStatus.choices, default=LoanStatus.RECEIVED)
    requested_amount = models.DecimalField(_("amount asked (yuan)"), **MONEY)
    requested_term_months = models.PositiveSmallIntegerField(_("term asked (months)"))
    purpose = models.CharField(_("purpose of the loan"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_amount = models.DecimalField(_("approved amount (yuan)"), null=True, blank=True, **MONEY)
    rate = models.DecimalField(_("annual rate (%)"), null=True, blank=True, **RATE)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    registration_number = models.CharField(_("pledge registration number"), max_length=40, blank=True)
    registered_on = models.DateField(_("pledge registered on"), null=True, blank=True)
    disbursed_amount = models.DecimalField(_("amount lent (yuan)"), null=True, blank=True, **MONEY)
    disbursed_on = models.DateField(_("lent on"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    defaulted_on = models.DateField(_("in default since"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = PledgeLoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge loan")
        verbose_name_plural = _("pledge loans")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["bank", "status"]), models.Index(fields=["status", "disbursed_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gt=0), name="pledge_loan_requested_positive"),
            models.CheckConstraint(
                condition=Q(disbursed_amount__isnull=True) | Q(disbursed_amount__gt=0),
                name="pledge_loan_disbursed_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.enterprise} · {self.bank}"

    def repaid_principal(self) -> Decimal:
        return self.repayments.aggregate(s=Sum("principal"))["s"] or ZERO

    def outstanding_principal(self) -> Decimal:
        if self.disbursed_amount is None:
            return ZERO
        return self.disbursed_amount - self.repaid_principal()


class PledgedAsset(models.Model):
    """A patent or trademark an application pledges, with the platform's value score for it
    as of the application. From the bank's approval until the loan ends it "holds the pledge":
    the database allows one such row per asset, so an asset is never in two live pledges."""

    loan = models.ForeignKey(PledgeLoan, verbose_name=_("pledge loan"), on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("kind"), max_length=12, choices=AssetKind.choices)
    patent = models.ForeignKey(
        Patent, verbose_name=_("patent"), on_delete=models.PROTECT, null=True, blank=True, related_name="pledges"
    )
    trademark = models.ForeignKey(
        Trademark, verbose_name=_("trademark"), on_delete=models.PROTECT, null=True, blank=True, related_name="pledges"
    )
    asset_key = models.CharField(_("asset"), max_length=40)
    label = models.CharField(_("asset description"), max_length=300)
    holds_pledge = models.BooleanField(_("pledge in force"), default=False)
    co_owner_consents = models.ManyToManyField(
        Enterprise, verbose_name=_("co-owners who consented"), blank=True, related_name="+"
    )
    citations = models.PositiveIntegerField(_("citations received"), null=True, blank=True)
    value_score = models.DecimalField(_("value score"), max_digits=4, decimal_places=1)
    value_indicators = models.JSONField(_("value score indicators"), default=list)
    scored_on = models.DateField(_("scored on"))
    appraised_value = models.DecimalField(_("appraised value (yuan)"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("pledged asset")
        verbose_name_plural = _("pledged assets")
        ordering = ["loan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "asset_key"], name="pledged_asset_once_per_loan"),
            models.UniqueConstraint(
                fields=["asset_key"], condition=Q(holds_pledge=True), name="asset_in_one_live_pledge"
            ),
            models.CheckConstraint(
                condition=(Q(kind=AssetKind.PATENT) & Q(patent__isnull=False) & Q(trademark__isnull=True))
                | (Q(kind=AssetKind.TRADEMARK) & Q(trademark__isnull=False) & Q(patent__isnull=True)),
                name="pledged_asset_one_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class LoanStatusChange(StatusChange):
    """A step a pledge loan took, who took it and why (the visible history of the workflow)."""

    loan = models.ForeignKey(
        PledgeLoan, verbose_name=_("pledge loan"), on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=LoanStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=LoanStatus.choices)

    class Meta:
        verbose_name = _("loan step")
        verbose_name_plural = _("loan steps")
        ordering = ["loan", "at", "pk"]


class Valuation(models.Model):
    """The valuation agency's report on the pledged assets of one application: its total and,
    on the assets, the value of each."""

    loan = models.OneToOneField(
        PledgeLoan, verbose_name=_("pledge loan"), on_delete=models.CASCADE, related_name="valuation"
    )
    valuer = models.ForeignKey(
        Organisation, verbose_name=_("valuation agency"), on_delete=models.PROTECT, related_name="valuations"
    )
    report_number = models.CharField(_("report number"), max_length=60)
    valued_on = models.DateField(_("valued on"))
    total_value = models.DecimalField(_("appraised value (yuan)"), **MONEY)
    method = models.CharField(_("method"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("valuation")
        verbose_name_plural = _("valuations")
        constraints = [models.CheckConstraint(condition=Q(total_value__gt=0), name="valuation_positive")]

    def __str__(self) -> str:
        return f"{self.report_number} ¥{self.total_value}"


class Repayment(models.Model):
    """Principal and interest the enterprise paid back on a loan, as the bank recorded it."""

    loan = models.ForeignKey(
        PledgeLoan, verbose_name=_("pledge loan"), on_delete=models.PROTECT, related_name="repayments"
    )
    paid_on = models.DateField(_("paid on"))
    principal = models.DecimalField(_("principal (yuan)"), default=ZERO, **MONEY)
    interest = models.DecimalField(_("interest (yuan)"), default=ZERO, **MONEY)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["loan", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gte=0) & Q(interest__gte=0) & (Q(principal__gt=0) | Q(interest__gt=0)),
                name="repayment_amounts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} ¥{self.principal} + ¥{self.interest}"


class RiskPoolQuerySet(VisibleQuerySet):
    def for_user(self, user) -> RiskPoolQuerySet:
        """A district's pool is its office's (and the bureau's over it); nobody else sees a pool."""
        if not user.is_authenticated or not user.is_office:
            return self.none()
        return self.filter(district__in=districts_of(user))


class RiskPool(models.Model):
    """One district's risk-compensation pool (风险补偿资金池): which fund source of the funds
    ledger holds it. Its budget and every compensation paid are ledger moves; a district has
    one pool, held in a fund source of its own, and pays the defaults of its own enterprises'
    loans from it."""

    source = models.OneToOneField(
        FundSource, verbose_name=_("fund source"), on_delete=models.PROTECT, related_name="risk_pool"
    )
    # The district whose pool it is (the district of its fund source; set by the acting office).
    district = district_field()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RiskPoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk-compensation pool")
        verbose_name_plural = _("risk-compensation pools")
        constraints = [models.UniqueConstraint(fields=["district"], name="risk_pool_one_per_district")]

    def __str__(self) -> str:
        return str(self.source)


class Compensation(models.Model):
    """What the pool paid the bank for one defaulted loan: the product's agreed share of the
    principal outstanding at default. One per loan, by a database constraint."""

    loan = models.OneToOneField(
        PledgeLoan, verbose_name=_("pledge loan"), on_delete=models.PROTECT, related_name="compensation"
    )
    source = models.ForeignKey(FundSource, verbose_name=_("fund source"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("budget year"))
    outstanding_principal = models.DecimalField(_("principal outstanding at default"), **MONEY)
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount"), **MONEY)
    ledger_txns = models.JSONField(_("ledger transactions"), default=list)
    paid_at = models.DateTimeField(_("paid at"), auto_now_add=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("risk compensation")
        verbose_name_plural = _("risk compensations")
        ordering = ["-paid_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="compensation_positive")]

    def __str__(self) -> str:
        return f"{self.loan_id} ¥{self.amount}"
