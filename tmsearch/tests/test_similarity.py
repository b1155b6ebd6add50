"""Pairwise similarity as an examiner judges it: shape, sound, script folding, look-alikes."""

from __future__ import annotations

from typing import Any

import pytest

from tmsearch import normalise, similarity
from tmsearch.refdata import RefData


def codes(reasons: list[dict[str, Any]]) -> set[str]:
    return {r["code"] for r in reasons}


@pytest.mark.parametrize("a,b", [("师", "帅"), ("雪", "雷"), ("兔", "免")])
def test_shape_pairs_are_neighbours(ref: RefData, a: str, b: str) -> None:
    assert b in {c for c, _ in ref.shape[a]}
    assert a in {c for c, _ in ref.shape[b]}


@pytest.mark.parametrize("a,b", [("师", "帅"), ("雪", "雷"), ("兔", "免")])
def test_shape_pairs_score_near(a: str, b: str) -> None:
    score, reasons = similarity(a + "宝", b + "宝")
    assert score >= 80
    shape = [r for r in reasons if r["code"] == "similar_shape"]
    assert shape and shape[0]["detail"] == [[a, b]]


def test_unrelated_chars_are_not_near() -> None:
    score, reasons = similarity("师宝", "木宝")
    assert "similar_shape" not in codes(reasons)
    assert score < 80


def test_same_sound() -> None:
    score, reasons = similarity("芝富", "芝福")
    assert score >= 90
    sound = next(r for r in reasons if r["code"] == "same_sound")
    assert sound["detail"] == [{"a": "富", "b": "福", "pinyin": "fu"}]
    assert {"code": "same_chars", "detail": "芝"} in reasons


def test_near_sound() -> None:
    score, reasons = similarity("知福", "资福")  # zhi / zi
    assert "near_sound" in codes(reasons)
    assert score >= 80


def test_traditional_equals_simplified() -> None:
    assert normalise("華為").key == normalise("华为").key
    score, reasons = similarity("華為", "华为")
    assert score == 100
    assert "same_text" in codes(reasons)


@pytest.mark.parametrize("other", ["APPIE", "АРРLЕ", "APP1E", "ΑΡΡLΕ"])
def test_latin_homoglyphs(other: str) -> None:
    score, reasons = similarity("APPLE", other)
    assert score == 98  # identical after folding, but not the same text
    assert "look_alike" in codes(reasons)


@pytest.mark.parametrize("other", ["apple", "Ap Ple", "a-p-p-l-e", "ＡＰＰＬＥ"])
def test_case_space_width_insensitive(other: str) -> None:
    assert similarity("APPLE", other)[0] == 100


def test_latin_edit_distance() -> None:
    score, reasons = similarity("GOOGLE", "GOGGLE")
    assert 75 <= score < 100
    ed = next(r for r in reasons if r["code"] == "edit_distance")
    assert ed["detail"]["distance"] == 1


def test_mixed_mark_part_match() -> None:
    score, reasons = similarity("芝罘", "芝罘 ZHIFU")
    assert score >= 85
    assert {"code": "same_chars", "detail": "芝罘"} in reasons


def test_dissimilar_is_low() -> None:
    # across scripts only the pinyin rewriting compares them (0.9 x ratio("huawei", "apple"))
    assert similarity("华为", "APPLE")[0] < 40
    assert similarity("芝福", "老干妈")[0] < 30


def test_similarity_with_goods() -> None:
    from tmsearch import Mark

    a = Mark(1, "芝福", (30,), ("3001",))
    same, r1 = similarity(a, Mark(2, "芝福", (30,), ("3002",)))
    related, r2 = similarity(a, Mark(3, "芝福", (29,), ("2901",)), related_groups={"3001": {"2901"}})
    other, _ = similarity(a, Mark(4, "芝福", (9,), ("0901",)))
    assert same == 100 and "same_class" in codes(r1)
    assert other < related < same
    assert {"code": "related_group", "detail": [["3001", "2901"]]} in r2


#: Unrelated marks (different chars, sounds and shapes; different words): each pair must score low.
UNRELATED = [
    ("华为", "老干妈"),
    ("芝福", "茅台"),
    ("小米", "格力"),
    ("海尔", "联想"),
    ("同仁堂", "云南白药"),
    ("蒙牛", "伊利"),
    ("青岛啤酒", "燕京"),
    ("百度", "阿里巴巴"),
    ("張裕", "茅台"),
    ("APPLE", "GOOGLE"),
    ("NIKE", "ADIDAS"),
    ("SONY", "HUAWEI"),
    ("LENOVO", "XIAOMI"),
    ("KODAK", "PEPSI"),
    ("芝罘 ZHIFU", "TESLA"),
    ("华为", "APPLE"),
]


@pytest.mark.parametrize("a,b", UNRELATED)
def test_unrelated_marks_score_low(a: str, b: str) -> None:
    score, reasons = similarity(a, b)
    assert score < 40, (a, b, score)
    assert similarity(b, a)[0] < 40
    assert not codes(reasons) & {"same_text", "look_alike", "same_sound", "similar_shape", "same_chars"}
