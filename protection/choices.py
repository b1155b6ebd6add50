from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadSource(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    TIP_OFF = "tip_off", _("Tip-off")
    INSPECTION = "inspection", _("Inspection")
    REFERRAL = "referral", _("Referral from another authority")
    WATCH = "watch", _("Protected-mark watch hit")


class CaseStatus(models.TextChoices):
    LEAD = "lead", _("Lead, filing to be decided")
    NOT_FILED = "not_filed", _("Not filed")
    FILED = "filed", _("Filed")
    INVESTIGATING = "investigating", _("Under investigation")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


OPEN_CASE_STATUSES = (CaseStatus.LEAD, CaseStatus.FILED, CaseStatus.INVESTIGATING, CaseStatus.DECIDED)


class RightKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    TRADEMARK = "trademark", _("Trademark")
    GI = "gi", _("Geographical indication")
    SPECIAL_SIGN = "special_sign", _("Special sign")
    OTHER = "other", _("Other")


class Offence(models.TextChoices):
    """What a case is about, as far as the criminal thresholds care."""

    COUNTERFEIT_MARK = "counterfeit_mark", _("Counterfeiting a registered trademark")
    SELLING_COUNTERFEITS = "selling_counterfeits", _("Selling goods bearing counterfeit marks")
    ILLEGAL_LABELS = "illegal_labels", _("Making or selling counterfeit trademark labels")
    COUNTERFEIT_PATENT = "counterfeit_patent", _("Counterfeiting another's patent")
    COPYRIGHT = "copyright", _("Infringing copyright")
    SELLING_INFRINGING_COPIES = "selling_copies", _("Selling infringing copies")
    PATENT_INFRINGEMENT = "patent_infringement", _("Patent infringement or passing off")
    OTHER = "other", _("Other infringement")


# The offences a criminal threshold can be kept for (刑法 arts. 213-218); the other two kinds of
# case are not crimes by amount.
THRESHOLD_OFFENCES = (
    Offence.COUNTERFEIT_MARK,
    Offence.SELLING_COUNTERFEITS,
    Offence.ILLEGAL_LABELS,
    Offence.COUNTERFEIT_PATENT,
    Offence.COPYRIGHT,
    Offence.SELLING_INFRINGING_COPIES,
)


class Measure(models.TextChoices):
    """Which of a case's figures a threshold compares. Amounts are in yuan, counts in pieces."""

    BUSINESS_VOLUME = "business_volume", _("illegal business volume (sales)")
    ILLEGAL_GAIN = "illegal_gain", _("illegal gain")
    SALES_AMOUNT = "sales_amount", _("sales amount")
    SALES_AND_UNSOLD = "sales_and_unsold", _("sales plus value of unsold goods (attempt)")
    LABEL_COUNT = "label_count", _("counterfeit labels (pieces)")
    COPY_COUNT = "copy_count", _("copies sold (pieces)")


COUNT_MEASURES = (Measure.LABEL_COUNT, Measure.COPY_COUNT)


class PartyRole(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant / right holder")
    RESPONDENT = "respondent", _("Party investigated")


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the head")
    NOT_APPROVED = "not_approved", _("Not approved by the head")
    APPROVED = "approved", _("Approved, to be sent")
    SENT = "sent", _("Sent to the police")
    ACCEPTED = "accepted", _("Accepted by the police")
    REFUSED = "refused", _("Refused by the police")
    RECONSIDERATION = "reconsideration", _("Reconsideration asked")
    REFUSED_FINAL = "refused_final", _("Refused after reconsideration")
    # Instead of reconsideration, the office may ask the procuratorate to supervise the
    # police's refusal (立案监督); the outcome lies with the procuratorate.
    PROCURATORATE = "procuratorate", _("Procuratorate asked to supervise")


class PoliceLimit(models.TextChoices):
    """The police's longer limits for deciding on a transferred economic crime
    (关于公安机关办理经济犯罪案件的若干规定, 公通字〔2017〕25号, art. 16)."""

    COMPLEX = "complex", _("Major, difficult, complex or cross-regional case")
    SPECIAL = "special", _("Special circumstances: further extension")


class DocumentKind(models.TextChoices):
    TRANSFER_LETTER = "transfer_letter", _("Transfer letter")
    INVESTIGATION_REPORT = "investigation_report", _("Investigation report")
    SEIZED_ITEMS = "seized_items", _("List of seized items")
    TEST_REPORT = "test_report", _("Test or appraisal report")
    OTHER = "other", _("Other evidence")


# The documents a transfer cannot go without; test reports go when there are any.
REQUIRED_TRANSFER_DOCUMENTS = (
    DocumentKind.TRANSFER_LETTER,
    DocumentKind.INVESTIGATION_REPORT,
    DocumentKind.SEIZED_ITEMS,
)


class MediationKind(models.TextChoices):
    COURT_REFERRAL = "court_referral", _("Court pre-litigation referral")
    PEOPLES = "peoples", _("People's mediation")


class MediationParty(models.TextChoices):
    """The two parties of a mediation who take steps in person rather than by their role or
    organisation: the mediator the body assigned, and the applicant (the enterprise, the clerk
    who applied for it, or the referring court)."""

    MEDIATOR = "mediator", _("mediator")
    APPLICANT = "applicant", _("applicant")


class MediationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied or referred")
    DECLINED = "declined", _("Declined by the mediation body")
    ACCEPTED = "accepted", _("Accepted, mediator to be assigned")
    IN_SESSION = "in_session", _("Mediator assigned, in sessions")
    AGREED = "agreed", _("Agreement signed")
    FAILED = "failed", _("Mediation failed")
    CONFIRMATION = "confirmation", _("Judicial confirmation applied for")
    CONFIRMED = "confirmed", _("Agreement confirmed by the court")
    CONFIRMATION_REFUSED = "court_refused", _("Confirmation refused by the court")


CONCLUDED_MEDIATION = (
    MediationStatus.AGREED,
    MediationStatus.FAILED,
    MediationStatus.CONFIRMATION,
    MediationStatus.CONFIRMED,
    MediationStatus.CONFIRMATION_REFUSED,
)
