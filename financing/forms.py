from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from financing.models import LoanProduct

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProductForm(forms.ModelForm):
    class Meta:
        model = LoanProduct
        fields = [
            "name",
            "description",
            "min_amount",
            "max_amount",
            "max_term_months",
            "rate_from",
            "rate_to",
            "accepts_patents",
            "accepts_trademarks",
            "compensation_percent",
            "is_published",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LoanRequestForm(forms.Form):
    requested_amount = forms.DecimalField(label=_("amount asked (yuan)"), max_digits=14, decimal_places=2, min_value=1)
    requested_term_months = forms.IntegerField(label=_("term asked (months)"), min_value=1, max_value=600)
    purpose = forms.CharField(label=_("purpose of the loan"), max_length=300, required=False)
    valuer = forms.ModelChoiceField(
        label=_("valuation agency"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.VALUER),
        required=False,
        help_text=_("Optional: the bank may choose one later."),
    )


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label=_("approved amount (yuan)"), max_digits=14, decimal_places=2, min_value=1)
    rate = forms.DecimalField(label=_("annual rate (%)"), max_digits=5, decimal_places=2, min_value=0)
    term_months = forms.IntegerField(label=_("term (months)"), min_value=1, max_value=600)


class RegistrationForm(forms.Form):
    registration_number = forms.CharField(label=_("pledge registration number"), max_length=40)
    registered_on = forms.DateField(label=_("pledge registered on"), widget=DATE)


class DisbursementForm(forms.Form):
    disbursed_on = forms.DateField(label=_("lent on"), widget=DATE)


class RepaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=DATE)
    principal = forms.DecimalField(label=_("principal (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    interest = forms.DecimalField(label=_("interest (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)


class ValuerForm(forms.Form):
    valuer = forms.ModelChoiceField(
        label=_("valuation agency"), queryset=Organisation.objects.filter(kind=OrganisationKind.VALUER)
    )


class PoolBudgetForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("amount (yuan)"), max_digits=14, decimal_places=2, min_value=0.01)
    memo = forms.CharField(label=_("memo"), max_length=200, required=False)
