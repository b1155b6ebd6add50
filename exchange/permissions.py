from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind, Role
from core.permissions import ALLOW, Decision, deny, is_system
from exchange.workflow import ACQUIRER, OFFEROR, OFFICE, next_steps

STAFF = (Role.CLERK, Role.REVIEWER, Role.LEADER)


def _staff(user) -> bool:
    return user.is_authenticated and user.is_office and user.has_role(*STAFF)


def can_run_exchange(user) -> Decision:
    """The office's clerks, reviewers and leader run the exchange: the match board, meetings,
    deals and their registration."""
    if is_system(user) or _staff(user):
        return ALLOW
    return deny(_("Only the IP office's staff run the patent exchange."))


def can_offer(user) -> Decision:
    """Universities and institutes list their patents; an enterprise's manager its idle ones;
    the office lists on anyone's behalf."""
    if is_system(user) or _staff(user):
        return ALLOW
    if not user.is_authenticated:
        return deny(_("Log in first."))
    if user.kind == OrganisationKind.UNIVERSITY:
        return ALLOW
    if user.kind == OrganisationKind.ENTERPRISE and user.has_role(Role.MANAGER):
        return ALLOW
    return deny(_("Universities, institutes, an enterprise's manager or the office list patents."))


def can_change_offer(user, offer) -> Decision:
    if is_system(user) or _staff(user):
        return ALLOW
    if (
        user.is_authenticated
        and user.organisation_id == offer.organisation_id
        and (user.kind == OrganisationKind.UNIVERSITY or user.has_role(Role.MANAGER))
    ):
        return ALLOW
    return deny(_("Only the organisation that listed the patent, or the office, changes the offer."))


def can_post_need(user, enterprise=None) -> Decision:
    """An enterprise's people post its needs; the office posts on an enterprise's behalf."""
    if is_system(user) or _staff(user):
        return ALLOW
    if (
        user.is_authenticated
        and user.kind == OrganisationKind.ENTERPRISE
        and (enterprise is None or enterprise.organisation_id == user.organisation_id)
    ):
        return ALLOW
    return deny(_("An enterprise posts its own needs; the office may post on its behalf."))


def can_take_open_licence(user, offer) -> Decision:
    """Any district enterprise's manager may take an open licence on its published terms
    (专利法 art. 51: by written notice to the patentee)."""
    if offer.mode != "open_licence" or offer.status != "listed" or offer.withdrawn_on is not None:
        return deny(_("This patent is not open for licence."))
    if is_system(user) or _staff(user):
        return ALLOW
    if (
        user.is_authenticated
        and user.kind == OrganisationKind.ENTERPRISE
        and user.has_role(Role.MANAGER)
        and user.organisation_id != offer.organisation_id
    ):
        return ALLOW
    return deny(_("An enterprise's manager takes an open licence."))


def parties_of(user, deal) -> set[str]:
    if not user.is_authenticated:
        return set()
    out = set()
    if _staff(user):
        out.add(OFFICE)
    if user.organisation_id == deal.acquirer.organisation_id and user.has_role(Role.MANAGER):
        out.add(ACQUIRER)
    if user.organisation_id == deal.offer.organisation_id:
        out.add(OFFEROR)
    return out


def can_move_deal(user, deal, target: str) -> Decision:
    steps = next_steps(deal.status)
    if target not in steps:
        return deny(_("A deal cannot go from this status to that one."))
    if is_system(user):
        return ALLOW
    if not (parties_of(user, deal) & steps[target]):
        return deny(_("You cannot take this step of the deal."))
    return ALLOW
