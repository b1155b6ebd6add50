"""The exchange's matcher: the index ranks exactly as the offer-by-offer score does, and each
match says why."""

from __future__ import annotations

import random
from pathlib import Path

from patentstore.matching import MatchIndex, Need, OfferText, score_exhaustively

OFFERS = [
    OfferText(1, "一种锂电池正极材料及其制备方法", ("H01M4/525",)),
    OfferText(2, "锂电池管理系统的温度监测装置", ("H01M10/48",)),
    OfferText(3, "一种海带养殖浮筏", ("A01G33/02",)),
    OfferText(4, "基于神经网络的图像识别方法", ("G06V10/82",)),
    OfferText(5, "葡萄酒发酵罐的温度控制系统", ("C12G1/02",)),
]


def test_a_need_finds_the_offers_sharing_its_words_with_reasons() -> None:
    index = MatchIndex(OFFERS)
    found = index.match(Need("我们需要提高锂电池的温度监测能力", ipc_codes=("H01M",), field_subclasses=("H01M",)))
    assert [m.key for m in found][:2] == [2, 1]
    best = found[0]
    assert "锂电池" in best.words and "温度" in best.words
    assert best.same_subclass == "H01M" and best.in_field == "H01M"
    assert 3 not in [m.key for m in found]  # nothing shared: no match


def test_a_need_naming_only_a_section_gets_the_smaller_bonus() -> None:
    index = MatchIndex(OFFERS)
    [match] = [m for m in index.match(Need("温度控制", ipc_codes=("C",))) if m.key == 5]
    assert match.same_section == "C" and match.same_subclass == ""
    assert match.score > match.text_score


def test_a_need_with_no_known_word_matches_nothing() -> None:
    assert MatchIndex(OFFERS).match(Need("量子计算")) == []
    assert MatchIndex([]).match(Need("锂电池")) == []


def test_the_index_ranks_exactly_as_the_exhaustive_score_on_random_offers() -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(300)]
    subclasses = ["H01M", "G06F", "A01G", "C12G", "B65D"]
    offers = [
        OfferText(k, " ".join(rng.choices(words, k=rng.randint(5, 40))), (rng.choice(subclasses) + "1/00",))
        for k in range(2000)
    ]
    index = MatchIndex(offers, tokenize=str.split)
    for _ in range(30):
        need = Need(" ".join(rng.choices(words, k=6)), ipc_codes=(rng.choice(subclasses),), field_subclasses=("G06F",))
        fast = [(m.key, m.score) for m in index.match(need, 10, tokenize=str.split)]
        slow = score_exhaustively(need, offers, 10, tokenize=str.split)
        assert [k for k, _ in fast] == [k for k, _ in slow]
        for (_, a), (_, b) in zip(fast, slow, strict=True):
            assert abs(a - b) < 1e-3


def test_the_index_written_to_a_folder_and_memory_mapped_ranks_as_the_one_in_memory(tmp_path: Path) -> None:
    need = Need("我们需要提高锂电池的温度监测能力", ipc_codes=("H01M",), field_subclasses=("C12G",))
    MatchIndex.write(OFFERS, tmp_path / "offers")
    opened = MatchIndex.open(tmp_path / "offers")
    assert opened.text.path == tmp_path / "offers"  # the landscape's text index, read from disk
    assert opened.match(need) == MatchIndex(OFFERS).match(need)
    assert [m.key for m in opened.match(need)][:2] == [2, 1]
    MatchIndex.write([], tmp_path / "empty")
    assert MatchIndex.open(tmp_path / "empty").match(need) == []
