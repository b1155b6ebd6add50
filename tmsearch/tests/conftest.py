"""Shared fixtures: the reference tables and a small index of hand-written marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmsearch import Mark, TrademarkIndex, build_index, load_refdata
from tmsearch.refdata import RefData

SMALL = [
    Mark(1, "芝福", (30,), ("3001",)),
    Mark(2, "华为", (9,), ("0901",)),
    Mark(3, "APPLE", (9,), ("0901",)),
    Mark(4, "帅雪", (33,), ("3301",)),
    Mark(5, "免宝", (25,), ("2501",)),
    Mark(6, "芝罘 ZHIFU", (30, 43), ("3001", "4301")),
    Mark(7, "GOOGLE", (35,), ("3501",)),
    Mark(8, "芝福", (43,), ("4302",)),
    Mark(9, "芝福", (29,), ("2901",)),
    Mark(10, "老干妈", (30,), ("3004",)),
]


@pytest.fixture(scope="session")
def ref() -> RefData:
    return load_refdata()


@pytest.fixture()
def small_index(tmp_path: Path) -> TrademarkIndex:
    return build_index(SMALL, tmp_path / "ix")
