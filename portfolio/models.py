from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

import rules
from accounts.models import districts_of
from core.models import StatusChange
from core.querysets import VisibleQuerySet
from portfolio.choices import (
    FeeReductionShare,
    GiProtection,
    MarkKind,
    PatentStatus,
    PatentType,
    SpecialSignKind,
    TrademarkStatus,
)
from portfolio.numbers import validate_application_number, validate_publication_number
from registry.models import Enterprise
from workdays import next_workday


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), or the month's last day when it has no such
    day: 31 August + 6 months is 29 February in a leap year, 28 February otherwise."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rule_months(key: str) -> int:
    """A period in months from the rule store, as in force today."""
    return int(rules.value(key)["amount"])


def patent_term_years(patent_type: str, filing_date: dt.date) -> int:
    """Term from filing: invention 20 years, utility model 10, design 15 (10 for designs filed
    before 1 June 2021, when the amended Patent Law took effect)."""
    if patent_type == PatentType.INVENTION:
        return 20
    if patent_type == PatentType.DESIGN:
        return 15 if filing_date >= dt.date(2021, 6, 1) else 10
    return 10


def patent_expiry(patent_type: str, filing_date: dt.date) -> dt.date:
    return add_years(filing_date, patent_term_years(patent_type, filing_date)) - dt.timedelta(days=1)


class PatentQuerySet(VisibleQuerySet):
    def for_user(self, user) -> PatentQuerySet:
        """The office sees every patent; an enterprise only those it owns or co-owns."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(owners__organisation__districts__in=districts_of(user))
        return self.filter_across(owners__organisation_id=user.organisation_id)


class Patent(models.Model):
    """A Chinese patent or patent application (发明 / 实用新型 / 外观设计) held by one or more
    enterprises of the district, identified by its application number."""

    # Unique through Meta.constraints, not unique=True: on PostgreSQL unique=True adds a second
    # (varchar_pattern_ops) index for LIKE 'prefix%' that no query uses (searches are icontains)
    # and that every bulk import would have to fill.
    application_number = models.CharField(
        _("application number"), max_length=16, validators=[validate_application_number]
    )
    patent_type = models.CharField(_("patent type"), max_length=16, choices=PatentType.choices)
    publication_number = models.CharField(
        _("publication number"), max_length=16, blank=True, validators=[validate_publication_number]
    )
    grant_number = models.CharField(_("grant number"), max_length=16, blank=True)
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    applicants = models.CharField(_("applicants"), max_length=500, blank=True)
    inventors = models.CharField(_("inventors"), max_length=500, blank=True)
    filing_date = models.DateField(_("filing date"))
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    ipc_codes = models.JSONField(_("IPC codes"), default=list, blank=True, help_text=_("Main classification first."))
    main_ipc = models.CharField(_("main IPC"), max_length=20, blank=True)  # indexed in Meta.indexes
    status = models.CharField(_("legal status"), max_length=16, choices=PatentStatus.choices)
    claims_count = models.PositiveSmallIntegerField(_("claims"), null=True, blank=True)
    is_pct = models.BooleanField(_("PCT application"), default=False)
    has_foreign_family = models.BooleanField(_("foreign family members"), default=False)
    # The high-value definition counts a foreign family only when a member is granted abroad
    # (在海外有同族专利权); an application pending abroad does not count (issue 16 item 7).
    foreign_family_granted = models.BooleanField(
        _("foreign family member granted"),
        default=False,
        help_text=_("A member of the family is granted as a patent abroad (not only applied for)."),
    )
    annuity_paid_year = models.PositiveSmallIntegerField(
        _("annuities paid up to year"), default=0, help_text=_("0 when no annuity has been paid yet.")
    )
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True, db_index=True)
    owners = models.ManyToManyField(Enterprise, verbose_name=_("owners"), related_name="patents", blank=True)
    # Where the record last came from (a database's name or a file's) and the date of that
    # data; set by the imports of database exports and legal-status lists. Database defaults,
    # so that the bulk writer need not spell them for other imports.
    source = models.CharField(_("source"), max_length=200, blank=True, default="", db_default="")
    source_date = models.DateField(_("data as of"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PatentQuerySet.as_manager()

    class Meta:
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        ordering = ["-filing_date", "application_number"]
        indexes = [
            models.Index(fields=["patent_type", "status"]),
            models.Index(fields=["main_ipc"], name="portfolio_patent_main_ipc_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["application_number"], name="portfolio_patent_application_number_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"

    @property
    def term_years(self) -> int:
        return patent_term_years(self.patent_type, self.filing_date)

    def compute_expiry(self) -> dt.date:
        return patent_expiry(self.patent_type, self.filing_date)

    def next_annuity_due(self) -> dt.date | None:
        """Annuities are paid for each patent year from grant; year N+1 is due on the N-th
        anniversary of filing. None when nothing is due (not granted, or past expiry).

        The grant year's annuity is paid with the registration (专利法实施细则 2010 art. 97),
        so a granted patent counts as paid up to its grant year even when imported with
        "paid up to year 0" (审查指南 Part V ch. 9: filed 3 June 1997, granted 1 August 2001 with
        the 5th year paid at registration, the 6th is due by 3 June 2002). A due date on a
        public holiday or a weekend that is not a make-up workday moves to the next working day
        (审查指南 Part V ch. 7 §2.3)."""
        if self.status != PatentStatus.GRANTED:
            return None
        paid = max(self.annuity_paid_year, self.grant_year or 0)
        due = add_years(self.filing_date, paid)
        expiry = self.expiry_date or self.compute_expiry()
        return next_workday(due) if due <= expiry else None

    @property
    def grant_year(self) -> int | None:
        """The patent year (counted from the filing date, the first year being 1) in which the
        patent was granted."""
        if self.grant_date is None:
            return None
        year = 1
        while add_years(self.filing_date, year) <= self.grant_date:
            year += 1
        return year


class FeeReduction(models.Model):
    """A patent's approved fee reduction (专利收费减缴, 费减备案): the owners qualified and the
    CNIPA approved the reduction, as one person or unit (85 %) or as co-owners who each qualify
    (70 %). The annuities it covers (the first years from the grant year) and the rates are the
    dated rule ``portfolio.fee_reduction``; this row only says the reduction was approved."""

    patent = models.OneToOneField(
        Patent, verbose_name=_("patent"), on_delete=models.CASCADE, related_name="fee_reduction"
    )
    share = models.CharField(_("approved for"), max_length=10, choices=FeeReductionShare.choices)
    approved_on = models.DateField(_("approved on"))
    reference = models.CharField(_("request or record number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("fee reduction")
        verbose_name_plural = _("fee reductions")

    def __str__(self) -> str:
        return f"{self.patent_id} {self.share}"


class PatentLicenceQuerySet(VisibleQuerySet):
    def for_user(self, user) -> PatentLicenceQuerySet:
        """The office sees every licence; an enterprise those it took."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(licensee__organisation__districts__in=districts_of(user))
        return self.filter(licensee__organisation_id=user.organisation_id)


