from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    PROTECTION = "protection", _("Protection: cases, transfers, mediation")
    INCENTIVES = "incentives", _("Incentives: subsidies and awards")
    PORTFOLIO = "portfolio", _("Portfolio: terms, annuities, renewals")
    LANDSCAPE = "landscape", _("Patent quality: high-value invention patents")


class Basis(models.TextChoices):
    """What kind of text a rule comes from: the law and the rules under it, or the district's
    own working rule (which the office may set as it sees fit)."""

    LAW = "law", _("Law")
    REGULATION = "regulation", _("Administrative regulation")
    DEPARTMENTAL = "departmental", _("Departmental rule")
    INTERPRETATION = "interpretation", _("Judicial interpretation")
    NORMATIVE = "normative", _("Normative document")
    DISTRICT = "district", _("District working rule")
