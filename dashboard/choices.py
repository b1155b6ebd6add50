from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """The county indicators the dashboard shows and the office may set targets for."""

    VALID_INVENTION_PATENTS = "valid_invention_patents", _("Valid invention patents")
    INVENTION_PER_10K = "invention_per_10k", _("Invention patents per 10,000 people")
    HIGH_VALUE_PATENTS = "high_value_patents", _("High-value invention patents")
    HIGH_VALUE_PER_10K = "high_value_per_10k", _("High-value invention patents per 10,000 people")
    PCT_APPLICATIONS = "pct_applications", _("PCT applications filed")
    VALID_TRADEMARKS = "valid_trademarks", _("Valid trademarks")
    WELL_KNOWN_MARKS = "well_known_marks", _("Well-known marks")
    GEOGRAPHICAL_INDICATIONS = "geographical_indications", _("Geographical indications")
    PLEDGE_AMOUNT = "pledge_amount", _("Pledge financing (yuan)")
    PLEDGE_LOANS = "pledge_loans", _("Pledge loans")
    PLEDGE_ENTERPRISES = "pledge_enterprises", _("Enterprises financed")
    FUNDS_PAID = "funds_paid", _("Funds paid from the ledger, all sources (yuan)")
    FUNDS_PROVINCIAL = "funds_provincial", _("Provincial funds paid (yuan)")
    FUNDS_MUNICIPAL = "funds_municipal", _("Municipal funds paid (yuan)")
    FUNDS_DISTRICT = "funds_district", _("District funds paid (yuan)")
    LEADS = "leads", _("Enforcement leads")
    CASES_FILED = "cases_filed", _("Cases filed")
    CASES_CLOSED = "cases_closed", _("Cases closed")
    CLOSURE_RATE = "closure_rate", _("Closure rate (%)")
    TRANSFERS = "transfers", _("Transfers to the police")
    TRANSFERS_WITHIN_ONE_WORKDAY = "transfers_within_one_workday", _("Transfers done within one working day")
    TRANSFER_MEDIAN_HOURS = "transfer_median_hours", _("Median time to transfer (hours)")
    MEDIATIONS = "mediations", _("Mediations")
    MEDIATION_SUCCESS_RATE = "mediation_success_rate", _("Mediation success rate (%)")
    TRAININGS = "trainings", _("Trainings")
    COMPETITIONS = "competitions", _("Competitions")
    PARTICIPANTS = "participants", _("Training and competition participants")
    PATENT_TRANSFERS = "patent_transfers", _("Patent transfers registered on the exchange")
    PATENT_LICENCES = "patent_licences", _("Patent licences recorded on the exchange")
    OPEN_LICENCES_TAKEN = "open_licences_taken", _("Open licences taken")
    LICENSEE_SHARE = "licensee_share", _("Share of district enterprises that took a licence (%)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
