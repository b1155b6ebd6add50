"""The v2 reason codes (issue 18) read in Chinese and English beside a hit."""

from __future__ import annotations

from django.utils import translation

from similarity.reasons import describe, describe_all
from tmsearch import similarity


def test_v2_reasons_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert "字序不同：梦之蓝" in describe_all(similarity("梦之蓝", "蓝之梦")[1])
        assert "包含 梦之蓝（在“梦之蓝特曲”中）" in describe_all(similarity("梦之蓝", "梦之蓝特曲")[1])
        assert "含义相同：canada = 加拿大、goose = 鹅" in describe_all(similarity("加拿大鹅", "CANADA GOOSE")[1])
        assert "拼音相同：mengzhilan = meng zhi lan" in describe_all(similarity("梦之蓝", "mengzhilan")[1])
        near = describe({"code": "translit_sound", "detail": {"mark": "adidas", "pinyin": "a di da si"}})
        assert near == "音译相近：adidas ≈ a di da si"


def test_v2_reasons_in_english() -> None:
    with translation.override("en"):
        assert describe({"code": "same_meaning", "detail": [["goose", "鹅"]]}) == "Same meaning: goose = 鹅"
        assert describe({"code": "char_order", "detail": "梦之蓝"}) == "Same characters in another order: 梦之蓝"
