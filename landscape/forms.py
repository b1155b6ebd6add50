from __future__ import annotations

import re
from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from landscape.choices import AwardLevel
from patentstore.report import Slice
from portfolio.models import Patent
from refdata.models import IpcEntry


class SliceForm(forms.Form):
    """Which patents a landscape report covers."""

    ipc = forms.CharField(
        label=_("IPC codes"), required=False, help_text=_("Prefixes, separated by spaces or commas: G06F H01M10")
    )
    keywords = forms.CharField(label=_("keywords"), required=False, help_text=_("All words must be in the text."))
    applicant = forms.CharField(label=_("applicant"), required=False, help_text=_("Part of a name."))
    region = forms.ChoiceField(label=_("region"), required=False)
    year_from = forms.IntegerField(label=_("filed from"), required=False, min_value=1900, max_value=2100)
    year_to = forms.IntegerField(label=_("filed up to"), required=False, min_value=1900, max_value=2100)
    district_only = forms.BooleanField(label=_("the district's own patents only"), required=False)

    def __init__(self, *args, regions: Sequence[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—")] + [(r, r) for r in regions]  # type: ignore[attr-defined]  # fields[] is typed Field; this one is a ChoiceField

    def clean_ipc(self) -> list[str]:
        codes = [c for c in re.split(r"[\s,;，；]+", self.cleaned_data["ipc"].upper()) if c]
        bad = [c for c in codes if not re.fullmatch(r"[A-H](\d{1,2}([A-Z](\d{1,4}(/\d{0,6})?)?)?)?", c)]
        if bad:
            raise forms.ValidationError(_("Not an IPC prefix: %(codes)s") % {"codes": ", ".join(bad)})
        unknown = [c for c in codes if not IpcEntry.objects.filter(code__startswith=c).exists()]
        if unknown:
            raise forms.ValidationError(
                _("No IPC (edition 2026.01) symbol begins with %(codes)s: check the code.")
                % {"codes": ", ".join(unknown)}
            )
        return codes

    def slice(self) -> Slice:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Slice(
            ipc=tuple(data.get("ipc") or ()),
            keywords=data.get("keywords") or "",
            applicants=(data["applicant"],) if data.get("applicant") else (),
            regions=(data["region"],) if data.get("region") else (),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            district_only=bool(data.get("district_only")),
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("search"), max_length=200, required=False)


class AwardForm(forms.Form):
    """A China Patent Award won by one of the district's patents."""

    application_number = forms.CharField(label=_("application number"), max_length=20)
    year = forms.IntegerField(label=_("award year"), min_value=1989, max_value=2100)
    level = forms.ChoiceField(label=_("award level"), choices=AwardLevel.choices)

    def clean_application_number(self):
        number = self.cleaned_data["application_number"].strip()
        patent = Patent.objects.filter(application_number=number).first()
        if patent is None:
            raise forms.ValidationError(_("No district patent has this application number."))
        self.patent = patent
        return number


class ConcordanceForm(forms.Form):
    file = forms.FileField(
        label=_("official concordance (CSV)"), help_text=_("Columns ipc, industry_code, industry_name; UTF-8.")
    )
