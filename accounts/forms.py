from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import SERVING_KINDS
from accounts.models import TOKEN_LIFETIMES, ApiTokenScope, District, Organisation


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


class LinkOrganisationForm(forms.Form):
    """Pick a bank, valuation agency, mediation body, police station or court that does not
    serve the district yet. Serving organisations are not any district's secret: an office
    finds the bank that already serves its neighbour."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args, district: District, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]  # a ModelChoiceField
            Organisation.objects.filter(kind__in=SERVING_KINDS).exclude(districts=district).order_by("kind", "name")
        )
        self.fields["organisation"].label_from_instance = lambda o: f"{o.name}（{o.get_kind_display()}）"  # type: ignore[attr-defined]
