"""The district patent exchange (专利转化运用): patents offered for transfer or licence,
enterprises' technology needs, the matches between them and the deals that follow."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import districts_of
from core.models import StatusChange
from core.money import MONEY
from core.querysets import VisibleQuerySet
from exchange.choices import DealKind, DealStatus, MatchStatus, NeedStatus, OfferMode, OfferStatus, SourceKind
from portfolio.choices import PatentStatus, PatentType
from portfolio.numbers import validate_application_number


class OfferQuerySet(VisibleQuerySet):
    def for_user(self, user) -> OfferQuerySet:
        """The office sees every offer; the offering organisation its own; a district
        enterprise also every listed offer (the exchange is its market). A university sees only
        its own."""
        if not user.is_authenticated:
            return self.none()
        in_districts = self.filter_across(organisation__districts__in=districts_of(user))
        if user.is_office:
            return in_districts
        own = Q(organisation_id=user.organisation_id)
        if user.kind == "enterprise":
            # The listed offers of its own district(s): the district's exchange is its market.
            return self.filter(own | Q(pk__in=in_districts.filter(status=OfferStatus.LISTED).values("pk")))
        return self.filter(own)


class Offer(models.Model):
    """A patent offered on the exchange for transfer or licence, or declared open for licence
    (专利开放许可, 专利法 (2020) art. 50–52: the patentee declares the royalty and its terms,
    CNIPA publishes the declaration, anyone may take the licence on those terms by notice in
    writing, and the declaration may be withdrawn). The patent's facts are kept on the offer,
    since a university's patent is not in the district's portfolio; a district enterprise's own
    idle patent links to it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("offered by"), on_delete=models.PROTECT, related_name="offers"
    )
    source_kind = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    patent = models.ForeignKey(
        "portfolio.Patent",
        verbose_name=_("patent in the portfolio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
    )
    application_number = models.CharField(
        _("application number"), max_length=20, validators=[validate_application_number]
    )
    patent_type = models.CharField(_("patent type"), max_length=16, choices=PatentType.choices)
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    claims_summary = models.TextField(_("claims summary"), blank=True)
    ipc_codes = models.JSONField(_("IPC codes"), default=list, blank=True, help_text=_("Main classification first."))
    legal_status = models.CharField(_("legal status"), max_length=16, choices=PatentStatus.choices)
    filing_date = models.DateField(_("filing date"))
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    claims_count = models.PositiveSmallIntegerField(_("claims"), null=True, blank=True)
    mode = models.CharField(_("offered for"), max_length=16, choices=OfferMode.choices)
    asking_price = models.DecimalField(_("asking price (yuan)"), **MONEY, null=True, blank=True)
    royalty_rate = models.DecimalField(
        _("royalty rate (percent of sales)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lump_sum = models.DecimalField(_("lump sum per year (yuan)"), **MONEY, null=True, blank=True)
    licence_years = models.PositiveSmallIntegerField(_("licence term (years)"), null=True, blank=True)
    published_on = models.DateField(_("declaration published on"), null=True, blank=True)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Who answers enquiries about the patent, and how.")
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.LISTED)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("patent offer")
        verbose_name_plural = _("patent offers")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "mode"])]

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"

    @property
    def text(self) -> str:
        """What matching reads: title, abstract and claims summary."""
        return "\n".join(part for part in (self.title, self.abstract, self.claims_summary) if part)

    def remaining_years(self, on: dt.date) -> float | None:
        if self.expiry_date is None:
            return None
        return max((self.expiry_date - on).days / 365.25, 0.0)


class NeedQuerySet(VisibleQuerySet):
    def for_user(self, user) -> NeedQuerySet:
        """The office sees every need; an enterprise its own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(enterprise__organisation__districts__in=districts_of(user))
        return self.filter(enterprise__organisation_id=user.organisation_id)


class Need(models.Model):
    """A technology need an enterprise posts in its own words (技术需求), or the office posts on
    its behalf."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="technology_needs"
    )
    title = models.CharField(_("need"), max_length=200)
    description = models.TextField(_("description"), help_text=_("In your own words: what you make, what you lack."))
    ipc_codes = models.JSONField(_("IPC codes"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("technology need")
        verbose_name_plural = _("technology needs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}"


class MatchQuerySet(VisibleQuerySet):
    def for_user(self, user) -> MatchQuerySet:
        """The office sees the whole board; an enterprise the offers matched to its needs."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(need__enterprise__organisation__districts__in=districts_of(user))
        return self.filter(need__enterprise__organisation_id=user.organisation_id)


class Match(models.Model):
    """An offer the matcher found for a need, with its score and reasons, and the meeting the
    office arranges."""

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="matches")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=dict)
    status = models.CharField(_("status"), max_length=12, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    meeting_at = models.DateTimeField(_("meeting at"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["need", "rank"]
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="exchange_match_once")]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.offer}"


class DealQuerySet(VisibleQuerySet):
    def for_user(self, user) -> DealQuerySet:
        """The office sees every deal; the acquiring enterprise and the offering organisation
        theirs."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(acquirer__organisation__districts__in=districts_of(user))
        return self.filter(
            Q(acquirer__organisation_id=user.organisation_id) | Q(offer__organisation_id=user.organisation_id)
        )


class Deal(models.Model):
    """A transfer or licence of an offered patent to a district enterprise, from negotiation to
    the contract, its registration (transfer, 专利法 art. 10) or recordal (licence) with CNIPA,
    and payment."""

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="deals")
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.SET_NULL, null=True, blank=True, related_name="deals"
    )
    acquirer = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("acquirer or licensee"), on_delete=models.PROTECT, related_name="deals"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DealKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=DealStatus.choices, default=DealStatus.NEGOTIATING)
    amount = models.DecimalField(_("price or royalty agreed (yuan)"), **MONEY, null=True, blank=True)
    royalty_rate = models.DecimalField(
        _("royalty rate (percent of sales)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    contract = models.FileField(_("contract"), upload_to="exchange/contracts/", blank=True)
    contract_sha256 = models.CharField(_("contract SHA-256"), max_length=64, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    cnipa_number = models.CharField(_("CNIPA registration or record number"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    paid_amount = models.DecimalField(_("amount paid (yuan)"), **MONEY, null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    acquired_patent = models.ForeignKey(
        "portfolio.Patent",
        verbose_name=_("patent in the acquirer's portfolio"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "registered_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.offer.application_number} → {self.acquirer}"


class DealStep(StatusChange):
    """One step of a deal, with who took it."""

    deal = models.ForeignKey(Deal, verbose_name=_("deal"), on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from"), max_length=12, choices=DealStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=DealStatus.choices)

    class Meta:
        verbose_name = _("deal step")
        verbose_name_plural = _("deal steps")
        ordering = ["at", "pk"]
