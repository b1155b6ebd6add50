from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind, Role
from core.querysets import VisibleQuerySet
from core.validators import validate_phone
from refdata import divisions


def validate_county_code(code: str) -> None:
    """A county-level GB/T 2260 code (a district, county or county-level city)."""
    division = divisions.lookup(code)
    if division is None or division.level != "county":
        raise ValidationError(_("%(code)s is not a county-level division code (GB/T 2260).") % {"code": code})


class District(models.Model):
    """A county-level division this installation serves (GB/T 2260 code): its office, its
    enterprises and their records belong to it. One installation may serve many (a city or a
    province running all its counties); ``settings.DISTRICT_CODE`` names the default one, which
    ``make run``'s demo uses."""

    code = models.CharField(_("division code"), max_length=6, primary_key=True, validators=[validate_county_code])
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("county-level district")
        verbose_name_plural = _("county-level districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """山东省 烟台市 芝罘区."""
        return divisions.full_name(self.code) or self.name

    @classmethod
    def default(cls) -> District:
        """The installation's default district (``settings.DISTRICT_CODE``), made on first use."""
        return cls.of_code(settings.DISTRICT_CODE)

    @classmethod
    def of_code(cls, code: str) -> District:
        division = divisions.lookup(code)
        district, _created = cls.objects.get_or_create(
            code=code, defaults={"name": division.name if division is not None else code}
        )
        return district


class OrganisationQuerySet(VisibleQuerySet):
    def for_user(self, user) -> OrganisationQuerySet:
        """The office sees every organisation of its district(s); anyone else only their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office:
            return self.filter_across(districts__in=districts_of(user))
        return self.filter(pk=user.organisation_id)


class Organisation(models.Model):
    """A body that takes part in the district's IP work: the office itself, an enterprise,
    a partner bank, a valuation agency, a mediation body, the police or the court."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The districts it works in: exactly one for an office, an enterprise or a university; each
    # district served for a bank, a court, the police or a mediation body; those supervised for
    # a city or provincial bureau.
    districts = models.ManyToManyField(District, verbose_name=_("districts"), related_name="organisations", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_name_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in: a member of exactly one organisation with one role in it
    (superusers may have none)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    # Raised by "log out everywhere": every session signed with the old value stops being valid.
    session_generation = models.PositiveIntegerField(_("session generation"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django signs each session with a hash of the password; ours adds the session
        generation, so raising it ends every session of this person at once."""
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}|{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def kind(self) -> str:
        return self.organisation.kind if self.organisation is not None else ""

    @property
    def is_office(self) -> bool:
        """Office staff see the whole of their district; a city or provincial bureau's people
        see the districts it supervises as the county leadership sees its own (read-only)."""
        return self.organisation is not None and self.organisation.kind in DISTRICT_WIDE_KINDS

    @property
    def is_bureau(self) -> bool:
        return self.organisation is not None and self.organisation.kind == OrganisationKind.BUREAU

    @property
    def is_leadership(self) -> bool:
        """County leadership (and every bureau person): sees what the office sees, read-only,
        personal numbers masked."""
        return self.is_office and (self.role == Role.LEADERSHIP or self.is_bureau)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @cached_property
    def district_codes(self) -> frozenset[str]:
        """The codes of the districts this person's organisation works in (one for an office or
        an enterprise; several for a bank, a court or a bureau)."""
        if self.organisation_id is None:
            return frozenset()
        return frozenset(District.objects.filter(organisations=self.organisation_id).values_list("code", flat=True))


# The kinds whose people see every record of their district(s), not only their organisation's.
DISTRICT_WIDE_KINDS = frozenset({OrganisationKind.OFFICE, OrganisationKind.BUREAU})


def districts_of(user) -> models.QuerySet:
    """The codes of the districts ``user``'s organisation works in, as a subquery: a
    ``for_user`` filters with it in the same SQL statement, so scoping adds no query."""
    return Organisation.districts.through.objects.filter(organisation_id=user.organisation_id).values("district_id")


class ApiTokenScope(models.TextChoices):
    READ = "read", _("read only")
    WRITE = "write", _("read and write")


# How long a new token lives unless the person picks another term (days).
TOKEN_LIFETIMES = (30, 90, 365)


def default_token_expiry():
    return timezone.now() + timedelta(days=90)


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        """Not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A token a person issues to call the JSON API as themselves. Only its hash is stored;
    the token itself is shown once, when issued."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=ApiTokenScope.choices, default=ApiTokenScope.READ)
    expires_at = models.DateTimeField(_("expires at"), default=default_token_expiry)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)


def default_district_code() -> str:
    """The default of a record's ``district`` field when none is given (records made by the
    system, the demo, tests): the installation's default district, made on first use. The
    ``actions`` modules set the acting person's district explicitly."""
    return District.default().code


def district_field() -> models.ForeignKey:
    """The ``district`` of a record a district's office keeps (accounts.District): set by the
    acting office, the default district when the system, the demo or a test makes it."""
    return models.ForeignKey(
        "accounts.District",
        verbose_name=_("county-level district"),
        on_delete=models.PROTECT,
        related_name="+",
        default=default_district_code,
    )
