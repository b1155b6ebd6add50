from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from core.money import AmountField
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


class ProductLimitsMixin:
    """A form for one loan product: each limit the product sets is shown beside its field and
    checked with a message that names it (the action checks them again)."""

    product: LoanProduct | None = None
    fields: dict[str, forms.Field]
    amount_field = "amount"
    term_field = "term_months"

    def show_limits(self, product: LoanProduct | None) -> None:
        self.product = product
        if product is None:
            return
        self.fields[self.amount_field].help_text = _("This product: ¥%(low)s – ¥%(high)s.") % {
            "low": f"{product.min_amount:,.2f}",
            "high": f"{product.max_amount:,.2f}",
        }
        self.fields[self.term_field].help_text = _("This product: up to %(n)s months.") % {"n": product.max_term_months}
        if "rate" in self.fields:
            self.fields["rate"].help_text = _("This product: %(low)s%% – %(high)s%% a year.") % {
                "low": product.rate_from,
                "high": product.rate_to,
            }

    def within_amount(self, amount: Decimal) -> Decimal:
        product = self.product
        if product is not None and not product.min_amount <= amount <= product.max_amount:
            raise forms.ValidationError(
                _("This product lends from ¥%(low)s to ¥%(high)s.")
                % {"low": f"{product.min_amount:,.2f}", "high": f"{product.max_amount:,.2f}"}
            )
        return amount

    def within_term(self, months: int) -> int:
        if self.product is not None and months > self.product.max_term_months:
            raise forms.ValidationError(
                _("This product lends for up to %(n)s months.") % {"n": self.product.max_term_months}
            )
        return months


class LoanRequestForm(ProductLimitsMixin, forms.Form):
    amount_field = "requested_amount"
    term_field = "requested_term_months"
    requested_amount = AmountField(label=_("amount asked (yuan)"))
    requested_term_months = forms.IntegerField(label=_("term asked (months)"), min_value=1, max_value=600)
    purpose = forms.CharField(label=_("purpose of the loan"), max_length=300, required=False)
    valuer = forms.ModelChoiceField(
        label=_("valuation agency"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.VALUER),
        required=False,
        help_text=_("Optional: the bank may choose one later."),
    )

    def __init__(self, *args: Any, product: LoanProduct | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_limits(product)

    def clean_requested_amount(self) -> Decimal:
        return self.within_amount(self.cleaned_data["requested_amount"])

    def clean_requested_term_months(self) -> int:
        return self.within_term(self.cleaned_data["requested_term_months"])


class ApproveForm(ProductLimitsMixin, forms.Form):
    amount = AmountField(label=_("approved amount (yuan)"))
    rate = forms.DecimalField(label=_("annual rate (%)"), max_digits=5, decimal_places=2, min_value=0)
    term_months = forms.IntegerField(label=_("term (months)"), min_value=1, max_value=600)

    def __init__(self, *args: Any, product: LoanProduct | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_limits(product)

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if self.product is not None and amount > self.product.max_amount:
            raise forms.ValidationError(
                _("Up to ¥%(max)s under this product.") % {"max": f"{self.product.max_amount:,.2f}"}
            )
        return amount

    def clean_term_months(self) -> int:
        return self.within_term(self.cleaned_data["term_months"])

    def clean_rate(self) -> Decimal:
        rate = self.cleaned_data["rate"]
        product = self.product
        if product is not None and not product.rate_from <= rate <= product.rate_to:
            raise forms.ValidationError(
                _("This product's annual rate is %(low)s%% to %(high)s%%.")
                % {"low": product.rate_from, "high": product.rate_to}
            )
        return rate


class RegistrationForm(forms.Form):
    registration_number = forms.CharField(label=_("pledge registration number"), max_length=40)
    registered_on = forms.DateField(label=_("pledge registered on"), widget=DATE)


class DisbursementForm(forms.Form):
    disbursed_on = forms.DateField(label=_("lent on"), widget=DATE)


class RepaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=DATE)
    principal = AmountField(label=_("principal (yuan)"), minimum="0")
    interest = AmountField(label=_("interest (yuan)"), minimum="0")
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)


class NoteForm(forms.Form):
    """The note a step without other details takes: required where the step needs a reason."""

    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reason_required:
            self.fields["note"].widget.attrs["placeholder"] = _("reason (required)")
        self.fields["note"].widget.attrs["size"] = 36


class ValuationForm(forms.Form):
    """The valuation agency's report: its number, date and method, and a value per pledged asset."""

    report_number = forms.CharField(label=_("report number"), max_length=60)
    valued_on = forms.DateField(label=_("valued on"), widget=DATE)
    method = forms.CharField(label=_("method"), max_length=100, required=False)

    def __init__(self, *args: Any, assets: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asset_fields: list[str] = []
        for asset in assets:
            name = f"value_{asset.pk}"
            self.fields[name] = AmountField(label=f"{asset.label} ({_('yuan')})")
            self.asset_fields.append(name)

    def values(self) -> dict[int, Decimal]:
        return {int(name.removeprefix("value_")): self.cleaned_data[name] for name in self.asset_fields}


class ValuerForm(forms.Form):
    valuer = forms.ModelChoiceField(
        label=_("valuation agency"), queryset=Organisation.objects.filter(kind=OrganisationKind.VALUER)
    )


class PoolSetUpForm(forms.Form):
    """The name of the district's pool, a fund source of the ledger."""

    name = forms.CharField(label=_("name"), max_length=100)


class PoolBudgetForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount = AmountField(label=_("amount (yuan)"))
    memo = forms.CharField(label=_("memo"), max_length=200, required=False)
