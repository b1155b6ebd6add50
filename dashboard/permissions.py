from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from core.permissions import ALLOW, Decision, deny, is_system
from registry.permissions import can_enter_district_figures


def can_set_district_figures(actor) -> Decision:
    """Population and targets are entered by the office's clerks and its leader."""
    return can_enter_district_figures(actor)


def can_read_dashboard(actor) -> Decision:
    """The dashboard and the annual reports are for the office and the county leadership."""
    if is_system(actor):
        return ALLOW
    if getattr(actor, "is_authenticated", False) and actor.is_office:
        return ALLOW
    return deny(_("The county dashboard is for the IP office and the county leadership."))


def can_read_rollup(actor) -> Decision:
    """The roll-up is for a city or provincial bureau (its districts) and for the county office
    and leadership (their district among the city's)."""
    if getattr(actor, "is_authenticated", False) and (actor.is_office or actor.kind == OrganisationKind.BUREAU):
        return ALLOW
    return deny(_("The roll-up is for the IP bureaus, the IP office and the county leadership."))
