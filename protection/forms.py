from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from core.money import AmountField
from protection.choices import THRESHOLD_OFFENCES, DocumentKind, LeadSource, Measure, Offence, PartyRole, RightKind
from protection.models import EvidenceFile

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class LeadForm(forms.Form):
    source = forms.ChoiceField(label=_("source"), choices=LeadSource.choices)
    summary = forms.CharField(label=_("what was reported"), widget=forms.Textarea(attrs={"rows": 3}))
    mark_text = forms.CharField(
        label=_("mark seen"),
        max_length=200,
        required=False,
        help_text=_("The mark on the goods; it is compared with the protected marks."),
    )
    respondent_name = forms.CharField(label=_("party investigated"), max_length=200, required=False)
    offence = forms.ChoiceField(label=_("offence"), choices=Offence.choices, initial=Offence.OTHER)
    right_kind = forms.ChoiceField(label=_("right infringed"), choices=RightKind.choices)
    right_reference = forms.CharField(
        label=_("which right"),
        max_length=200,
        required=False,
        help_text=_("Patent application number, trademark number, or the name of the GI or special sign."),
    )
    complainant_uscc = forms.CharField(
        label=_("complaining enterprise (USCC)"), max_length=18, required=False, help_text=_("For complaints.")
    )


class ComplaintForm(forms.Form):
    """What an enterprise fills in to complain about an infringement of its rights."""

    summary = forms.CharField(label=_("what happened"), widget=forms.Textarea(attrs={"rows": 3}))
    mark_text = forms.CharField(label=_("mark seen"), max_length=200, required=False)
    respondent_name = forms.CharField(label=_("who infringes"), max_length=200, required=False)
    right_kind = forms.ChoiceField(label=_("right infringed"), choices=RightKind.choices)
    right_reference = forms.CharField(
        label=_("which right"),
        max_length=200,
        required=False,
        help_text=_("Patent application number, trademark number, or the name of the GI or special sign."),
    )


class FiguresForm(forms.Form):
    offence = forms.ChoiceField(label=_("offence"), choices=Offence.choices)
    marks_count = forms.IntegerField(label=_("marks counterfeited"), min_value=1, max_value=100)
    business_volume = forms.DecimalField(label=_("illegal business volume (yuan)"), **MONEY)
    illegal_gain = forms.DecimalField(label=_("illegal gain (yuan)"), **MONEY)
    unsold_value = forms.DecimalField(label=_("value of unsold goods (yuan)"), required=False, **MONEY)
    labels_count = forms.IntegerField(label=_("counterfeit labels (pieces)"), min_value=0, required=False)
    copies_count = forms.IntegerField(label=_("infringing copies sold (pieces)"), min_value=0, required=False)
    facts_on = forms.DateField(
        label=_("facts occurred on"),
        required=False,
        widget=DATE,
        help_text=_("The thresholds in force on this day apply; empty: the day the lead was received."),
    )
    prior_punishment_on = forms.DateField(
        label=_("last punished for such an act on"),
        required=False,
        widget=DATE,
        help_text=_("The day of the last criminal or administrative punishment for such an act, if any."),
    )
    respondent_name = forms.CharField(label=_("party investigated"), max_length=200, required=False)

    # The figures the 2025 thresholds added: one left out of the request (an older client) or left
    # empty keeps its value; an empty day clears it.
    KEPT_WHEN_EMPTY = ("unsold_value", "labels_count", "copies_count")
    KEPT_WHEN_ABSENT = ("facts_on", "prior_punishment_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.KEPT_WHEN_EMPTY:
            if data.get(name) is None:
                data.pop(name, None)
        for name in self.KEPT_WHEN_ABSENT:
            if name not in self.data:
                data.pop(name, None)
        return data


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=PartyRole.choices)
    name = forms.CharField(label=_("name"), max_length=200)
    identifier = forms.CharField(label=_("USCC or ID number"), max_length=30, required=False)
    address = forms.CharField(label=_("address"), max_length=300, required=False)


class FileForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label=_("officers (two or more)"),
        queryset=User.objects.filter(organisation__kind=OrganisationKind.OFFICE, role=Role.ENFORCEMENT, is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )


