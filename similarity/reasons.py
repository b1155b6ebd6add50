"""The engine's reason codes in words a clerk or an applicant reads beside each hit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _pairs(detail: list[Any]) -> str:
    return "、".join(f"{a}/{b}" for a, b in detail)


def describe(reason: dict[str, Any]) -> str:
    """One reason as a short phrase, e.g. "Same characters: 芝罘"."""
    code = reason.get("code")
    detail: Any = reason.get("detail")  # its shape depends on the code (tmsearch/explain.py)
    if code == "same_text":
        return _("Identical mark")
    if code == "look_alike":
        return _("Identical once look-alike letters are read alike: %(a)s / %(b)s") % {"a": detail[0], "b": detail[1]}
    if code == "same_chars":
        return _("Same characters: %(chars)s") % {"chars": detail}
    if code == "same_sound":
        pairs = "、".join(f"{p['a']}/{p['b']} ({p['pinyin']})" for p in detail)
        return _("Same sound: %(pairs)s") % {"pairs": pairs}
    if code == "near_sound":
        pairs = "、".join(f"{p['a']}/{p['b']} ({p['pinyin'][0]}/{p['pinyin'][1]})" for p in detail)
        return _("Similar sound: %(pairs)s") % {"pairs": pairs}
    if code == "similar_shape":
        return _("Similar shape: %(pairs)s") % {"pairs": _pairs(detail)}
    if code == "edit_distance":
        distance = detail["distance"]
        return ngettext(
            "Spelling differs by %(n)d letter: %(a)s / %(b)s",
            "Spelling differs by %(n)d letters: %(a)s / %(b)s",
            distance,
        ) % {"n": distance, "a": detail["a"], "b": detail["b"]}
    if code == "shared_ngrams":
        shown = [g.strip("^$") for g in detail[:5]]
        return _("Shared letter groups: %(grams)s") % {"grams": ", ".join(shown)}
    if code == "same_letters":
        return _("Same letters: %(letters)s") % {"letters": detail}
    if code == "char_order":
        return _("Same characters in another order: %(chars)s") % {"chars": detail}
    if code == "contains":
        return _("Contains %(part)s (in %(whole)s)") % {"part": detail["part"], "whole": detail["whole"]}
    if code == "same_pinyin":
        return _("Same pinyin: %(mark)s = %(pinyin)s") % {"mark": detail["mark"], "pinyin": detail["pinyin"]}
    if code == "translit_sound":
        return _("Sounds alike across scripts: %(mark)s ≈ %(pinyin)s") % {
            "mark": detail["mark"],
            "pinyin": detail["pinyin"],
        }
    if code == "same_meaning":
        pairs = "、".join(f"{en} = {zh}" for en, zh in detail)
        return _("Same meaning: %(pairs)s") % {"pairs": pairs}
    if code == "same_class":
        return _("Same Nice class: %(classes)s") % {"classes": ", ".join(str(c) for c in detail)}
    if code == "same_group":
        return _("Same similar-goods group: %(groups)s") % {"groups": ", ".join(detail)}
    if code == "related_group":
        return _("Related similar-goods group: %(pairs)s") % {"pairs": "、".join(f"{a}→{b}" for a, b in detail)}
    return str(code)


def describe_all(reasons: list[dict]) -> list[str]:
    return [describe(r) for r in reasons]
