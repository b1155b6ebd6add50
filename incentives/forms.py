from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.money import AmountField
from funds.choices import FundLevel
from funds.models import FundSource
from incentives.choices import RuleKind
from incentives.models import Programme

DATE = forms.DateInput(attrs={"type": "date"})


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "year", "measure", "opens_on", "closes_on", "period_start", "period_end", "notice_workdays"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "period_start": DATE, "period_end": DATE}


class AwardItemForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    rule = forms.ChoiceField(label=_("rule"), choices=RuleKind.choices)
    amount = AmountField(label=_("amount per asset (yuan)"))
    cap_per_enterprise = AmountField(label=_("cap per enterprise per year (yuan)"), required=False)
    shares = forms.CharField(
        label=_("fund shares"),
        help_text=_("Source name and percentage per line, e.g.  区级资金 70"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, district=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The programme's district: its shares name that district's fund sources only.
        self.district = district

    def clean_shares(self):
        from decimal import Decimal, InvalidOperation

        sources = FundSource.objects.filter(district=self.district)
        shares = []
        for line in self.cleaned_data["shares"].splitlines():
            if not line.strip():
                continue
            name, _sep, percent = line.strip().rpartition(" ")
            source = sources.filter(name=name.strip()).first()
            if source is None:
                raise forms.ValidationError(_("No fund source called %(name)s.") % {"name": name.strip()})
            try:
                shares.append((source, Decimal(percent.rstrip("%"))))
            except InvalidOperation:
                raise forms.ValidationError(_("Write the share as a number, e.g. 70.")) from None
        return shares


class FundSourceForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    level = forms.ChoiceField(label=_("level"), choices=FundLevel.choices)


class BudgetForm(forms.Form):
    source = forms.ModelChoiceField(label=_("fund source"), queryset=FundSource.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount = AmountField(label=_("amount (yuan)"))
    memo = forms.CharField(label=_("memo"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the person's own district's funds: another district's is not a choice.
        self.fields["source"].queryset = FundSource.objects.for_user(user)  # type: ignore[attr-defined]  # a ModelChoiceField


class StepForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("objection"), widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    upheld = forms.BooleanField(label=_("objection upheld"), required=False)
    resolution = forms.CharField(
        label=_("resolution"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say how the objection was resolved.")},
    )


class PaymentForm(forms.Form):
    amount = AmountField(label=_("amount (yuan)"))
    reference = forms.CharField(label=_("payment reference"), max_length=100, required=False)
    # A fresh key per form: pressing the button twice, or resending the page, pays once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, initial=lambda: uuid.uuid4().hex)
