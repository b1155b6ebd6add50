from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.choices import Indicator


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    indicator = forms.ChoiceField(label=_("indicator"), choices=Indicator.choices)
    value = forms.DecimalField(label=_("target"), min_value=0, max_digits=16, decimal_places=2)


class PopulationForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    population = forms.IntegerField(label=_("population"), min_value=1)
    source = forms.CharField(label=_("source"), max_length=200, required=False)
