from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardLevel(models.TextChoices):
    """The levels of the China Patent Award (中国专利奖)."""

    GOLD = "gold", _("Gold award")
    SILVER = "silver", _("Silver award")
    EXCELLENCE = "excellence", _("Award of excellence")


class HighValueReason(models.TextChoices):
    """The criteria of the national definition of a high-value invention patent."""

    STRATEGIC_INDUSTRY = "strategic_industry", _("In a strategic emerging industry")
    FOREIGN_FAMILY = "foreign_family", _("Has foreign family members")
    MAINTAINED_10_YEARS = "maintained_10_years", _("Maintained for more than 10 years")
    PLEDGED_10_MILLION = "pledged_10_million", _("Pledged for more than 10 million yuan")
    PATENT_AWARD = "patent_award", _("Won the China Patent Award")
