from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from landscape.choices import AwardLevel
from portfolio.models import Patent


class StrategicIndustryIpc(models.Model):
    """One line of the official concordance between the strategic emerging industries and the
    IPC (国家统计局《战略性新兴产业分类与国际专利分类参照关系表》), imported by the office from
    the official file. Empty until imported: nothing here is made up."""

    ipc_prefix = models.CharField(
        _("IPC symbol or prefix"),
        max_length=20,
        help_text=_("A subclass (G06F), a main group (G06F16) or a group (G06F16/35), normalised without spaces."),
    )
    industry_code = models.CharField(_("industry code"), max_length=20)
    industry_name = models.CharField(_("industry"), max_length=200)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategic emerging industry IPC line")
        verbose_name_plural = _("strategic emerging industry IPC lines")
        ordering = ["ipc_prefix", "industry_code"]
        constraints = [
            models.UniqueConstraint(fields=["ipc_prefix", "industry_code"], name="sei_ipc_once_per_industry"),
        ]

    def __str__(self) -> str:
        return f"{self.ipc_prefix} → {self.industry_code} {self.industry_name}"


class PatentAward(models.Model):
    """A China Patent Award (中国专利奖) or a national science and technology award (国家科学技术奖)
    won by one of the district's patents, entered by the office; either makes an invention patent
    high-value under the national definition's fifth category."""

    patent = models.ForeignKey(Patent, verbose_name=_("patent"), on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField(_("award year"))
    level = models.CharField(_("award level"), max_length=16, choices=AwardLevel.choices)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("China Patent Award")
        verbose_name_plural = _("China Patent Awards")
        ordering = ["-year", "patent"]
        constraints = [models.UniqueConstraint(fields=["patent", "year"], name="patent_award_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_level_display()} · {self.patent.application_number}"
