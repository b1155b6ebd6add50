from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portfolio.choices import PatentStatus, PatentType
from portfolio.importing.columns import parse_list
from portfolio.importing.readers import ReadLimits, UnreadableFile, check_file
from portfolio.models import GeographicalIndication, Patent, SpecialSign, Trademark
from registry.forms import suggest_enterprises
from registry.models import Enterprise

DATE = forms.DateInput(attrs={"type": "date"})


class PatentForm(forms.ModelForm):
    ipc_text = forms.CharField(
        label=_("IPC codes"),
        required=False,
        help_text=_("Main classification first, separated by ;  e.g. A61K 31/00; A61P 35/00"),
    )
    owners = forms.ModelMultipleChoiceField(label=_("owners"), queryset=Enterprise.objects.none())

    class Meta:
        model = Patent
        fields = [
            "application_number",
            "patent_type",
            "title",
            "abstract",
            "applicants",
            "inventors",
            "filing_date",
            "publication_number",
            "publication_date",
            "grant_number",
            "grant_date",
            "status",
            "claims_count",
            "is_pct",
            "has_foreign_family",
            "foreign_family_granted",
            "annuity_paid_year",
        ]
        widgets = {
            "filing_date": DATE,
            "publication_date": DATE,
            "grant_date": DATE,
            "abstract": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"application_number": _("12 digits, a dot and the check character, e.g. 201710601862.3")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = Enterprise.objects.for_user(user)  # type: ignore[attr-defined]  # fields[] is typed Field; this one is a ModelMultipleChoiceField
        suggest_enterprises(self.fields["owners"])
        if self.instance.pk:
            del self.fields["application_number"]
            self.fields["ipc_text"].initial = "; ".join(self.instance.ipc_codes)
            self.fields["owners"].initial = list(self.instance.owners.all())

    def clean(self):
        data = super().clean()
        data["ipc_codes"] = parse_list(data.pop("ipc_text", "") or "")
        return data

    def _post_clean(self) -> None:
        # The action validates the model (with the IPC scheme); nothing to do here.
        pass


class TrademarkForm(forms.ModelForm):
    groups_text = forms.CharField(
        label=_("similar-goods groups"), help_text=_("4-digit group codes separated by ;  e.g. 3301; 3302")
    )
    items = forms.CharField(label=_("designated goods/services"), required=False)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=Enterprise.objects.none())

    class Meta:
        model = Trademark
        fields = [
            "number",
            "mark_text",
            "image",
            "kind",
            "owner",
            "filing_date",
            "registration_date",
            "status",
            "is_well_known",
            "well_known_since",
        ]
        widgets = {"filing_date": DATE, "registration_date": DATE, "well_known_since": DATE}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Enterprise.objects.for_user(user)  # type: ignore[attr-defined]  # fields[] is typed Field; this one is a ModelChoiceField
        suggest_enterprises(self.fields["owner"])
        if self.instance.pk:
            del self.fields["number"]
            del self.fields["owner"]
            goods = list(self.instance.goods.all())
            self.fields["groups_text"].initial = "; ".join(g.group_code for g in goods)
            self.fields["items"].initial = next((g.items for g in goods if g.items), "")

    def clean(self):
        data = super().clean()
        data["groups"] = parse_list(data.pop("groups_text", "") or "")
        return data

    def _post_clean(self) -> None:
        pass


class GeographicalIndicationForm(forms.ModelForm):
    class Meta:
        model = GeographicalIndication
        fields = [
            "name",
            "product",
            "protection",
            "registration_number",
            "registered_on",
            "holder_name",
            "holder",
            "region",
            "nice_class",
        ]
        widgets = {"registered_on": DATE}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            # A holder among the enterprises of the person's own district(s).
            self.fields["holder"].queryset = Enterprise.objects.for_user(user)  # type: ignore[attr-defined]  # a ModelChoiceField


class SpecialSignForm(forms.ModelForm):
    class Meta:
        model = SpecialSign
        fields = ["name", "kind", "holder_name", "registered_on", "protected_until"]
        widgets = {"registered_on": DATE, "protected_until": DATE}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8 or GBK) or XLSX, laid out like the template."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or GBK) or XLSX, laid out like the template: at most %(rows)s rows, "
            "a CSV up to %(csv)s MB, an XLSX up to %(xlsx)s MB."
        ) % {
            "rows": f"{settings.IMPORT_MAX_ROWS:,}",
            "csv": settings.IMPORT_MAX_CSV_MB,
            "xlsx": settings.IMPORT_MAX_XLSX_MB,
        }

    def clean_file(self):
        """Refuse a file too large for its kind (or an XLSX that unpacks too large) before it
        is stored and read."""
        upload = self.cleaned_data["file"]
        try:
            check_file(upload, upload.name, upload.size, ReadLimits.from_settings())
        except UnreadableFile as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class SourceForm(forms.Form):
    """Where an official file came from, kept on each record it brings."""

    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_(
            "The database or office the file was exported from, e.g. CNIPA 专利检索及分析; the file name if empty."
        ),
    )
    source_date = forms.DateField(
        label=_("Data as of"), required=False, widget=DATE, help_text=_("The date the data was exported.")
    )


class MatchForm(forms.Form):
    """The clerk's decision on an owner name the imports could not match."""

    MATCH, NEW, OUTSIDE = "match", "new", "outside"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (MATCH, _("It is this registered enterprise")),
            (NEW, _("A district owner not registered yet: register it")),
            (OUTSIDE, _("Not in the district")),
        ],
    )
    enterprise = forms.ModelChoiceField(label=_("enterprise"), queryset=Enterprise.objects.none(), required=False)
    uscc = forms.CharField(label=_("Unified Social Credit Code"), max_length=18, required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).order_by("name")  # type: ignore[attr-defined]  # a ModelChoiceField
        suggest_enterprises(self.fields["enterprise"])

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.MATCH and not data.get("enterprise"):
            self.add_error("enterprise", _("Choose the enterprise this name is."))
        if decision == self.NEW and not data.get("uscc", "").strip():
            self.add_error("uscc", _("Write the new owner's Unified Social Credit Code."))
        return data


class PatentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    patent_type = forms.ChoiceField(label=_("patent type"), required=False, choices=[("", "—"), *PatentType.choices])
    status = forms.ChoiceField(label=_("legal status"), required=False, choices=[("", "—"), *PatentStatus.choices])
