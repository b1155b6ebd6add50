from django.db import models
from django.utils.translation import gettext_lazy as _


class IpcLevel(models.TextChoices):
    """The five levels of the International Patent Classification (部、大类、小类、大组、小组).
    The Chinese table has no dot levels below the subgroup: every subgroup hangs off its main group."""

    SECTION = "section", _("Section")
    CLASS = "class", _("Class")
    SUBCLASS = "subclass", _("Subclass")
    MAIN_GROUP = "main_group", _("Main group")
    SUBGROUP = "subgroup", _("Subgroup")
