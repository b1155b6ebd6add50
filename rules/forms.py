from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from rules.choices import Basis


class RuleVersionForm(forms.Form):
    """A new version of one rule: its value from a day, and where it comes from."""

    value = forms.CharField(
        label=_("value (JSON)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('As the current version shows it, e.g. {"amount": 15, "unit": "workdays"}.'),
    )
    valid_from = forms.DateField(label=_("in force from"), widget=forms.DateInput(attrs={"type": "date"}))
    basis = forms.ChoiceField(label=_("kind of source"), choices=Basis.choices)
    source_title = forms.CharField(label=_("source document"), max_length=200)
    source_number = forms.CharField(label=_("document number"), max_length=100, required=False)
    source_article = forms.CharField(label=_("article"), max_length=100, required=False)
    source_url = forms.URLField(
        label=_("where the text was read"), max_length=500, required=False, assume_scheme="https"
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_value(self):
        try:
            return json.loads(self.cleaned_data["value"])
        except ValueError:
            raise forms.ValidationError(_("This is not valid JSON.")) from None
