from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, district_field, districts_of
from core.models import StatusChange
from core.money import MONEY, ZERO
from core.querysets import VisibleQuerySet
from protection.choices import (
    COUNT_MEASURES,
    CaseStatus,
    DocumentKind,
    LeadSource,
    Measure,
    MediationKind,
    MediationStatus,
    Offence,
    PartyRole,
    RightKind,
    TransferStatus,
)
from registry.models import Enterprise

# A transfer the police can see: it has been sent to them.
SENT_TRANSFER_STATUSES = (
    TransferStatus.SENT,
    TransferStatus.ACCEPTED,
    TransferStatus.REFUSED,
    TransferStatus.RECONSIDERATION,
    TransferStatus.REFUSED_FINAL,
)


class CriminalThreshold(models.Model):
    """One criminal threshold for transferring a case to the police (立案追诉标准 / 定罪标准): for
    an offence, from how many counterfeited marks, which figure (an amount in yuan or a count of
    pieces) makes the case a suspected crime, and from when to when the figure applies. A *repeat*
    threshold applies only when the party was punished (criminally or administratively) for such an
    act within the given number of years before the facts (法释〔2025〕5号). Kept as data so the
    office can follow a new standard without a code change; each row names its source."""

    offence = models.CharField(_("offence"), max_length=24, choices=Offence.choices)
    min_marks = models.PositiveSmallIntegerField(
        _("from this many marks"), default=1, help_text=_("2 for the lower figures for two or more marks.")
    )
    measure = models.CharField(_("figure"), max_length=20, choices=Measure.choices)
    amount = models.DecimalField(_("from (yuan or pieces)"), **MONEY)
    repeat_within_years = models.PositiveSmallIntegerField(
        _("after a punishment within (years)"),
        null=True,
        blank=True,
        help_text=_("Only for a party punished for such an act within this many years before the facts."),
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    source_url = models.URLField(_("text read at"), max_length=300, blank=True)
    note = models.TextField(_("wording and verification"), blank=True)

    class Meta:
        verbose_name = _("criminal threshold")
        verbose_name_plural = _("criminal thresholds")
        ordering = ["-effective_from", "offence", "repeat_within_years", "min_marks", "measure"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="threshold_amount_positive"),
            models.CheckConstraint(condition=Q(min_marks__gte=1), name="threshold_min_marks_positive"),
        ]

    def __str__(self) -> str:
        figure = f"{self.amount:.0f}" if self.is_count else f"{self.amount}"
        text = f"{self.get_offence_display()} · {self.get_measure_display()} ≥ {figure}"
        if self.min_marks > 1:
            text += " · " + str(_("%(n)s or more marks") % {"n": self.min_marks})
        if self.repeat_within_years:
            text += " · " + str(_("punished within %(n)s years before") % {"n": self.repeat_within_years})
        return text

    @property
    def is_count(self) -> bool:
        return self.measure in COUNT_MEASURES


