from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import TOKEN_LIFETIMES, ApiTokenScope


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. the import script.")
    )
    scope = forms.ChoiceField(label=_("May"), choices=ApiTokenScope.choices, initial=ApiTokenScope.READ)
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(d, _("%(days)s days") % {"days": d}) for d in TOKEN_LIFETIMES],
        initial=90,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
    )
