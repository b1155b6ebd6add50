from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Organisation, district_field, districts_of
from core.masking import mask_id_number, mask_phone, sees_personal_numbers
from core.querysets import VisibleQuerySet
from core.validators import validate_phone
from refdata import divisions
from registry.choices import EnterpriseSize, OwnerKind, TalentKind
from registry.validators import validate_id_number, validate_street_code, validate_uscc


class ParkQuerySet(VisibleQuerySet):
    def for_user(self, user) -> ParkQuerySet:
        """The office sees every park; an enterprise user only the park its enterprise is in."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter(district__in=districts_of(user))
        return self.filter_across(enterprises__organisation_id=user.organisation_id)


class Park(models.Model):
    """An industrial or technology park (园区), a "carrier" of the four-in-one system:
    enterprises are settled in it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    street_code = models.CharField(_("street"), max_length=12, blank=True, validators=[validate_street_code])
    address = models.CharField(_("address"), max_length=300, blank=True)
    focus = models.CharField(_("industry focus"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    district = district_field()

    objects = ParkQuerySet.as_manager()

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def street_name(self) -> str:
        division = divisions.lookup(self.street_code)
        return division.name if division else ""


class EnterpriseQuerySet(VisibleQuerySet):
    def for_user(self, user) -> EnterpriseQuerySet:
        """The office sees every enterprise; an enterprise user only its own; other
        organisations see enterprises only through what was sent to them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(organisation__districts__in=districts_of(user))
        return self.filter(organisation_id=user.organisation_id)


class Enterprise(models.Model):
    """A holder of rights in the district: an enterprise (企业), the main body of the
    four-in-one system, or a university, research institute, hospital or individual
    (``owner_kind``). Bodies are keyed by their Unified Social Credit Code, individuals by their
    resident ID number (masked outside the office). Its people log in through its organisation."""

    # Unique through Meta.constraints among the bodies that have one (an individual has none).
    uscc = models.CharField(_("Unified Social Credit Code"), max_length=18, blank=True, validators=[validate_uscc])
    owner_kind = models.CharField(
        _("kind of owner"), max_length=12, choices=OwnerKind.choices, default=OwnerKind.ENTERPRISE, db_index=True
    )
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        blank=True,
        validators=[validate_id_number],
        help_text=_("An individual's 18-character resident ID number."),
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="enterprise"
    )
    street_code = models.CharField(_("street"), max_length=12, blank=True, validators=[validate_street_code])
    address = models.CharField(_("address"), max_length=300, blank=True)
    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.SET_NULL, null=True, blank=True, related_name="enterprises"
    )
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=EnterpriseSize.choices, blank=True)
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    is_tech_sme = models.BooleanField(_("tech-based SME"), default=False)
    is_specialised = models.BooleanField(
        _("specialised, refined, distinctive and innovative (专精特新)"), default=False
    )
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[validate_phone])
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        indexes = [models.Index(fields=["street_code"]), models.Index(fields=["industry"])]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~models.Q(uscc=""),
                name="enterprise_unique_uscc",
                violation_error_code="uscc",
                violation_error_message=_("An owner with this Unified Social Credit Code is already registered."),
            ),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~models.Q(id_number=""),
                name="enterprise_unique_id_number",
                violation_error_code="id_number",
                violation_error_message=_("An owner with this ID number is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None) -> None:
        """A taken credit code or ID number is said beside its field, as a plain unique field's is
        (a conditional constraint's message would otherwise stand above the form)."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            fields: dict[str, list] = {}
            for field, errors in error.error_dict.items():
                for item in errors:
                    target = item.code if field == NON_FIELD_ERRORS and item.code in ("uscc", "id_number") else field
                    fields.setdefault(target, []).append(item)
            raise ValidationError(fields) from None

    def clean(self) -> None:
        """A body has a credit code and no ID number; an individual the other way round."""
        super().clean()
        errors: dict[str, str] = {}
        if self.owner_kind == OwnerKind.INDIVIDUAL:
            if not self.id_number:
                errors["id_number"] = gettext("An individual owner is registered with their resident ID number.")
            if self.uscc:
                errors["uscc"] = gettext("An individual has no Unified Social Credit Code: leave it empty.")
            if errors:
                raise ValidationError(errors)
        else:
            if not self.uscc:
                errors["uscc"] = gettext("Enter the Unified Social Credit Code of the %(kind)s.") % {
                    "kind": self.get_owner_kind_display()
                }
            if self.id_number:
                errors["id_number"] = gettext(
                    "Only an individual owner is registered with an ID number: leave it empty."
                )
            if errors:
                raise ValidationError(errors)

    @property
    def is_individual(self) -> bool:
        return self.owner_kind == OwnerKind.INDIVIDUAL

    def id_number_for(self, user) -> str:
        """The full number for the office's staff, masked for everyone else (leadership included)."""
        return self.id_number if sees_personal_numbers(user) else mask_id_number(self.id_number)

    @property
    def region_code(self) -> str:
        """GB/T 2260 code embedded in the USCC (characters 3–8), or an individual's ID number (1–6)."""
        if not self.uscc:
            return self.id_number[:6]
        return self.uscc[2:8]

    @property
    def region_is_historical(self) -> bool:
        """The USCC carries the code of a county since merged, renamed or recoded."""
        return bool(self.uscc) and divisions.is_historical_code(self.region_code)

    @property
    def region_history(self) -> str:
        """蓬莱市, listed 1995–2019: the former county and the years of the lists that carried it."""
        return divisions.historical_note(self.region_code) if self.region_is_historical else ""

    @property
    def street_name(self) -> str:
        division = divisions.lookup(self.street_code)
        return division.name if division else ""

    @property
    def flags(self) -> list[str]:
        labels = []
        for field in ("is_high_tech", "is_tech_sme", "is_specialised"):
            if getattr(self, field):
                labels.append(str(self._meta.get_field(field).verbose_name))  # type: ignore[union-attr]  # the names are fields, not relations
        return labels


class TalentQuerySet(VisibleQuerySet):
    def for_user(self, user) -> TalentQuerySet:
        """The office sees all talent; an organisation sees its own people."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter(district__in=districts_of(user))
        return self.filter(organisation_id=user.organisation_id)


class Talent(models.Model):
    """A person in the district's IP talent pool (人才): IP professionals, patent agents,
    inventors and staff, with the organisation they work for."""

    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="talent",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TalentKind.choices)
    # "field" and "title" of a person (专业领域, 职称/职务) read differently from a patent's title.
    field = models.CharField(pgettext_lazy("person", "field"), max_length=120, blank=True)
    title = models.CharField(pgettext_lazy("person", "title"), max_length=120, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, validators=[validate_id_number])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    is_demo = models.BooleanField(_("demo data"), default=False)
    district = district_field()

    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talent")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="talent_unique_id_number"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def id_number_for(self, user) -> str:
        """The full number for the office's staff, masked for everyone else (leadership included)."""
        return self.id_number if sees_personal_numbers(user) else mask_id_number(self.id_number)

    def phone_for(self, user) -> str:
        return self.phone if sees_personal_numbers(user) else mask_phone(self.phone)


class DistrictPopulation(models.Model):
    """The district's resident population for a year, as the office enters it from the statistics
    bureau's yearbook; the dashboard's and the landscape's "per 10,000 people" figures divide
    by it. (The table was the dashboard's until both needed it; migration 0003 kept its rows.)"""

    district = models.ForeignKey(
        "accounts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="population"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("e.g. the statistical yearbook"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["district", "-year"]
        verbose_name = _("district population")
        verbose_name_plural = _("district population")
        constraints = [
            models.CheckConstraint(condition=models.Q(population__gt=0), name="population_positive"),
            models.UniqueConstraint(fields=["district", "year"], name="population_unique_per_district_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.population}"

    @classmethod
    def of_year(cls, year: int, district: District | None = None) -> int | None:
        """The population of ``district`` (the default one if None) entered for ``year``, else
        the nearest earlier year's, else None."""
        district = district or District.default()
        row = cls.objects.filter(district=district, year__lte=year).order_by("-year").first()
        return row.population if row else None