class DecideForm(forms.Form):
    decision_text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))
    fine = forms.DecimalField(label=_("fine (yuan)"), required=False, **MONEY)
    confiscated_value = forms.DecimalField(label=_("confiscated (yuan)"), required=False, **MONEY)
    confiscated_items = forms.CharField(label=_("items confiscated"), max_length=500, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("file"))
    kind = forms.ChoiceField(label=_("kind of document"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    description = forms.CharField(label=_("description"), max_length=300, required=False)


class ProposeForm(forms.Form):
    police = forms.ModelChoiceField(
        label=_("police station"), queryset=Organisation.objects.filter(kind=OrganisationKind.POLICE)
    )
    grounds = forms.CharField(label=_("grounds"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    on_suspicion = forms.BooleanField(
        label=_("on a reasonable suspicion of a crime (the amounts need police measures to establish)"),
        required=False,
    )


class SendForm(forms.Form):
    documents = forms.ModelMultipleChoiceField(
        label=_("documents sent"), queryset=EvidenceFile.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["documents"].queryset = case.evidence.all()  # type: ignore[attr-defined]  # fields[] is typed Field; this one is a ModelMultipleChoiceField
            self.fields["documents"].initial = [e.pk for e in case.evidence.all()]


class AcceptForm(forms.Form):
    police_case_number = forms.CharField(label=_("police case number"), max_length=50, required=False)


class PoliceExtensionForm(forms.Form):
    approved_by = forms.CharField(label=_("approved by (the head's name)"), max_length=100)
    approved_on = forms.DateField(label=_("approved on"), widget=DATE)


class PauseForm(forms.Form):
    """Pausing a case's time limit; the reason is checked by the action (beside the field)."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 40, "placeholder": _("testing, appraisal, hearing, suspension…")}),
    )


class ExtendForm(forms.Form):
    """The head's one extension of the filing or the decision limit; the reason is checked by
    the action."""

    note = forms.CharField(
        label=_("reason"), max_length=500, required=False, widget=forms.TextInput(attrs={"size": 40})
    )


class ExtendFurtherForm(forms.Form):
    """The heads' collective decision to extend the decision limit again, with its new date."""

    decision = forms.CharField(
        label=_("collective decision of the heads"),
        required=False,
        widget=forms.TextInput(attrs={"size": 40}),
    )
    new_due = forms.DateField(
        label=_("new decision date"), widget=DATE, error_messages={"required": _("Give the new date.")}
    )


class MediationForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("mediation body"), queryset=Organisation.objects.filter(kind=OrganisationKind.MEDIATION)
    )
    applicant_name = forms.CharField(label=_("applicant"), max_length=200, required=False)
    respondent_name = forms.CharField(label=_("other party"), max_length=200)
    right_kind = forms.ChoiceField(label=_("right in dispute"), choices=RightKind.choices)
    dispute = forms.CharField(label=_("the dispute"), widget=forms.Textarea(attrs={"rows": 3}))
    claim_amount = forms.DecimalField(label=_("amount claimed (yuan)"), required=False, **MONEY)


class ReferralForm(MediationForm):
    court_reference = forms.CharField(label=_("court reference"), max_length=50, required=False)


class ConfirmationForm(forms.Form):
    both_parties = forms.BooleanField(label=_("both parties apply together"), required=True)


class AssignForm(forms.Form):
    mediator = forms.ModelChoiceField(label=_("mediator"), queryset=User.objects.none())

    def __init__(self, *args, body=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if body is not None:
            self.fields["mediator"].queryset = User.objects.filter(organisation=body, is_active=True)  # type: ignore[attr-defined]  # fields[] is typed Field; this one is a ModelChoiceField


class AgreementForm(forms.Form):
    agreement_text = forms.CharField(label=_("agreement"), widget=forms.Textarea(attrs={"rows": 2}))
    agreed_amount = forms.DecimalField(label=_("amount agreed (yuan)"), required=False, **MONEY)
    signed_by_parties = forms.BooleanField(label=_("signed by the parties and the mediator"), required=False)


class MediationExtensionForm(forms.Form):
    """Both parties agreed to go on mediating: how they agreed and the new last day."""

    both_agree = forms.BooleanField(label=_("both parties agree to extend"), required=False)
    consent = forms.CharField(
        label=_("how both parties agreed"),
        required=False,
        widget=forms.TextInput(attrs={"size": 40}),
        help_text=_("e.g. a statement both signed, or the record of a session"),
    )
    new_due = forms.DateField(
        label=_("new last day of mediation"), widget=DATE, error_messages={"required": _("Give the new date.")}
    )


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ThresholdForm(forms.Form):
    offence = forms.ChoiceField(label=_("offence"), choices=[(o.value, o.label) for o in THRESHOLD_OFFENCES])
    min_marks = forms.IntegerField(label=_("from this many marks"), min_value=1, max_value=10, initial=1)
    measure = forms.ChoiceField(label=_("figure"), choices=Measure.choices)
    amount = AmountField(label=_("from (yuan or pieces)"))
    repeat_within_years = forms.IntegerField(
        label=_("after a punishment within (years)"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_("Only for a party punished for such an act within this many years before the facts."),
    )
    effective_from = forms.DateField(label=_("in force from"), widget=DATE)
    basis = forms.CharField(label=_("legal basis"), max_length=300, required=False)
    source_url = forms.URLField(label=_("text read at"), max_length=300, required=False, assume_scheme="https")
    note = forms.CharField(
        label=_("wording and verification"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
