"""Every change to organisations, people and API tokens."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role, roles_for_kind
from accounts.models import ApiToken, Organisation, User
from accounts.permissions import can_manage_people
from audit.trail import record, snapshot
from core.actions import require


@transaction.atomic
def create_organisation(*, actor, name: str, kind: str, is_demo: bool = False) -> Organisation:
    require(can_manage_people(actor))
    organisation = Organisation(name=name, kind=kind, is_demo=is_demo)
    organisation.full_clean()
    organisation.save()
    record(actor=actor, action="organisation.create", obj=organisation, after=snapshot(organisation))
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
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, action="user.create", obj=user, after=snapshot(user, exclude=["password", "last_login"]))
    return user


@transaction.atomic
def issue_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token for the actor themself; the raw token is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=actor, name=name, prefix=raw[:8], digest=ApiToken.digest_of(raw))
    record(actor=actor, action="api_token.issue", obj=token, after=snapshot(token, exclude=["digest"]))
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    before = snapshot(token, exclude=["digest"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action="api_token.revoke", obj=token, before=before, after=snapshot(token, exclude=["digest"]))
    return token
