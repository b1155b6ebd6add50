from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import Contact


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "by_email", "by_sms", "is_active"]
        help_texts = {"phone": _("A mainland mobile number, 11 digits.")}

    def clean_phone(self) -> str:
        from notifications.actions import mobile_error

        phone = self.cleaned_data.get("phone", "")
        error = mobile_error(phone)
        if error:
            raise forms.ValidationError(error)
        return phone

    def clean(self):
        data = super().clean()
        if data.get("by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter an e-mail address to be told by e-mail."))
        if data.get("by_sms") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter a mobile phone number to be told by SMS."))
        return data


class InboxChannelForm(forms.Form):
    by_inbox = forms.BooleanField(label=_("Show reminders in the product's inbox"), required=False)


class AnnuityPaidForm(forms.Form):
    receipt_number = forms.CharField(label=_("receipt number"), max_length=40)
    paid_on = forms.DateField(
        label=_("payment date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_receipt_number(self) -> str:
        return self.cleaned_data["receipt_number"].strip()

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("The payment date cannot be in the future."))
        return paid_on


class FeeReductionForm(forms.Form):
    """The patent's approved fee reduction (费减备案); "none" removes it."""

    share = forms.ChoiceField(label=_("fee reduction approved for"), required=False)
    approved_on = forms.DateField(
        label=_("approved on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(label=_("request or record number"), max_length=60, required=False)

    def __init__(self, *args, **kwargs) -> None:
        from portfolio.choices import FeeReductionShare

        super().__init__(*args, **kwargs)
        share = self.fields["share"]
        assert isinstance(share, forms.ChoiceField)
        share.choices = [("", _("No fee reduction")), *FeeReductionShare.choices]

    def clean(self):
        data = super().clean()
        if data.get("share") and not data.get("approved_on") and "approved_on" not in self.errors:
            self.add_error("approved_on", _("Enter the approval date."))
        approved_on = data.get("approved_on")
        if approved_on and approved_on > timezone.localdate():
            self.add_error("approved_on", _("The approval date cannot be in the future."))
        return data
