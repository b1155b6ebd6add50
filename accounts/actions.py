"""Every change to organisations, people and API tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import secondfactor
from accounts.choices import SERVING_KINDS, OrganisationKind, Role, roles_for_kind
from accounts.districts import acting_district
from accounts.models import TOKEN_LIFETIMES, ApiToken, ApiTokenScope, District, Organisation, User
from accounts.permissions import can_link_districts, can_manage_people
from audit.trail import record, snapshot
from core.actions import require


@transaction.atomic
def create_organisation(
    *, actor, name: str, kind: str, is_demo: bool = False, districts: Iterable[District] | None = None
) -> Organisation:
    """A new organisation, linked to ``districts`` (by default the installation's default district)."""
    require(can_manage_people(actor))
    organisation = Organisation(name=name, kind=kind, is_demo=is_demo)
    organisation.full_clean()
    organisation.save()
    linked = list(districts) if districts is not None else [District.default()]
    organisation.districts.set(linked)
    after = {**snapshot(organisation), "districts": sorted(d.code for d in linked)}
    record(actor=actor, action="organisation.create", obj=organisation, after=after)
    return organisation


def _district_codes(organisation: Organisation) -> list[str]:
    return sorted(organisation.districts.values_list("code", flat=True))


def link_to_district(*, actor, organisation: Organisation, district: District) -> Organisation:
    """Record that a bank, valuation agency, mediation body, police station or court serves
    ``district`` too: its people see what that district's enterprises send them."""
    return _serve(actor=actor, organisation=organisation, district=district, serves=True)


def unlink_from_district(*, actor, organisation: Organisation, district: District) -> Organisation:
    """Record that an organisation no longer serves ``district``; it keeps the others. Its last
    district stays: an organisation that serves none would see nothing and be found by no one."""
    return _serve(actor=actor, organisation=organisation, district=district, serves=False)


@transaction.atomic
def _serve(*, actor, organisation: Organisation, district: District, serves: bool) -> Organisation:
    require(can_link_districts(actor))
    acting_district(actor, district)  # an office links to its own district only
    if organisation.kind not in SERVING_KINDS:
        raise ValidationError(
            _("A %(kind)s belongs to one district; only banks, valuation agencies, mediation bodies, "
              "the police and courts are linked to the districts they serve.")
            % {"kind": OrganisationKind(organisation.kind).label}
        )  # fmt: skip
    # Locked, so that two clerks linking and unlinking at once each see what the other did.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    before = _district_codes(organisation)
    names = {"organisation": organisation.name, "district": district.name}
    if serves and district.code in before:
        raise ValidationError(_("%(organisation)s already serves %(district)s.") % names)
    if not serves and district.code not in before:
        raise ValidationError(_("%(organisation)s does not serve %(district)s.") % names)
    if not serves and len(before) == 1:
        raise ValidationError(
            _("%(district)s is the only district %(organisation)s serves: link it to another one first.") % names
        )
    if serves:
        organisation.districts.add(district)
    else:
        organisation.districts.remove(district)
    record(
        actor=actor,
        action="organisation.link_district" if serves else "organisation.unlink_district",
        obj=organisation,
        before={"districts": before},
        after={"districts": _district_codes(organisation)},
    )
    return organisation


@transaction.atomic
def create_user(
    *,
    actor,
    organisation: Organisation,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    phone: str = "",
) -> User:
    """A new person in an organisation, with a role that fits its kind."""
    require(can_manage_people(actor, organisation))
    if role not in roles_for_kind(organisation.kind):
        allowed = ", ".join(str(Role(r).label) for r in sorted(roles_for_kind(organisation.kind)))
        raise ValidationError(
            {
                "role": _("A %(kind)s can only have these roles: %(roles)s.")
                % {"kind": OrganisationKind(organisation.kind).label, "roles": allowed}
            }
        )
    user = User(username=username, organisation=organisation, role=role, first_name=full_name, phone=phone)
    validate_password(password, user=user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, action="user.create", obj=user, after=snapshot(user, exclude=["password", "last_login"]))
    return user


@transaction.atomic
def issue_api_token(*, actor: User, name: str, scope: str = ApiTokenScope.READ, days: int = 90) -> tuple[ApiToken, str]:
    """Issue a token for the actor themself, read-only unless asked for writing, expiring after
    `days`; the raw token is returned once and never stored."""
    if days not in TOKEN_LIFETIMES:
        raise ValidationError({"days": _("Choose 30, 90 or 365 days.")})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=raw[:8],
        digest=ApiToken.digest_of(raw),
        scope=ApiTokenScope(scope),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(actor=actor, action="api_token.issue", obj=token, after=snapshot(token, exclude=["digest"]))
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    before = snapshot(token, exclude=["digest"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action="api_token.revoke", obj=token, before=before, after=snapshot(token, exclude=["digest"]))
    return token


# --- passwords, sessions and the second factor --------------------------------------------------


@transaction.atomic
def change_password(*, actor: User, new_password: str) -> None:
    """The person's own new password, checked by the password validators (12 characters at the
    least, not on the list of breached passwords shipped with Django)."""
    validate_password(new_password, user=actor)
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    record(actor=actor, action="user.password_change", obj=actor)


@transaction.atomic
def log_out_everywhere(*, actor: User) -> None:
    """End every session of this person, on every browser (this one too)."""
    User.objects.filter(pk=actor.pk).update(session_generation=F("session_generation") + 1)
    actor.refresh_from_db(fields=["session_generation"])
    record(actor=actor, action="user.logout_everywhere", obj=actor)


@transaction.atomic
def start_authenticator(*, actor: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the person to scan; confirmed by its first code."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name=secondfactor.AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm_authenticator(*, actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes (shown
    once). Any earlier authenticator of the person is replaced."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValidationError(_("Start the set-up again."))
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ValidationError({"code": _("That code is not right. Type the six digits the app shows now.")})
    TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(actor)
    record(actor=actor, action="user.second_factor_enrol", obj=actor)
    return codes


@transaction.atomic
def renew_recovery_codes(*, actor: User) -> list[str]:
    codes = _new_recovery_codes(actor)
    record(actor=actor, action="user.recovery_codes_renew", obj=actor)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=secondfactor.RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(secondfactor.RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def reset_second_factor(*, actor, user: User) -> None:
    """The office removes a person's authenticator and recovery codes (a lost phone); the person
    sets up a new one at the next log-in. Their sessions end too."""
    require(can_manage_people(actor, user.organisation))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    record(actor=actor, action="user.second_factor_reset", obj=user)
