from django.db import models
from django.utils.translation import gettext_lazy as _


class ProtectedKind(models.TextChoices):
    """Why a mark is on the office's protected list."""

    WELL_KNOWN = "well_known", _("Well-known mark")
    GEOGRAPHICAL_INDICATION = "gi", _("Geographical indication")
    SPECIAL_SIGN = "special_sign", _("Special sign")
    KEY_BRAND = "key_brand", _("Key brand of the district")


# Well-known marks and special signs are protected across all classes; geographical
# indications and key brands within their own goods (and related groups).
CROSS_CLASS_KINDS = frozenset({ProtectedKind.WELL_KNOWN, ProtectedKind.SPECIAL_SIGN})


class WatchStatus(models.TextChoices):
    NEW = "new", _("New: to review")
    CONFIRMED = "confirmed", _("Confirmed conflict")
    DISMISSED = "dismissed", _("Dismissed")


class NewMarkSource(models.TextChoices):
    """Where the mark that hit the watch came from."""

    PORTFOLIO = "portfolio", _("District portfolio")
    CORPUS = "corpus", _("Outside register")
    LEAD = "lead", _("Enforcement lead")
    OTHER = "other", _("Other")
