from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from refdata import divisions
from registry.choices import OwnerKind
from registry.models import Enterprise, Park, Talent


def suggest_enterprises(field: forms.Field) -> None:
    """An owner pick-list of up to every enterprise of the district becomes search-as-you-type
    (static/js/ipcounty.js asks registry:enterprise_suggest); without script the select stays."""
    field.widget.attrs["data-suggest"] = reverse_lazy("registry:enterprise_suggest")
    field.widget.attrs["data-suggest-label"] = _("Find by part of the name or the credit code")


def suggest_talent(field: forms.Field) -> None:
    """A pick-list of the talent pool becomes search-as-you-type the same way (static/js/
    ipcounty.js asks registry:talent_suggest, which answers with the people the person may see)."""
    field.widget.attrs["data-suggest"] = reverse_lazy("registry:talent_suggest")
    field.widget.attrs["data-suggest-label"] = _("Find by part of the name, the field or the organisation")


def street_choices(district_codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """The streets and towns of the given districts (by default the installation's default
    district)."""
    codes = sorted(district_codes) if district_codes else [settings.DISTRICT_CODE]
    return [("", "—")] + [(d.code, d.name) for code in codes for d in divisions.streets_of(code)]


class InDistrictsMixin:
    """A form whose street list and park list are those of the person's own district(s)."""

    fields: dict[str, forms.Field]

    def narrow_to(self, user) -> None:
        if user is None:
            return
        for name in ("street_code", "street"):
            if name in self.fields:
                self.fields[name].choices = street_choices(user.district_codes)  # type: ignore[attr-defined]  # a ChoiceField
        if "park" in self.fields:
            self.fields["park"].queryset = Park.objects.for_user(user)  # type: ignore[attr-defined]  # a ModelChoiceField


class EnterpriseForm(InDistrictsMixin, forms.ModelForm):
    street_code = forms.ChoiceField(label=_("street"), required=False, choices=street_choices)

    class Meta:
        model = Enterprise
        fields = [
            "owner_kind",
            "uscc",
            "id_number",
            "name",
            "street_code",
            "address",
            "park",
            "industry",
            "size",
            "is_high_tech",
            "is_tech_sme",
            "is_specialised",
            "legal_representative",
            "contact_phone",
            "founded_on",
        ]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "uscc": _(
                "18 characters, as printed on the business licence or the public institution's certificate; "
                "empty for an individual."
            ),
            "id_number": _("Individuals only: the 18-character resident ID number."),
        }

    def __init__(self, *args, self_service: bool = False, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_to(user)
        if self.instance.pk:
            # The code (or an individual's ID number) is the owner's identity: it is never
            # edited, only registered; nor does a body become a person.
            for name in ("uscc", "id_number", "owner_kind"):
                del self.fields[name]
        if self_service:
            for name in list(self.fields):
                if name not in {"address", "legal_representative", "contact_phone"}:
                    del self.fields[name]

    def clean_uscc(self) -> str:
        return (self.cleaned_data.get("uscc") or "").strip().upper().replace(" ", "")

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper().replace(" ", "")


class ParkForm(InDistrictsMixin, forms.ModelForm):
    street_code = forms.ChoiceField(label=_("street"), required=False, choices=street_choices)

    class Meta:
        model = Park
        fields = ["name", "street_code", "address", "focus"]

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_to(user)


class TalentForm(forms.ModelForm):
    class Meta:
        model = Talent
        fields = ["name", "organisation", "kind", "field", "title", "id_number", "phone"]

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            # The organisations of the office's own district(s).
            self.fields["organisation"].queryset = Organisation.objects.for_user(user)  # type: ignore[attr-defined]  # a ModelChoiceField


class EnterpriseFilterForm(InDistrictsMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    street = forms.ChoiceField(label=_("street"), required=False, choices=street_choices)
    park = forms.ModelChoiceField(label=_("park"), required=False, queryset=Park.objects.all())
    kind = forms.ChoiceField(label=_("kind of owner"), required=False, choices=[("", "—"), *OwnerKind.choices])
    flag = forms.ChoiceField(
        label=_("flag"),
        required=False,
        choices=[
            ("", "—"),
            ("high_tech", _("high-tech enterprise")),
            ("tech_sme", _("tech-based SME")),
            ("specialised", _("specialised, refined, distinctive and innovative (专精特新)")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.narrow_to(user)
