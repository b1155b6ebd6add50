from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    OFFICE = "office", _("IP office")
    ENTERPRISE = "enterprise", _("Enterprise")
    BANK = "bank", _("Bank")
    VALUER = "valuer", _("Valuation agency")
    MEDIATION = "mediation", _("Mediation body")
    POLICE = "police", _("Police")
    COURT = "court", _("Court")
    # Universities and research institutes offer their patents on the district's patent
    # exchange; they see their own offers and deals only.
    UNIVERSITY = "university", _("University or research institute")
    # A city or provincial IP bureau: supervises the districts it is linked to, read-only (the
    # roll-up of every county's indicators), like the county leadership.
    BUREAU = "bureau", _("City or provincial IP bureau")


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    REVIEWER = "reviewer", _("Reviewer")
    LEADER = "leader", _("Leader")
    ENFORCEMENT = "enforcement", _("Enforcement officer")
    MEMBER = "member", _("Member")
    MANAGER = "manager", _("Manager")
    # County leadership: reads the whole district (dashboard, annual reports, lists) and
    # changes nothing (accounts.middleware refuses every write), with personal numbers masked.
    LEADERSHIP = "leadership", _("County leadership")


OFFICE_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER, Role.ENFORCEMENT, Role.LEADERSHIP})
OUTSIDE_ROLES = frozenset({Role.MEMBER, Role.MANAGER})
BUREAU_ROLES = frozenset({Role.LEADERSHIP})


def roles_for_kind(kind: str) -> frozenset[str]:
    """The roles a person may hold in an organisation of this kind."""
    if kind == OrganisationKind.OFFICE:
        return OFFICE_ROLES
    if kind == OrganisationKind.BUREAU:
        # A bureau reads the districts it supervises and changes nothing, like the county
        # leadership (accounts.middleware refuses its writes).
        return BUREAU_ROLES
    return OUTSIDE_ROLES


# The kinds that serve districts (a bank, a valuation agency, a mediation body, the police, a
# court): the office links each to every district it serves (accounts.actions.link_to_district).
SERVING_KINDS = frozenset(
    {
        OrganisationKind.BANK,
        OrganisationKind.VALUER,
        OrganisationKind.MEDIATION,
        OrganisationKind.POLICE,
        OrganisationKind.COURT,
    }
)
