"""Which district a record counts in, reached through the enterprise it concerns.

Until a record type carries its own ``district`` (the office-made records: cases, programmes,
trainings, funds), it counts in the district of the enterprise it concerns; one that concerns
no enterprise counts in the installation's default district (``settings.DISTRICT_CODE``), so a
single-district installation's figures are what they were before districts became data.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

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


def home_district(user) -> District:
    """The district whose dashboard a person sees: their organisation's own (an office has
    exactly one), else the installation's default district."""
    codes = sorted(getattr(user, "district_codes", None) or ())
    if len(codes) == 1:
        return District.objects.get(code=codes[0])
    return District.default()
