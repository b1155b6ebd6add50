from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.querysets import VisibleQuerySet
from dashboard.choices import Indicator, ReportStatus


class DistrictTarget(models.Model):
    """A target the office sets for one indicator of its district in one year (from the
    district's IP strong-county plan); the dashboard and the roll-up show each year's figure
    against it."""

    district = models.ForeignKey(
        "accounts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["district", "-year", "indicator"]
        verbose_name = _("district target")
        verbose_name_plural = _("district targets")
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "indicator"], name="target_unique_per_district_year"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_indicator_display()}: {self.value}"


class AnnualReportQuerySet(VisibleQuerySet):
    def for_user(self, user) -> AnnualReportQuerySet:
        """Annual reports are the office's and the county leadership's, of their own district."""
        if not user.is_authenticated or not user.is_office:
            return self.none()
        return self.filter(district__in=user.district_codes)


class AnnualReport(models.Model):
    """The annual IP report of the district for one year: the dashboard's figures as a Chinese
    PDF and an XLSX workbook, generated in the background from the data as it stood then."""

    district = models.ForeignKey(
        "accounts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=100, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


class DistrictIndicatorSnapshot(models.Model):
    """One figure of one district for one year as the snapshot job last computed it from the
    records (``dashboard.snapshots``): the roll-up and the county dashboard read these rows
    instead of counting millions of records on each request. ``indicator`` is an indicator
    code, or a breakdown key (``cases_by_right:<kind>``, ``high_value_top:<position>:<enterprise>``)."""

    district = models.ForeignKey(
        "accounts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="snapshots"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4, null=True, blank=True)
    # How many decimal places the figure has (money and rates 2); None for a count.
    places = models.PositiveSmallIntegerField(_("decimal places"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["district", "-year", "indicator"]
        verbose_name = _("district indicator snapshot")
        verbose_name_plural = _("district indicator snapshots")
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "indicator"], name="snapshot_unique_per_district_year")
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year} {self.indicator}: {self.value}"


class DistrictSnapshotState(models.Model):
    """Whether a district's snapshot is behind its records: ``stale_since`` is set by every
    audited change of the district (and an import finishing) and cleared by a refresh that
    started after it; ``computed_at`` is when the figures were last computed."""

    district = models.OneToOneField(
        "accounts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="snapshot_state",
    )
    stale_since = models.DateTimeField(_("stale since"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("district snapshot state")
        verbose_name_plural = _("district snapshot states")

    def __str__(self) -> str:
        return f"{self.district_id}: {self.computed_at} (stale since {self.stale_since})"
