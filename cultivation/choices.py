from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    COMPETITION = "competition", _("Competition")


class EventLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")


class BrandGoal(models.TextChoices):
    """What the district cultivates a key brand towards."""

    WELL_KNOWN_MARK = "well_known_mark", _("Well-known mark")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Geographical indication")
    REGIONAL_BRAND = "regional_brand", _("Regional public brand")


class BrandStage(models.TextChoices):
    PLANNED = "planned", _("On the cultivation list")
    PREPARING = "preparing", _("Preparing evidence")
    FILED = "filed", _("Filed for recognition")
    ACHIEVED = "achieved", _("Goal achieved")
    DROPPED = "dropped", _("Dropped from the list")
