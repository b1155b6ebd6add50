from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rules.catalogue import BY_KEY
from rules.choices import Basis, Domain


class Rule(models.Model):
    """One dated version of a rule the office works under: a time limit, a threshold, a fee or
    a policy limit, with the text it comes from. A rule changes by a new version from a later
    date; versions are never edited, so a case is always measured against the rule of its day."""

    key = models.CharField(_("rule"), max_length=80, db_index=True)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    value = models.JSONField(_("value"))
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    basis = models.CharField(_("kind of source"), max_length=20, choices=Basis.choices)
    source_title = models.CharField(_("source document"), max_length=200)
    source_number = models.CharField(_("document number"), max_length=100, blank=True)
    source_article = models.CharField(_("article"), max_length=100, blank=True)
    source_url = models.URLField(_("where the text was read"), max_length=500, blank=True)
    verified = models.BooleanField(_("source text verified"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["domain", "key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="rule_one_version_per_day"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="rule_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.valid_from:%Y-%m-%d})"

    @property
    def label(self) -> str:
        entry = BY_KEY.get(self.key)
        return str(entry.label) if entry else self.key

    @property
    def citation(self) -> str:
        parts = [self.source_title, self.source_number, self.source_article]
        return " ".join(p for p in parts if p)

    @property
    def is_district_rule(self) -> bool:
        return self.basis == Basis.DISTRICT
