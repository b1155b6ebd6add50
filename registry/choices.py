from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseSize(models.TextChoices):
    """Enterprise size classes as used in the national statistics (大/中/小/微)."""

    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class TalentKind(models.TextChoices):
    IP_PROFESSIONAL = "ip_professional", _("IP professional")
    PATENT_AGENT = "patent_agent", _("Patent agent")
    ENGINEER = "engineer", _("Engineer / inventor")
    MANAGER = "manager", _("IP manager")
    OFFICIAL = "official", _("Official")


class OwnerKind(models.TextChoices):
    """Who holds rights in the district: the indicators count enterprises, universities,
    research institutes, hospitals and individuals alike."""

    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "institute", _("Research institute")
    HOSPITAL = "hospital", _("Hospital")
    INDIVIDUAL = "individual", _("Individual")
