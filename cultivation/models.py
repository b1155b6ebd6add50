from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import district_field, districts_of
from core.models import StatusChange
from core.querysets import VisibleQuerySet
from cultivation.choices import BrandGoal, BrandStage, EventKind, EventLevel


class TrainingQuerySet(VisibleQuerySet):
    def for_user(self, user) -> TrainingQuerySet:
        """The office sees every training and competition; an organisation sees those its own
        people took part in."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter(district__in=districts_of(user))
        return self.filter_across(participations__talent__organisation_id=user.organisation_id)


class Training(models.Model):
    """A training course or a competition for the district's IP talent (知识产权培训/竞赛):
    who organised it, at what level, when, and which people of the talent registry took part
    with what result and certificate."""

    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    title = models.CharField(_("event name"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=EventLevel.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The district whose office keeps it (accounts.District; set by the acting office).
    district = district_field()

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training or competition")
        verbose_name_plural = _("trainings and competitions")
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class Participation(models.Model):
    """One person of the talent registry at one training or competition, with the result
    (e.g. passed, first prize) and the certificate number if one was issued."""

    training = models.ForeignKey(
        Training, verbose_name=_("training or competition"), on_delete=models.CASCADE, related_name="participations"
    )
    talent = models.ForeignKey(
        "registry.Talent", verbose_name=_("talent"), on_delete=models.PROTECT, related_name="participations"
    )
    result = models.CharField(_("result"), max_length=100, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["training", "talent__name"]
        constraints = [models.UniqueConstraint(fields=["training", "talent"], name="participation_once_per_event")]

    def __str__(self) -> str:
        return f"{self.talent} @ {self.training}"


class KeyBrandQuerySet(VisibleQuerySet):
    def for_user(self, user) -> KeyBrandQuerySet:
        """The office sees the whole list; an enterprise only its own brands."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(owner__organisation__districts__in=districts_of(user))
        return self.filter(owner__organisation_id=user.organisation_id)


class KeyBrand(models.Model):
    """A brand on the district's key-brand cultivation list (重点商标品牌培育名录): its owner,
    the owner's trademarks that carry it, what it is cultivated towards (well-known mark,
    geographical indication, regional public brand) and how far it has got. It is watched by the
    similarity engine as a protected mark of kind "key brand"."""

    name = models.CharField(_("brand"), max_length=100)
    owner = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="key_brands"
    )
    trademarks = models.ManyToManyField(
        "portfolio.Trademark", verbose_name=_("trademarks"), related_name="key_brands", blank=True
    )
    goal = models.CharField(_("goal"), max_length=30, choices=BrandGoal.choices)
    stage = models.CharField(_("progress"), max_length=12, choices=BrandStage.choices, default=BrandStage.PLANNED)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    protected_mark = models.OneToOneField(
        "similarity.ProtectedMark",
        verbose_name=_("protected-mark watch entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_brand",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = KeyBrandQuerySet.as_manager()

    class Meta:
        verbose_name = _("key brand")
        verbose_name_plural = _("key brands")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="key_brand_unique_per_owner")]

    def __str__(self) -> str:
        return self.name


class KeyBrandStageChange(StatusChange):
    """One step of a key brand's progress, with who recorded it and why."""

    brand = models.ForeignKey(KeyBrand, verbose_name=_("key brand"), on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from"), max_length=12, choices=BrandStage.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=BrandStage.choices)

    class Meta:
        verbose_name = _("key brand progress step")
        verbose_name_plural = _("key brand progress steps")
        ordering = ["at", "pk"]
