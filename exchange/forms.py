from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.money import AmountField
from exchange.choices import DealKind, OfferMode, SourceKind
from portfolio.choices import PatentStatus
from portfolio.models import Patent
from registry.forms import suggest_enterprises
from registry.models import Enterprise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CodesField(forms.CharField):
    """IPC codes separated by commas, semicolons or spaces between codes."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        for sep in ("，", "；", ";", "、", "\n"):
            text = text.replace(sep, ",")
        return [c.strip() for c in text.split(",") if c.strip()]


class OfferForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("offered by"), queryset=Organisation.objects.none())
    source_kind = forms.ChoiceField(
        label=_("source"),
        choices=[
            (SourceKind.UNIVERSITY, SourceKind.UNIVERSITY.label),
            (SourceKind.INSTITUTE, SourceKind.INSTITUTE.label),
        ],
    )
    application_number = forms.CharField(label=_("application number"), max_length=20)
    title = forms.CharField(label=_("title"), max_length=300)
    abstract = forms.CharField(label=_("abstract"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    claims_summary = forms.CharField(
        label=_("claims summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    ipc_codes = CodesField(
        label=_("IPC codes"), required=False, help_text=_("Main classification first, e.g. H01M 4/525")
    )
    legal_status = forms.ChoiceField(
        label=_("legal status"), choices=PatentStatus.choices, initial=PatentStatus.GRANTED
    )
    filing_date = forms.DateField(label=_("filing date"), widget=DATE)
    grant_date = forms.DateField(label=_("grant date"), widget=DATE, required=False)
    claims_count = forms.IntegerField(label=_("claims"), min_value=1, max_value=999, required=False)
    mode = forms.ChoiceField(label=_("offered for"), choices=OfferMode.choices)
    asking_price = AmountField(label=_("asking price (yuan)"), required=False)
    royalty_rate = forms.DecimalField(
        label=_("royalty rate (percent of sales)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
        help_text=_("Open licence: the declared royalty (专利法 art. 50)."),
    )
    lump_sum = AmountField(label=_("lump sum per year (yuan)"), required=False)
    licence_years = forms.IntegerField(label=_("licence term (years)"), min_value=1, max_value=20, required=False)
    published_on = forms.DateField(
        label=_("declaration published on"), widget=DATE, required=False, help_text=_("The date CNIPA published it.")
    )
    contact = forms.CharField(
        label=_("contact"),
        max_length=200,
        required=False,
        help_text=_("Who answers enquiries about the patent, and how."),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).order_by("name")
        if user is not None and not user.is_office:
            orgs = orgs.filter(pk=user.organisation_id)
        self.fields["organisation"].queryset = orgs  # type: ignore[attr-defined]  # a ModelChoiceField
        if orgs.count() == 1:
            self.fields["organisation"].initial = orgs.first()


class IdleOfferForm(forms.Form):
    patent: forms.ModelChoiceField = forms.ModelChoiceField(label=_("idle patent"), queryset=Patent.objects.none())
    mode = forms.ChoiceField(label=_("offered for"), choices=OfferMode.choices)
    asking_price = AmountField(label=_("asking price (yuan)"), required=False)
    royalty_rate = forms.DecimalField(
        label=_("royalty rate (percent of sales)"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    lump_sum = AmountField(label=_("lump sum per year (yuan)"), required=False)
    licence_years = forms.IntegerField(label=_("licence term (years)"), min_value=1, max_value=20, required=False)
    published_on = forms.DateField(label=_("declaration published on"), widget=DATE, required=False)
    contact = forms.CharField(
        label=_("contact"),
        max_length=200,
        required=False,
        help_text=_("Who answers enquiries about the patent, and how."),
    )

    def __init__(self, *args, patents=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["patent"].queryset = Patent.objects.filter(pk__in=[p.pk for p in patents])  # type: ignore[attr-defined]  # a ModelChoiceField


class NeedForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("enterprise"), queryset=Enterprise.objects.none())
    title = forms.CharField(label=_("need"), max_length=200)
    description = forms.CharField(
        label=_("description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In your own words: what you make, what you lack."),
    )
    ipc_codes = CodesField(label=_("IPC codes (if you know them)"), required=False)

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        if user is not None and user.is_office:
            field.queryset = Enterprise.objects.for_user(user).order_by("name")  # type: ignore[attr-defined]  # a ModelChoiceField
            suggest_enterprises(field)
        else:
            own = Enterprise.objects.for_user(user) if user is not None else Enterprise.objects.none()
            field.queryset = own  # type: ignore[attr-defined]  # a ModelChoiceField
            field.initial = own.first()


class MeetingForm(forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("meeting at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("meeting place"), max_length=200)


class DealForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=DealKind.choices)
    amount = AmountField(label=_("price or royalty agreed (yuan)"), required=False)
    royalty_rate = forms.DecimalField(
        label=_("royalty rate (percent of sales)"), min_value=0, max_value=100, decimal_places=2, required=False
    )


class SignForm(forms.Form):
    contract = forms.FileField(label=_("signed contract (PDF)"))
    signed_on = forms.DateField(label=_("signed on"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def clean_contract(self):
        upload = self.cleaned_data["contract"]
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("The contract must be a PDF file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The contract is larger than 20 MB."))
        return upload


class RegisterForm(forms.Form):
    cnipa_number = forms.CharField(label=_("CNIPA registration or record number"), max_length=40)
    registered_on = forms.DateField(label=_("registered on"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class PaidForm(forms.Form):
    paid_amount = AmountField(label=_("amount paid (yuan)"))
    paid_on = forms.DateField(label=_("date of payment"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("why"), max_length=500)
