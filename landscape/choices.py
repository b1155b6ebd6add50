from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardLevel(models.TextChoices):
    """The levels of the China Patent Award (中国专利奖), and the national science and technology
    award (国家科学技术奖), which the high-value definition counts the same way."""

    GOLD = "gold", _("Gold award")
    SILVER = "silver", _("Silver award")
    EXCELLENCE = "excellence", _("Award of excellence")
    NATIONAL_SCIENCE = "national_science", _("National science and technology award")


class HighValueReason(models.TextChoices):
    """The criteria of the national definition of a high-value invention patent."""

    STRATEGIC_INDUSTRY = "strategic_industry", _("In a strategic emerging industry")
    FOREIGN_FAMILY = "foreign_family", _("Foreign family member granted abroad")
    MAINTAINED_10_YEARS = "maintained_10_years", _("Maintained for more than 10 years")
    PLEDGED_10_MILLION = "pledged_10_million", _("Pledged for a high financing amount (the rule's figure)")
    PATENT_AWARD = "patent_award", _("Won a national science and technology award or the China Patent Award")
