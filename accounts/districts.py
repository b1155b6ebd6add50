"""The district helpers: which district a record belongs to when it is made
(``acting_district``), which district a record counts in when it is reached through the
enterprise it concerns (``through_enterprise``, ``enterprise_district``), and whose dashboard a person sees
(``home_district``). The two that models need at import time stay beside ``District`` in
``accounts.models``: ``districts_of`` (the ``for_user`` subquery) and ``default_district_code``
(the ``district`` fields' default, named by migrations).

Until a record type carries its own ``district`` (the office-made records: cases, programmes,
trainings, funds), it counts in the district of the enterprise it concerns; one that concerns
no enterprise counts in the installation's default district (``settings.DISTRICT_CODE``), so a
single-district installation's figures are what they were before districts became data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import District


def is_default(district: District) -> bool:
    return district.code == settings.DISTRICT_CODE


def through_enterprise(path: str, district: District, *, unattributed: bool = True) -> Q:
    """Records whose enterprise at ``path`` (e.g. "enterprise", "case__complainant") belongs to
    ``district``; with ``unattributed``, those without an enterprise count in the default
    district."""
    q = Q(**{f"{path}__organisation__districts": district})
    if unattributed and is_default(district):
        q |= Q(**{f"{path}__isnull": True})
    return q


def enterprise_district(enterprise) -> District | None:
    """The district an enterprise's records count in: its organisation's (the first by code when
    it is linked to several); None when it is linked to none."""
    return District.objects.filter(organisations=enterprise.organisation_id).order_by("code").first()


def home_district(user) -> District:
    """The district whose dashboard a person sees: their organisation's own (an office has
    exactly one), else the installation's default district."""
    codes = sorted(getattr(user, "district_codes", None) or ())
    if len(codes) == 1:
        return District.objects.get(code=codes[0])
    return District.default()


def acting_district(actor, district: District | None = None) -> District:
    """The district a record made by ``actor`` belongs to: ``district`` when given (one of the
    actor's own), else the actor's only district; the default district for the system (no
    actor) and for a superuser without an organisation. An office serving several districts
    must name one."""
    codes = actor.district_codes if actor is not None and getattr(actor, "organisation_id", None) else frozenset()
    if district is not None:
        if codes and district.code not in codes:
            raise ValidationError(_("%(district)s is not one of your districts.") % {"district": district.name})
        return district
    if not codes:
        return District.default()
    if len(codes) > 1:
        raise ValidationError(
            gettext_lazy("Choose the district this record belongs to.")
        )  # read in the reader's language
    return District.objects.get(code=next(iter(codes)))
