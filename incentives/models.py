from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import district_field, districts_of
from core.models import StatusChange
from core.money import MONEY, ZERO
from core.querysets import VisibleQuerySet
from funds.models import FundSource
from incentives.choices import ApplicationStatus, ObjectionStatus, RuleKind
from registry.models import Enterprise


class ProgrammeQuerySet(VisibleQuerySet):
    def for_user(self, user) -> ProgrammeQuerySet:
        """A programme is a published measure of one district: everyone logged in reads the
        programmes of their organisation's district(s) (an enterprise its own district's), and
        no other district's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(district__in=districts_of(user))


class Programme(models.Model):
    """A subsidy or award programme written down by one district's measures for one year:
    when enterprises may apply, for which period's achievements, and its award items. Only
    that district's enterprises apply, and only that district's funds pay it."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("policy document"), max_length=300, blank=True)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    period_start = models.DateField(_("achievements from"))
    period_end = models.DateField(_("achievements until"))
    notice_workdays = models.PositiveSmallIntegerField(_("public notice (working days)"), default=5)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The district whose measures these are (accounts.District; set by the acting office).
    district = district_field()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def is_open(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class AwardItem(models.Model):
    """One thing a programme pays for, with a rule the platform checks against the portfolio,
    a fixed amount per asset, an optional cap per enterprise per year, and the fund sources
    that pay it (percentages summing to 100)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("name"), max_length=200)
    rule = models.CharField(_("rule"), max_length=32, choices=RuleKind.choices)
    amount = models.DecimalField(_("amount per asset (yuan)"), **MONEY)
    cap_per_enterprise = models.DecimalField(_("cap per enterprise per year (yuan)"), null=True, blank=True, **MONEY)
    # Why the item breaks the national patent-subsidy policy in force on the programme's dates
    # (incentives.policy); blank when it keeps to it. A refused item takes no application.
    policy_refusal = models.TextField(_("refused under the subsidy policy"), blank=True)
    # The office's documented exception (e.g. a provincial approval) under which an item the
    # policy would refuse still runs; it is shown on the public-notice page.
    policy_exception = models.TextField(_("documented exception to the subsidy policy"), blank=True)

    class Meta:
        verbose_name = _("award item")
        verbose_name_plural = _("award items")
        ordering = ["programme", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="award_item_amount_positive")]

    def __str__(self) -> str:
        return self.name

    @property
    def refused(self) -> bool:
        return bool(self.policy_refusal) and not self.policy_exception


class AwardItemSplit(models.Model):
    """Which share of an award item a fund source pays."""

    item = models.ForeignKey(AwardItem, verbose_name=_("award item"), on_delete=models.CASCADE, related_name="splits")
    source = models.ForeignKey(FundSource, verbose_name=_("fund source"), on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("fund share")
        verbose_name_plural = _("fund shares")
        ordering = ["item", "source"]
        constraints = [
            models.UniqueConstraint(fields=["item", "source"], name="award_split_unique_source"),
            models.CheckConstraint(condition=Q(percent__gt=0) & Q(percent__lte=100), name="award_split_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.percent}%"


class ApplicationQuerySet(VisibleQuerySet):
    def for_user(self, user) -> ApplicationQuerySet:
        """The office sees every application; an enterprise its own. Applications in public
        notice are listed to everyone on the notice page, not through this queryset."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(enterprise__organisation__districts__in=districts_of(user))
        return self.filter(enterprise__organisation_id=user.organisation_id)


class Application(models.Model):
    """An enterprise's application to a programme, with the assets and amounts it claims,
    moving through the office's review, the public notice, approval and payment."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="applications"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="award_applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    notice_starts = models.DateField(_("public notice from"), null=True, blank=True)
    notice_ends = models.DateField(_("public notice until"), null=True, blank=True)
    approved_amount = models.DecimalField(_("approved amount"), null=True, blank=True, **MONEY)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("award application")
        verbose_name_plural = _("award applications")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.programme}"

    @property
    def requested_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), ZERO)


class ApplicationLine(models.Model):
    """One asset claimed under one award item. An asset is awarded at most once per item:
    the constraint holds while the line is active (not on a rejected application)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(AwardItem, verbose_name=_("award item"), on_delete=models.PROTECT, related_name="lines")
    asset_key = models.CharField(_("asset"), max_length=40)
    asset_label = models.CharField(_("asset description"), max_length=300)
    amount = models.DecimalField(_("amount"), **MONEY)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("application line")
        verbose_name_plural = _("application lines")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "asset_key"], condition=Q(is_active=True), name="one_award_per_asset_and_item"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="application_line_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.asset_label}"


class ApplicationStatusChange(StatusChange):
    """A step an application took, who took it and why (the visible history of the workflow)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["application", "at", "pk"]


class Objection(models.Model):
    """An objection raised during the public notice; the leader cannot approve while one is open."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="objections"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("objection"))
    status = models.CharField(_("status"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["raised_at"]

    def __str__(self) -> str:
        return self.text[:50]


class Payment(models.Model):
    """Money paid out on an approved application (it may take several payments), or the
    reversal of such a payment (negative amount)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_at = models.DateTimeField(_("paid at"), auto_now_add=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="payment_amount_not_zero")]

    def __str__(self) -> str:
        return f"{self.application_id} ¥{self.amount}"


class PaymentRequest(models.Model):
    """A payment request's idempotency key, claimed in the same transaction as the payment:
    a request sent twice pays once and answers twice with the same payment."""

    key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    payment = models.OneToOneField(Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="request")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")

    def __str__(self) -> str:
        return self.key