class PatentLicence(models.Model):
    """A licence a district enterprise took to someone else's patent (专利实施许可), as recorded
    with CNIPA (专利法 art. 12; recordal number and date). The patent need not be in the
    portfolio (a university's patent is not a district enterprise's right), so its number and
    title are kept here; ``patent`` links it when it is."""

    class Kind(models.TextChoices):
        EXCLUSIVE = "exclusive", _("Exclusive licence")
        NON_EXCLUSIVE = "non_exclusive", _("Non-exclusive licence")
        OPEN = "open", _("Open licence")

    licensee = models.ForeignKey(
        Enterprise, verbose_name=_("licensee"), on_delete=models.PROTECT, related_name="patent_licences"
    )
    patent = models.ForeignKey(
        Patent, verbose_name=_("patent"), on_delete=models.PROTECT, null=True, blank=True, related_name="licences"
    )
    application_number = models.CharField(_("application number"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    licensor = models.CharField(_("licensor"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    record_number = models.CharField(_("CNIPA record number"), max_length=40, blank=True)
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    ends_on = models.DateField(_("licence ends on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=60, blank=True, help_text=_("e.g. the exchange deal"))
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PatentLicenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("patent licence taken")
        verbose_name_plural = _("patent licences taken")
        ordering = ["-recorded_on", "application_number"]

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"


class TrademarkQuerySet(VisibleQuerySet):
    def for_user(self, user) -> TrademarkQuerySet:
        """The office sees every mark; an enterprise only its own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(owner__organisation__districts__in=districts_of(user))
        return self.filter(owner__organisation_id=user.organisation_id)


class Trademark(models.Model):
    """A registered trademark or a trademark application of a district enterprise, with the
    Nice classes, similar-goods groups and items it designates."""

    number = models.CharField(_("registration/application number"), max_length=20, unique=True)
    mark_text = models.CharField(_("mark"), max_length=200)
    image = models.ImageField(_("image"), upload_to="marks/", blank=True)
    owner = models.ForeignKey(Enterprise, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="trademarks")
    kind = models.CharField(_("kind"), max_length=16, choices=MarkKind.choices, default=MarkKind.ORDINARY)
    filing_date = models.DateField(_("filing date"))
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    # The dates of the Trademark Gazette's announcements, as the office's lists give them.
    preliminary_publication_date = models.DateField(_("preliminary approval published on"), null=True, blank=True)
    registration_publication_date = models.DateField(_("registration published on"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=TrademarkStatus.choices)
    is_well_known = models.BooleanField(_("well-known mark"), default=False)
    well_known_since = models.DateField(_("recognised as well-known on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TrademarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("trademark")
        verbose_name_plural = _("trademarks")
        ordering = ["mark_text", "number"]

    def __str__(self) -> str:
        return f"{self.mark_text} ({self.number})"

    def compute_expiry(self) -> dt.date | None:
        """Ten years from the registration date (Trademark Law art. 39)."""
        if self.registration_date is None:
            return None
        return add_years(self.registration_date, 10) - dt.timedelta(days=1)

    @property
    def renewal_opens(self) -> dt.date | None:
        """Renewal may be filed in the 12 months before expiry (Trademark Law art. 40, rule
        ``portfolio.trademark_renewal_window``)..."""
        if self.expiry_date is None:
            return None
        return add_months(self.expiry_date, -rule_months("portfolio.trademark_renewal_window")) + dt.timedelta(days=1)

    @property
    def grace_ends(self) -> dt.date | None:
        """...or in the 6 months' grace after it (rule ``portfolio.trademark_renewal_grace``)."""
        if self.expiry_date is None:
            return None
        return add_months(self.expiry_date, rule_months("portfolio.trademark_renewal_grace"))

    @property
    def nice_classes(self) -> list[int]:
        return sorted({g.nice_class for g in self.goods.all()})


class TrademarkGoods(models.Model):
    """What a mark designates in one similar-goods group: the group and its items."""

    trademark = models.ForeignKey(
        Trademark, verbose_name=_("trademark"), on_delete=models.CASCADE, related_name="goods"
    )
    nice_class = models.PositiveSmallIntegerField(_("Nice class"))
    group_code = models.CharField(_("similar-goods group"), max_length=4)
    items = models.CharField(_("designated goods/services"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("designated goods")
        verbose_name_plural = _("designated goods")
        ordering = ["nice_class", "group_code"]
        constraints = [
            models.UniqueConstraint(fields=["trademark", "group_code"], name="trademark_goods_unique_group"),
        ]

    def __str__(self) -> str:
        return f"{self.nice_class}/{self.group_code}"


class GeographicalIndication(models.Model):
    """A geographical indication of the district or protected in it (e.g. 烟台苹果), whether
    protected as a collective or certification mark or as a GI product."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    product = models.CharField(_("product"), max_length=100)
    protection = models.CharField(_("protected as"), max_length=20, choices=GiProtection.choices)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    holder_name = models.CharField(_("holder"), max_length=200, blank=True)
    holder = models.ForeignKey(
        Enterprise,
        verbose_name=_("holder in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="geographical_indications",
    )
    region = models.CharField(_("region of origin"), max_length=200, blank=True)
    nice_class = models.PositiveSmallIntegerField(_("Nice class"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("geographical indication")
        verbose_name_plural = _("geographical indications")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SpecialSign(models.Model):
    """A special sign protected by the State Council's regulations (e.g. Olympic marks)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SpecialSignKind.choices)
    holder_name = models.CharField(_("holder"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    protected_until = models.DateField(_("protected until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("special sign")
        verbose_name_plural = _("special signs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportJobQuerySet(VisibleQuerySet):
    def for_user(self, user) -> ImportJobQuerySet:
        """A person sees the imports they started; the office sees all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(created_by__organisation__districts__in=districts_of(user))
        return self.filter(created_by=user)


class ImportJob(models.Model):
    """One uploaded file being imported: its progress, and either the counts written or the
    list of bad rows (in which case nothing was written)."""

    class Kind(models.TextChoices):
        PATENTS = "patents", _("Patents")
        TRADEMARKS = "trademarks", _("Trademarks")
        PATENT_EXPORT = "patent_export", _("Patent database export")
        LEGAL_STATUS = "legal_status", _("Legal-status changes")
        # The exchange's importer (exchange/importing.py), registered at start-up.
        EXCHANGE_OFFERS = "exchange_offers", _("Patents offered on the exchange")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Rejected: nothing imported")
        DONE = "done", _("Imported")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="imports/")
    file_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    file_errors = models.JSONField(_("file errors"), default=list, blank=True)
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    # The source the clerk named (a database: CNIPA, incoPat...) and the date of its data.
    source = models.CharField(_("source"), max_length=200, blank=True, default="")
    source_date = models.DateField(_("data as of"), null=True, blank=True)
    # [[the file's heading, the column it fed]], and the headings not read.
    columns_used = models.JSONField(_("columns read"), default=list, blank=True)
    columns_ignored = models.JSONField(_("columns ignored"), default=list, blank=True)
    owners_waiting = models.PositiveIntegerField(_("owner names waiting for matching"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.FAILED):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class OwnerDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for a clerk")
    MATCHED = "matched", _("Matched to an enterprise")
    NEW = "new", _("Registered as a new owner")
    OUTSIDE = "outside", _("Not in the district")


class OwnerNameQuerySet(VisibleQuerySet):
    def for_user(self, user) -> OwnerNameQuerySet:
        """Owner matching is the office's work: only the office sees the names."""
        if not user.is_authenticated or not user.is_office:
            return self.none()
        return self.all()


class OwnerName(models.Model):
    """An owner's name as the patent databases write it, and what it is in the registry.

    A name an import could not match (exactly, or once normalised) waits here for a clerk with
    suggestions; the clerk's decision (this enterprise, a new owner, not in the district) is
    kept, and the next import applies it: this is both the matching queue and the table of
    aliases (old names, other spellings)."""

    name = models.CharField(_("name as written"), max_length=300)
    key = models.CharField(_("normalised name"), max_length=300, unique=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=OwnerDecision.choices, default=OwnerDecision.PENDING, db_index=True
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owner_aliases",
    )
    # [[enterprise id, name, score 0-100]], best first, worked out when the name was queued.
    suggestions = models.JSONField(_("suggestions"), default=list, blank=True)
    first_job = models.ForeignKey(
        ImportJob, verbose_name=_("first seen in"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OwnerNameQuerySet.as_manager()

    class Meta:
        verbose_name = _("owner name")
        verbose_name_plural = _("owner names")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class OwnerNameChange(StatusChange):
    owner_name = models.ForeignKey(OwnerName, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=16, choices=OwnerDecision.choices)
    to_status = models.CharField(max_length=16, choices=OwnerDecision.choices)


class PatentOwnerName(models.Model):
    """A patent whose imported record names this owner: when the name is matched, the
    enterprise becomes one of the patent's owners."""

    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="owner_names")
    owner_name = models.ForeignKey(OwnerName, on_delete=models.CASCADE, related_name="patent_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patent", "owner_name"], name="portfolio_patent_owner_name_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.patent_id} / {self.owner_name_id}"


class StatusEventKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    LAPSE = "lapse", _("Lapse for non-payment of annuities")
    RESTORATION = "restoration", _("Restoration of rights")
    TRANSFER = "transfer", _("Transfer")
    LICENCE = "licence", _("Licence recorded")
    PLEDGE = "pledge", _("Pledge registered")
    PLEDGE_RELEASE = "pledge_release", _("Pledge released")
    INVALIDATION = "invalidation", _("Declared invalid")
    PARTIAL_INVALIDATION = "partial_invalidation", _("Declared partly invalid")
    EXPIRY = "expiry", _("Term expired")
    WITHDRAWAL = "withdrawal", _("Withdrawn")
    OTHER = "other", _("Other")


# The legal status a patent has after an event of each kind; kinds not listed leave it as it was.
STATUS_AFTER = {
    StatusEventKind.GRANT: PatentStatus.GRANTED,
    StatusEventKind.LAPSE: PatentStatus.LAPSED,
    StatusEventKind.RESTORATION: PatentStatus.GRANTED,
    StatusEventKind.INVALIDATION: PatentStatus.INVALIDATED,
    StatusEventKind.EXPIRY: PatentStatus.EXPIRED,
    StatusEventKind.WITHDRAWAL: PatentStatus.WITHDRAWN,
}


class PatentStatusEvent(models.Model):
    """One dated legal-status event of a patent, as published (grant, lapse, restoration,
    transfer, licence, pledge, invalidation…): the patent's status on any day is the status
    after its last status-changing event up to that day."""

    patent = models.ForeignKey(Patent, verbose_name=_("patent"), on_delete=models.CASCADE, related_name="status_events")
    day = models.DateField(_("date"))
    kind = models.CharField(_("event"), max_length=24, choices=StatusEventKind.choices)
    status_after = models.CharField(_("status after"), max_length=16, choices=PatentStatus.choices, blank=True)
    text = models.CharField(_("legal status as published"), max_length=200, blank=True)
    detail = models.CharField(_("details"), max_length=500, blank=True)
    # A transfer's new owners as published (several separated by ';'); the patent's owners
    # follow them (``portfolio.importing.ownership``).
    new_owners = models.CharField(_("new owners"), max_length=500, blank=True, default="", db_default="")
    source = models.CharField(_("source"), max_length=200, blank=True)
    job = models.ForeignKey(
        ImportJob, verbose_name=_("import"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal-status event")
        verbose_name_plural = _("legal-status events")
        ordering = ["patent", "day", "pk"]
        indexes = [models.Index(fields=["patent", "day"], name="portfolio_status_event_day_idx")]
        constraints = [
            models.UniqueConstraint(fields=["patent", "day", "kind", "detail"], name="portfolio_status_event_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"