class CaseQuerySet(VisibleQuerySet):
    def for_user(self, user) -> CaseQuerySet:
        """The office sees every case; an enterprise the complaints it filed; a police station
        the cases transferred to it. Nobody else sees any case."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter(district__in=districts_of(user))
        if user.kind == "enterprise":
            return self.filter(complainant__organisation_id=user.organisation_id)
        if user.kind == "police":
            return self.filter(
                pk__in=Transfer.objects.filter(
                    police_id=user.organisation_id, status__in=SENT_TRANSFER_STATUSES
                ).values("case_id")
            )
        return self.none()


class Case(models.Model):
    """An administrative enforcement case of the office (行政执法案件), from the lead (a
    complaint, tip-off, inspection, referral or watch hit) through the filing decision, the
    investigation and the penalty decision to its close: who is involved, which right was
    infringed, the illegal business volume and gain, and the penalties."""

    number = models.CharField(_("case number"), max_length=20, unique=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=LeadSource.choices)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.LEAD)
    offence = models.CharField(_("offence"), max_length=24, choices=Offence.choices, default=Offence.OTHER)
    summary = models.TextField(_("what was reported"))
    mark_text = models.CharField(
        _("mark seen"), max_length=200, blank=True, help_text=_("Checked against the protected marks.")
    )
    complainant = models.ForeignKey(
        Enterprise,
        verbose_name=_("complaining enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    respondent_name = models.CharField(_("party investigated"), max_length=200, blank=True)
    right_kind = models.CharField(_("right infringed"), max_length=16, choices=RightKind.choices)
    patent = models.ForeignKey(
        "portfolio.Patent", verbose_name=_("patent"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trademark = models.ForeignKey(
        "portfolio.Trademark",
        verbose_name=_("trademark"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    geographical_indication = models.ForeignKey(
        "portfolio.GeographicalIndication",
        verbose_name=_("geographical indication"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    special_sign = models.ForeignKey(
        "portfolio.SpecialSign",
        verbose_name=_("special sign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    protected_mark = models.ForeignKey(
        "similarity.ProtectedMark",
        verbose_name=_("protected mark"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    right_text = models.CharField(_("right, as described"), max_length=300, blank=True)
    marks_count = models.PositiveSmallIntegerField(_("marks counterfeited"), default=1)
    business_volume = models.DecimalField(_("illegal business volume (yuan)"), default=ZERO, **MONEY)
    illegal_gain = models.DecimalField(_("illegal gain (yuan)"), default=ZERO, **MONEY)
    # The figures the 2025 thresholds also read (法释〔2025〕5号); for a seller the business volume
    # is the sales amount.
    unsold_value = models.DecimalField(_("value of unsold goods (yuan)"), default=ZERO, **MONEY)
    labels_count = models.PositiveIntegerField(_("counterfeit labels (pieces)"), default=0)
    copies_count = models.PositiveIntegerField(_("infringing copies sold (pieces)"), default=0)
    facts_on = models.DateField(
        _("facts occurred on"),
        null=True,
        blank=True,
        help_text=_("The thresholds in force on this day apply; empty: the day the lead was received."),
    )
    prior_punishment_on = models.DateField(
        _("last punished for such an act on"),
        null=True,
        blank=True,
        help_text=_("The day of the last criminal or administrative punishment for such an act, if any."),
    )
    fine = models.DecimalField(_("fine (yuan)"), default=ZERO, **MONEY)
    confiscated_value = models.DecimalField(_("confiscated (yuan)"), default=ZERO, **MONEY)
    confiscated_items = models.CharField(_("items confiscated"), max_length=500, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    not_filed_reason = models.TextField(_("reason for not filing"), blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers"), related_name="protection_cases", blank=True
    )
    received_at = models.DateTimeField(_("lead received at"))
    filing_extended = models.BooleanField(_("filing decision extended"), default=False)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    decision_extended = models.BooleanField(_("decision limit extended"), default=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    # The district whose office keeps it (accounts.District; set by the acting office).
    district = district_field()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(business_volume__gte=0) & Q(illegal_gain__gte=0) & Q(fine__gte=0),
                name="case_amounts_not_negative",
            ),
            models.CheckConstraint(condition=Q(confiscated_value__gte=0), name="case_confiscated_not_negative"),
            models.CheckConstraint(condition=Q(unsold_value__gte=0), name="case_unsold_value_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def right_label(self) -> str:
        for linked in (self.patent, self.trademark, self.geographical_indication, self.special_sign):
            if linked is not None:
                return str(linked)
        if self.protected_mark is not None:
            return str(self.protected_mark)
        return self.right_text


class Party(models.Model):
    """A party to an enforcement case: the right holder who complained or the person or
    business investigated, with the identifier they gave (USCC or ID number)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=200)
    identifier = models.CharField(_("USCC or ID number"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "role", "pk"]

    def __str__(self) -> str:
        return self.name


class CasePause(models.Model):
    """A period the case's limit does not count (testing, appraisal, a hearing, a suspension)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="pauses")
    status = models.CharField(_("during"), max_length=16, choices=CaseStatus.choices)
    reason = models.CharField(_("reason"), max_length=300)
    started_at = models.DateTimeField(_("paused at"))
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pause of the time limit")
        verbose_name_plural = _("pauses of the time limit")
        ordering = ["case", "started_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(ended_at__isnull=True), name="case_one_open_pause")
        ]

    def __str__(self) -> str:
        return self.reason


class CaseStatusChange(StatusChange):
    """A step an enforcement case took, who took it and why."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("from"), max_length=16, choices=CaseStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=CaseStatus.choices)

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["case", "at", "pk"]


class EvidenceFileQuerySet(VisibleQuerySet):
    def for_user(self, user) -> EvidenceFileQuerySet:
        """The office sees all evidence; a police station the documents of transfers sent to it;
        an enterprise what its own people uploaded to its complaints."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter(case__district__in=districts_of(user))
        if user.kind == "police":
            return self.filter_across(
                transfers__police_id=user.organisation_id, transfers__status__in=SENT_TRANSFER_STATUSES
            )
        if user.kind == "enterprise":
            return self.filter(
                case__complainant__organisation_id=user.organisation_id,
                uploaded_by__organisation_id=user.organisation_id,
            )
        return self.none()


class EvidenceFile(models.Model):
    """A file of evidence in a case, stored under a name the server made, its type detected from
    its content, with the SHA-256 taken at upload so any later change is found."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind of document"), max_length=24, choices=DocumentKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    stored_name = models.CharField(_("stored as"), max_length=200, unique=True)
    original_name = models.CharField(_("file name given"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["case", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class TransferQuerySet(VisibleQuerySet):
    def for_user(self, user) -> TransferQuerySet:
        """The office sees every transfer; a police station the ones sent to it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter(case__district__in=districts_of(user))
        if user.kind == "police":
            return self.filter(police_id=user.organisation_id, status__in=SENT_TRANSFER_STATUSES)
        return self.none()


class Transfer(models.Model):
    """The transfer of a suspected crime to the police (涉嫌犯罪案件移送): proposed when a
    case's figures meet a criminal threshold, approved by the head within 3 days, sent within
    24 hours with its documents, accepted or refused by the police within 3 days, and after a
    refusal possibly reconsidered."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="transfers")
    police = models.ForeignKey(
        Organisation,
        verbose_name=_("police station"),
        on_delete=models.PROTECT,
        related_name="received_transfers",
        limit_choices_to={"kind": "police"},
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.PROPOSED
    )
    grounds = models.TextField(_("grounds"), blank=True)
    # Sent on a reasonable suspicion (art. 3 para. 2 of the transfer rules, 2020 revision), not
    # because a threshold was met; ``grounds`` then holds the officer's stated grounds.
    on_suspicion = models.BooleanField(_("on reasonable suspicion"), default=False)
    documents = models.ManyToManyField(
        EvidenceFile, verbose_name=_("documents sent"), related_name="transfers", blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    head_decided_at = models.DateTimeField(_("head decided at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    police_answered_at = models.DateTimeField(_("police answered at"), null=True, blank=True)
    reconsideration_at = models.DateTimeField(_("reconsideration asked at"), null=True, blank=True)
    reconsideration_answered_at = models.DateTimeField(_("reconsideration answered at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    police_case_number = models.CharField(_("police case number"), max_length=50, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    # Once the police file the case, the office hands over the seized items and the other
    # materials within 3 days of the filing notice (rule protection.seized_items_handover).
    items_handed_over_at = models.DateTimeField(_("seized items handed over at"), null=True, blank=True)
    # The police's longer limits for a transferred economic crime (公通字〔2017〕25号 art. 16): a
    # major or complex case with the approval of a head of a police authority at county level or
    # above (30 days), and in special circumstances a further 30 days with the approval of a head
    # of the police authority one level up. The approving head and the approval's date are kept.
    complex_approved_by = models.CharField(_("longer limit approved by"), max_length=100, blank=True)
    complex_approved_on = models.DateField(_("longer limit approved on"), null=True, blank=True)
    special_approved_by = models.CharField(_("further extension approved by"), max_length=100, blank=True)
    special_approved_on = models.DateField(_("further extension approved on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer to the police")
        verbose_name_plural = _("transfers to the police")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.police}"


class TransferStatusChange(StatusChange):
    """A step a transfer took, who took it and why."""

    transfer = models.ForeignKey(Transfer, verbose_name=_("transfer"), on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("from"), max_length=16, choices=TransferStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=TransferStatus.choices)

    class Meta:
        verbose_name = _("transfer step")
        verbose_name_plural = _("transfer steps")
        ordering = ["transfer", "at", "pk"]


class MediationQuerySet(VisibleQuerySet):
    def for_user(self, user) -> MediationQuerySet:
        """The office sees every mediation; a mediation body its own; a court the disputes it
        referred; an enterprise the ones it applied for."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter(district__in=districts_of(user))
        if user.kind == "mediation":
            return self.filter(body_id=user.organisation_id)
        if user.kind == "court":
            return self.filter(court_id=user.organisation_id)
        if user.kind == "enterprise":
            return self.filter(applicant__organisation_id=user.organisation_id)
        return self.none()


class Mediation(models.Model):
    """An IP dispute in mediation: a court's pre-litigation referral (诉前调解) or a people's
    mediation case (人民调解), from the application through the mediator's sessions to a signed
    agreement or failure, and the application for judicial confirmation."""

    kind = models.CharField(_("kind"), max_length=16, choices=MediationKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=MediationStatus.choices, default=MediationStatus.APPLIED
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("mediation body"),
        on_delete=models.PROTECT,
        related_name="mediations",
        limit_choices_to={"kind": "mediation"},
    )
    court = models.ForeignKey(
        Organisation,
        verbose_name=_("referring court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_mediations",
        limit_choices_to={"kind": "court"},
    )
    court_reference = models.CharField(_("court reference"), max_length=50, blank=True)
    applicant = models.ForeignKey(
        Enterprise,
        verbose_name=_("applying enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediations",
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    respondent_name = models.CharField(_("other party"), max_length=200)
    right_kind = models.CharField(_("right in dispute"), max_length=16, choices=RightKind.choices)
    dispute = models.TextField(_("the dispute"))
    claim_amount = models.DecimalField(_("amount claimed (yuan)"), null=True, blank=True, **MONEY)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"))
    answered_at = models.DateTimeField(_("accepted or declined at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("mediator assigned at"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    agreement_text = models.TextField(_("agreement"), blank=True)
    agreed_amount = models.DecimalField(_("amount agreed (yuan)"), null=True, blank=True, **MONEY)
    signed_by_parties = models.BooleanField(_("signed by the parties"), default=False)
    failure_reason = models.TextField(_("why it failed"), blank=True)
    confirmation_applied_at = models.DateTimeField(_("judicial confirmation applied for at"), null=True, blank=True)
    # 人民调解法 art. 33: both parties apply together; the court rules within 15 days, 10 more
    # with its president's approval (法释〔2011〕5号 art. 5).
    confirmation_joint = models.BooleanField(_("applied for by both parties"), default=False)
    confirmation_extended = models.BooleanField(_("court's time extended"), default=False)
    confirmation_decided_at = models.DateTimeField(_("court ruled at"), null=True, blank=True)
    # Days added to the mediation term by extensions both parties agreed to (the rows of
    # MediationTermExtension say when and how; kept here so a clock needs no query).
    term_extended_days = models.PositiveIntegerField(_("days added to the term"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    # The district whose office keeps it (accounts.District; set by the acting office).
    district = district_field()

    objects = MediationQuerySet.as_manager()

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=MediationKind.COURT_REFERRAL) | Q(court__isnull=False),
                name="mediation_referral_has_court",
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name} / {self.respondent_name}"


class MediationSession(models.Model):
    """One session the mediator held with the parties."""

    mediation = models.ForeignKey(
        Mediation, verbose_name=_("mediation"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["mediation", "held_at"]

    def __str__(self) -> str:
        return f"{self.mediation} · {self.held_at:%Y-%m-%d}"


class MediationStatusChange(StatusChange):
    """A step a mediation took, who took it and why."""

    mediation = models.ForeignKey(
        Mediation, verbose_name=_("mediation"), on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=MediationStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=MediationStatus.choices)

    class Meta:
        verbose_name = _("mediation step")
        verbose_name_plural = _("mediation steps")
        ordering = ["mediation", "at", "pk"]


class LimitExtension(models.Model):
    """A limit extended to a new last day: how many days that added, and who recorded it."""

    days = models.PositiveIntegerField(_("days added"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class MediationTermExtension(LimitExtension):
    """An extension of a mediation's term that both parties agreed to: how they agreed (a written
    statement, the record of a session), the new last day, and who recorded it. No national text
    caps it (the referring court's own rules may; docs/rules.md)."""

    mediation = models.ForeignKey(
        Mediation, verbose_name=_("mediation"), on_delete=models.CASCADE, related_name="term_extensions"
    )
    agreed_at = models.DateTimeField(_("recorded at"))
    consent = models.TextField(_("how both parties agreed"))
    new_due = models.DateField(_("new last day of mediation"))

    class Meta:
        verbose_name = _("extension of the mediation term")
        verbose_name_plural = _("extensions of the mediation term")
        ordering = ["mediation", "agreed_at"]
        constraints = [models.CheckConstraint(condition=Q(days__gt=0), name="mediation_extension_days_positive")]

    def __str__(self) -> str:
        return f"{self.mediation} → {self.new_due:%Y-%m-%d}"


class CaseDecisionExtension(LimitExtension):
    """A further extension of a case's decision limit after its 90 + 30 days: the heads of the
    office decide collectively (负责人集体讨论决定) to extend it, and set the new date."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="further_extensions")
    decided_at = models.DateTimeField(_("decided at"))
    decision = models.TextField(_("collective decision of the heads"))
    new_due = models.DateField(_("new decision date"))

    class Meta:
        verbose_name = _("further extension of the decision limit")
        verbose_name_plural = _("further extensions of the decision limit")
        ordering = ["case", "decided_at"]
        constraints = [models.CheckConstraint(condition=Q(days__gt=0), name="further_extension_days_positive")]

    def __str__(self) -> str:
        return f"{self.case} → {self.new_due:%Y-%m-%d}"
