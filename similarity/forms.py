from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.importing.columns import parse_list
from similarity import logos
from similarity.choices import ProtectedKind, WatchStatus


def _split(text: str) -> list[str]:
    """'33, 35' or '3301 3302' -> ['33', '35'] / ['3301', '3302']."""
    return [part for chunk in parse_list(text or "") for part in chunk.split()]


class MarkSearchForm(forms.Form):
    q = forms.CharField(label=_("Mark"), max_length=200, required=False)
    classes = forms.CharField(
        label=_("Nice classes"), required=False, help_text=_("e.g. 33, 35 — empty for every class")
    )
    groups = forms.CharField(label=_("Similar-goods groups"), required=False, help_text=_("e.g. 3301"))
    all_classes = forms.BooleanField(label=_("All classes (goods only weigh the score)"), required=False)

    def query_args(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["q"],
            "classes": _split(data["classes"]),
            "groups": _split(data["groups"]),
            "all_classes": data["all_classes"],
        }


class LogoSearchForm(forms.Form):
    """An image as the query: checked and hashed here, so a bad file is a message, not a 500."""

    image = forms.FileField(
        label=_("Logo image"),
        help_text=_("PNG, JPEG, GIF, WebP or BMP, at most 2 MB."),
        error_messages={"required": _("Choose the image of the logo to search for.")},
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > logos.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The image is larger than %(mb)d MB: send a smaller one."),
                params={"mb": logos.MAX_UPLOAD_BYTES >> 20},
            )
        try:
            image = logos.open_image(upload.read())
        except logos.BadImage as exc:
            raise forms.ValidationError(str(exc)) from None
        self.hashes = logos.hash_image(image)
        return upload


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=WatchStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Why"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ProtectedMarkForm(forms.Form):
    name = forms.CharField(label=_("Mark"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=ProtectedKind.choices, initial=ProtectedKind.KEY_BRAND)
    classes = forms.CharField(label=_("Nice classes"), required=False, help_text=_("e.g. 33, 35"))
    groups = forms.CharField(label=_("Similar-goods groups"), required=False, help_text=_("e.g. 3301"))
    holder_name = forms.CharField(label=_("holder"), max_length=300, required=False)
    cross_class = forms.BooleanField(
        label=_("Protected in all classes"),
        required=False,
        help_text=_("Usual for well-known marks and special signs."),
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def action_args(self) -> dict:
        data = dict(self.cleaned_data)
        data["nice_classes"] = _split(data.pop("classes"))
        data["groups"] = _split(data["groups"])
        return data
