from django.db import models
from django.utils.translation import gettext_lazy as _


class LoanStatus(models.TextChoices):
    RECEIVED = "received", _("Received by the bank")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PLEDGE_REGISTERED = "pledge_registered", _("Pledge registered")
    DISBURSED = "disbursed", _("Loan disbursed")
    CLOSED = "closed", _("Repaid and closed")
    DEFAULTED = "defaulted", _("In default")


# A loan whose money reached the enterprise: these are what the financing figures count.
LENT_STATUSES = (LoanStatus.DISBURSED, LoanStatus.CLOSED, LoanStatus.DEFAULTED)
# A pledge holds its asset from the bank's approval until the loan is closed (or the
# application ends without a loan); in default the bank keeps the pledge to enforce it.
PLEDGE_HOLDING_STATUSES = (
    LoanStatus.APPROVED,
    LoanStatus.PLEDGE_REGISTERED,
    LoanStatus.DISBURSED,
    LoanStatus.DEFAULTED,
)


class AssetKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    TRADEMARK = "trademark", _("Trademark")


class PledgeMix(models.TextChoices):
    """What a loan is secured by, for the figures' patents-vs-trademarks split."""

    PATENTS = "patents", _("Patents only")
    TRADEMARKS = "trademarks", _("Trademarks only")
    BOTH = "both", _("Patents and trademarks")
