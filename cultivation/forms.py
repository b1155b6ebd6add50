from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cultivation.choices import BrandGoal
from cultivation.models import Training
from portfolio.models import Trademark
from registry.forms import suggest_enterprises, suggest_talent
from registry.models import Enterprise, Talent


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["kind", "title", "organiser", "level", "held_on", "place", "description"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class ParticipationForm(forms.Form):
    talent = forms.ModelChoiceField(label=_("talent"), queryset=Talent.objects.none())
    result = forms.CharField(label=_("result"), max_length=100, required=False, help_text=_("e.g. passed, first prize"))
    certificate_number = forms.CharField(label=_("certificate number"), max_length=60, required=False)

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        talent = Talent.objects.for_user(user) if user is not None else Talent.objects.none()
        self.fields["talent"].queryset = talent.select_related("organisation")  # type: ignore[attr-defined]  # fields[] is typed Field; this one is a ModelChoiceField
        suggest_talent(self.fields["talent"])


class TrademarkNumbersField(forms.CharField):
    """Registration numbers separated by commas, spaces or new lines."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [
            n for n in text.replace("，", ",").replace("、", ",").replace("\n", ",").replace(" ", ",").split(",") if n
        ]


class KeyBrandForm(forms.Form):
    name = forms.CharField(label=_("brand"), max_length=100)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=Enterprise.objects.all())
    goal = forms.ChoiceField(label=_("goal"), choices=BrandGoal.choices)
    trademarks = TrademarkNumbersField(
        label=_("trademark registration numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The owner's marks that carry the brand, separated by commas."),
    )
    target_year = forms.IntegerField(label=_("target year"), required=False, min_value=2000, max_value=2100)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        numbers = data.get("trademarks") or []
        found = {m.number: m for m in Trademark.objects.filter(number__in=numbers).prefetch_related("goods")}
        missing = [n for n in numbers if n not in found]
        if missing:
            self.add_error("trademarks", _("No trademark with these numbers: %(n)s.") % {"n": "、".join(missing)})
        data["trademarks"] = list(found.values())
        return data

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            # The enterprises of the office's own district(s).
            self.fields["owner"].queryset = Enterprise.objects.for_user(user)  # type: ignore[attr-defined]  # a ModelChoiceField
        suggest_enterprises(self.fields["owner"])


class KeyBrandEditForm(KeyBrandForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["name"]
        del self.fields["owner"]
