from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RuleKind(models.TextChoices):
    """What an award item pays for, each checked against the portfolio."""

    INVENTION_GRANTED = "invention_granted", _("Per invention patent granted in the period")
    PCT_FILED = "pct_filed", _("Per PCT application filed in the period")
    WELL_KNOWN_MARK = "well_known_mark", _("Per trademark recognised as well-known in the period")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Per geographical indication registered in the period")
    LOAN_INTEREST = "loan_interest", _("A share of the interest paid in the period on a repaid pledge loan")
    # Registered by the exchange app (exchange.incentive); no amount is shipped: the office
    # sets it, as no policy naming one was found.
    PATENT_TRANSFER_IN = (
        "patent_transfer_in",
        _("Per patent transfer registered to a district tech-based SME in the period"),
    )


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CLERK_CHECKED = "clerk_checked", _("Checked by the clerk")
    REVIEWER_CHECKED = "reviewer_checked", _("Checked by the reviewer")
    PUBLIC_NOTICE = "public_notice", _("In public notice")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", pgettext_lazy("objection", "Dismissed")  # 不成立, not a watch hit's 已排除
