from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import district_field, districts_of
from core.models import StatusChange
from core.querysets import VisibleQuerySet
from portfolio.choices import TrademarkStatus
from similarity.choices import NewMarkSource, ProtectedKind, WatchStatus


class CorpusImportQuerySet(VisibleQuerySet):
    def for_user(self, user) -> CorpusImportQuerySet:
        """Corpus imports are the office's work."""
        if not user.is_authenticated or not user.is_office:
            return self.none()
        return self.all()


class CorpusImport(models.Model):
    """One file of outside marks loaded into the search corpus (e.g. a monthly extract of the
    national register), with what it changed."""

    file_name = models.CharField(_("file name"), max_length=200)
    source = models.CharField(_("source"), max_length=100)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = CorpusImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("corpus import")
        verbose_name_plural = _("corpus imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.file_name}"


class CorpusMarkQuerySet(VisibleQuerySet):
    def for_user(self, user) -> CorpusMarkQuerySet:
        """Outside marks are public register facts: every logged-in person may read them."""
        if not user.is_authenticated:
            return self.none()
        return self.all()


class CorpusMark(models.Model):
    """A trademark not owned by a district enterprise that the similarity search compares
    against, e.g. a row of a national register extract: public register facts only."""

    number = models.CharField(_("registration/application number"), max_length=20, unique=True)
    mark_text = models.CharField(_("mark"), max_length=200)
    holder_name = models.CharField(_("applicant/holder"), max_length=300, blank=True)
    nice_classes = models.JSONField(_("Nice classes"), default=list, blank=True)
    groups = models.JSONField(_("similar-goods groups"), default=list, blank=True)
    filing_date = models.DateField(_("filing date"), null=True, blank=True)
    publication_date = models.DateField(
        _("preliminary-approval publication date"),
        null=True,
        blank=True,
        help_text=_("初审公告日: the opposition period runs from this day (Trademark Law art. 33)."),
    )
    status = models.CharField(_("status"), max_length=16, choices=TrademarkStatus.choices, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    image = models.ImageField(_("image"), upload_to="corpus_marks/", blank=True)
    last_import = models.ForeignKey(
        CorpusImport,
        verbose_name=_("last import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="marks",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CorpusMarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("outside mark")
        verbose_name_plural = _("outside marks")
        ordering = ["mark_text", "number"]

    def __str__(self) -> str:
        return f"{self.mark_text} ({self.number})"


class ProtectedMarkQuerySet(VisibleQuerySet):
    def for_user(self, user) -> ProtectedMarkQuerySet:
        """The protected list is the office's working list (its district's); nobody outside sees it."""
        if not user.is_authenticated or not user.is_office:
            return self.none()
        return self.filter(district__in=districts_of(user))


class ProtectedMark(models.Model):
    """A mark on the office's protected list: a well-known mark, a geographical indication, a
    special sign (e.g. Olympic marks) or one of the district's key brands. New marks and
    enforcement leads are checked against the active entries."""

    name = models.CharField(_("mark"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProtectedKind.choices)
    holder_name = models.CharField(_("holder"), max_length=300, blank=True)
    nice_classes = models.JSONField(_("Nice classes"), default=list, blank=True)
    groups = models.JSONField(_("similar-goods groups"), default=list, blank=True)
    cross_class = models.BooleanField(
        _("protected in all classes"),
        default=False,
        help_text=_("Well-known marks and special signs are protected beyond their own goods."),
    )
    trademark = models.ForeignKey(
        "portfolio.Trademark",
        verbose_name=_("trademark"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    geographical_indication = models.ForeignKey(
        "portfolio.GeographicalIndication",
        verbose_name=_("geographical indication"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    special_sign = models.ForeignKey(
        "portfolio.SpecialSign",
        verbose_name=_("special sign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_manual = models.BooleanField(_("added by hand"), default=False)
    is_active = models.BooleanField(_("watched"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The district whose office keeps it (accounts.District; set by the acting office).
    district = district_field()

    objects = ProtectedMarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("protected mark")
        verbose_name_plural = _("protected marks")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["trademark"], condition=models.Q(trademark__isnull=False), name="protected_unique_trademark"
            ),
            models.UniqueConstraint(
                fields=["geographical_indication"],
                condition=models.Q(geographical_indication__isnull=False),
                name="protected_unique_gi",
            ),
            models.UniqueConstraint(
                fields=["special_sign"],
                condition=models.Q(special_sign__isnull=False),
                name="protected_unique_special_sign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class WatchHitQuerySet(VisibleQuerySet):
    def for_user(self, user) -> WatchHitQuerySet:
        """Watch hits are the office's review queue (of its district's protected marks); nobody
        outside sees them."""
        if not user.is_authenticated or not user.is_office:
            return self.none()
        return self.filter(protected_mark__district__in=districts_of(user))


class WatchHit(models.Model):
    """A likely conflict found by the watch: a new mark (imported, entered in the portfolio or
    typed into an enforcement lead) similar to a protected mark above the threshold, waiting
    for a clerk to confirm or dismiss it."""

    protected_mark = models.ForeignKey(
        ProtectedMark, verbose_name=_("protected mark"), on_delete=models.PROTECT, related_name="hits"
    )
    source_kind = models.CharField(_("found in"), max_length=16, choices=NewMarkSource.choices)
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    mark_text = models.CharField(_("new mark"), max_length=200)
    number = models.CharField(_("registration/application number"), max_length=20, blank=True)
    holder_name = models.CharField(_("applicant/holder"), max_length=300, blank=True)
    nice_classes = models.JSONField(_("Nice classes"), default=list, blank=True)
    groups = models.JSONField(_("similar-goods groups"), default=list, blank=True)
    publication_date = models.DateField(_("preliminary-approval publication date"), null=True, blank=True)
    score = models.DecimalField(_("similarity"), max_digits=5, decimal_places=1)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=WatchStatus.choices, default=WatchStatus.NEW)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("reason for the decision"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)

    objects = WatchHitQuerySet.as_manager()

    class Meta:
        verbose_name = _("watch hit")
        verbose_name_plural = _("watch hits")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["protected_mark", "source_type", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="watch_hit_unique_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mark_text} ~ {self.protected_mark.name}"


class WatchHitStatusChange(StatusChange):
    """One step of a watch hit's review: from which status to which, who took it and why."""

    hit = models.ForeignKey(WatchHit, verbose_name=_("watch hit"), on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(_("from"), max_length=16, choices=WatchStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=WatchStatus.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A decision on a hit always carries its reason.
    note = models.CharField(_("reason"), max_length=1000)

    class Meta:
        verbose_name = _("watch hit status change")
        verbose_name_plural = _("watch hit status changes")
        ordering = ["at", "pk"]


class MarkImageHash(models.Model):
    """The perceptual hashes of one mark's image (a district trademark's or an outside mark's),
    so that a logo can be searched by its look: derived data, rebuilt from the images at will.

    ``index_id`` uses the trademark index's ids (a trademark's pk; an outside mark's pk plus
    ``similarity.index.CORPUS_ID_OFFSET``). The hashes are 64-bit, stored as signed int64."""

    index_id = models.BigIntegerField(_("mark"), unique=True)
    phash = models.BigIntegerField(_("perceptual hash"))
    dhash = models.BigIntegerField(_("difference hash"))
    phash_crop90 = models.BigIntegerField(_("perceptual hash of the centre 90%"))
    phash_crop80 = models.BigIntegerField(_("perceptual hash of the centre 80%"))
    # Indexed: every logo search asks for the latest write to know whether its table is current.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("mark image hash")
        verbose_name_plural = _("mark image hashes")

    def __str__(self) -> str:
        return f"{self.index_id}: {self.phash:016x}"


class MarkChange(models.Model):
    """One line of the trademark index's change log: a mark (a district trademark or an outside
    mark, by its index id) was added, changed or removed. Written in the same transaction as the
    change itself, so that every machine's copy of the index can follow the database: each node
    applies the lines after the last one it applied (``similarity.index.catch_up``).

    Derived bookkeeping, not a record of the office's work (the audit trail is that)."""

    class Op(models.TextChoices):
        ADD = "add", _("added or changed")
        REMOVE = "remove", _("removed")

    seq = models.BigAutoField(_("sequence number"), primary_key=True)
    index_id = models.BigIntegerField(_("mark"))
    op = models.CharField(_("change"), max_length=6, choices=Op.choices, default=Op.ADD)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("trademark index change")
        verbose_name_plural = _("trademark index changes")

    def __str__(self) -> str:
        return f"#{self.seq} {self.op} {self.index_id}"


class IndexNode(models.Model):
    """One machine's copy of the trademark index (a web node's or a worker's index folder), and
    the line of the change log up to which it holds every change: the nightly prune keeps the
    lines a node still needs. Written by the node itself as it catches up (and every few minutes
    while it searches), so a node that stopped reporting is no longer waited for.

    Derived bookkeeping, like the change log itself."""

    name = models.CharField(_("node"), max_length=255, unique=True)
    applied_seq = models.BigIntegerField(_("applied up to line"))
    seen_at = models.DateTimeField(_("last reported at"))

    class Meta:
        verbose_name = _("trademark index node")
        verbose_name_plural = _("trademark index nodes")

    def __str__(self) -> str:
        return f"{self.name} @{self.applied_seq}"


class MarkChangePrune(models.Model):
    """One pruning of the change log: its lines up to ``through_seq`` (or some of them) were
    deleted. A node whose index holds less than ``through_seq`` may have missed a deleted line
    and rebuilds its index from the marks tables instead of replaying the log."""

    through_seq = models.BigIntegerField(_("deleted up to line"))
    deleted = models.PositiveIntegerField(_("lines deleted"))
    kept_for = models.JSONField(_("nodes waited for"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trademark index change log pruning")
        verbose_name_plural = _("trademark index change log prunings")

    def __str__(self) -> str:
        return f"≤{self.through_seq} ({self.deleted})"
