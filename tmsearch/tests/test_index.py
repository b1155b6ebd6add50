"""The index: search behaviour, goods filtering, persistence, incremental updates."""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import pytest

from tmsearch import Hit, Mark, TrademarkIndex, build_index, search_indexes
from tmsearch.segment import ARRAYS
from tmsearch.synth import Corpus


def mapped(arr: np.ndarray) -> bool:
    """Whether an array's memory ultimately comes from a file mapping (shared between workers)."""
    base: object = arr
    while base is not None:
        if isinstance(base, (mmap.mmap, np.memmap)):
            return True
        base = getattr(base, "base", None)
    return False


def ids(hits: list[Hit]) -> list[int]:
    return [h.id for h in hits]


def test_same_sound_found(small_index: TrademarkIndex) -> None:
    hits = small_index.search("芝富", classes=[30])
    assert ids(hits)[0] == 1
    assert any(r["code"] == "same_sound" for r in hits[0].reasons)
    assert any(r["code"] == "same_class" for r in hits[0].reasons)


def test_shape_found(small_index: TrademarkIndex) -> None:
    hits = small_index.search("师雷")  # 师/帅 and 雷/雪: both chars only look alike
    assert ids(hits) == [4]
    shape = next(r for r in hits[0].reasons if r["code"] == "similar_shape")
    assert shape["detail"] == [["师", "帅"], ["雷", "雪"]]
    assert ids(small_index.search("兔宝")) == [5]


def test_traditional_query(small_index: TrademarkIndex) -> None:
    hits = small_index.search("華為")
    assert ids(hits)[:1] == [2] and hits[0].score == 100


@pytest.mark.parametrize("q", ["APPIE", "АРРLЕ", "apple", "App Le"])
def test_latin_variants(small_index: TrademarkIndex, q: str) -> None:
    hits = small_index.search(q)
    assert ids(hits)[:1] == [3]
    assert hits[0].score >= 98


def test_class_filter_excludes_other_classes(small_index: TrademarkIndex) -> None:
    assert set(ids(small_index.search("芝福"))) >= {1, 8, 9}
    assert set(ids(small_index.search("芝福", classes=[30]))) == {1, 6}
    assert ids(small_index.search("芝福", classes=[9])) == []
    assert ids(small_index.search("芝福", groups=["4302"])) == [8]


def test_related_group_ranks_above_unrelated(small_index: TrademarkIndex) -> None:
    related = {"3001": {"2901"}}
    hits = small_index.search("芝福", groups=["3001"], related_groups=related, all_classes=True)
    order = ids(hits)
    assert order.index(1) < order.index(9) < order.index(8)  # same group, related, unrelated
    assert any(r["code"] == "related_group" for r in hits[order.index(9)].reasons)
    # Without all_classes, the unrelated mark is filtered out before scoring.
    filtered = ids(small_index.search("芝福", groups=["3001"], related_groups=related))
    assert 9 in filtered and 8 not in filtered


def test_reopen_is_memory_mapped(small_index: TrademarkIndex) -> None:
    again = TrademarkIndex.open(small_index.path)
    for name in ("post", "kdata", "fkeys", "ids"):
        assert mapped(getattr(again.base, name)), name
    assert not mapped(TrademarkIndex.open(small_index.path, mmap=False).base.post)
    assert again.search("芝富")[0].id == small_index.search("芝富")[0].id
    assert len(again) == len(small_index) == 10
    # one file per array of the format, nothing else
    assert {p.stem for p in small_index.path.glob("base-1/*.npy")} == set(ARRAYS)


def test_add_remove_without_rebuild(small_index: TrademarkIndex) -> None:
    files_before = {p: p.stat().st_mtime_ns for p in small_index.path.glob("base-1/*")}
    small_index.add([Mark(100, "芝富宝", (30,), ("3001",)), Mark(101, "APPLES", (9,), ())])
    assert 100 in ids(small_index.search("芝富宝"))
    assert 101 in ids(small_index.search("APPLE"))
    small_index.remove([1, 100])
    assert 1 not in ids(small_index.search("芝福"))
    assert 100 not in ids(small_index.search("芝富宝"))
    assert small_index.get(1) is None and small_index.get(101) is not None
    # Replacing an id hides the old text.
    small_index.add([Mark(3, "BANANA", (9,), ())])
    assert 3 not in ids(small_index.search("APPLE"))
    assert ids(small_index.search("BANANA")) == [3]
    assert files_before == {p: p.stat().st_mtime_ns for p in small_index.path.glob("base-1/*")}

    # Another handle (another worker process) sees the delta from disk.
    other = TrademarkIndex.open(small_index.path)
    assert ids(other.search("BANANA")) == [3] and 1 not in ids(other.search("芝福"))
    other.add([Mark(200, "雪花", (30,), ())])
    assert ids(small_index.search("雪花")) == [200]  # picked up on the next search

    n = len(small_index)
    small_index.compact()
    assert small_index.delta_size == 0 and len(small_index) == n
    assert (small_index.path / "base-2").is_dir() and not (small_index.path / "base-1").exists()
    assert ids(small_index.search("BANANA")) == [3]
    assert 1 not in ids(small_index.search("芝福"))
    assert ids(other.search("雪花")) == [200]  # the other handle follows the new generation
    assert other.base.n == small_index.base.n


def test_build_refuses_existing_and_duplicate_ids(tmp_path: Path) -> None:
    build_index([Mark(1, "A")], tmp_path / "a")
    with pytest.raises(FileExistsError):
        build_index([Mark(1, "A")], tmp_path / "a")
    with pytest.raises(ValueError):
        build_index([Mark(1, "A"), Mark(1, "B")], tmp_path / "b")
    with pytest.raises(ValueError):
        build_index([Mark(1, "A", (46,))], tmp_path / "c")


def test_empty_and_odd_queries(small_index: TrademarkIndex) -> None:
    assert small_index.search("") == []
    assert small_index.search("!!! ---") == []
    assert small_index.search("ж") == []


def test_added_mark_is_findable_at_once(small_index: TrademarkIndex) -> None:
    """No refresh, no compact: the next search (here and in another handle) finds the new mark."""
    other = TrademarkIndex.open(small_index.path)
    assert 300 not in ids(other.search("雪碧宝"))
    small_index.add([Mark(300, "雪碧宝", (32,), ("3202",))])
    for handle in (small_index, other):
        hits = handle.search("雪碧宝", classes=[32])
        assert ids(hits)[:1] == [300] and hits[0].score == 100
        assert ids(handle.search("雷碧宝"))[:1] == [300]  # and by a look-alike query
    assert small_index.get(300) == Mark(300, "雪碧宝", (32,), ("3202",))


def test_oversized_and_control_char_queries(small_index: TrademarkIndex) -> None:
    assert ids(small_index.search("芝福" + "\x00\x01\x7f\u200b"))[:1] in ([1], [8], [9])
    assert isinstance(small_index.search("a" * 10_000, limit=5), list)  # cut to 32 chars, no error
    assert len(small_index.search("芝" * 10_000 + "福", limit=5)) <= 5


def test_stored_key_is_the_normalised_key(small_index: TrademarkIndex) -> None:
    """Hits rebuild the mark's key from the index instead of normalising its text again."""
    from tmsearch import normalise

    seg = small_index.base
    for row in range(seg.n):
        assert seg.key(row) == normalise(seg.text(row), small_index.ref).key


def test_exact_spellings_rank_above_many_look_alikes_of_the_same_key(tmp_path: Path) -> None:
    """30 look-alike spellings (CRAITECH: capital I folds to l) share the key of 5 exact ones;
    the look-alike cap (98) is applied after the cut, so the exact ones must not be cut away
    among the raw-100 ties (seen at 10M marks: 9 of 120 exhaustive top-20 hits missed)."""
    marks = [Mark(i, "CRAITECH", (9,)) for i in range(1, 31)] + [Mark(i, "CRALTECH", (9,)) for i in range(31, 36)]
    index = build_index(marks, tmp_path / "ix")
    hits = index.search("CRALTECH", limit=20)
    assert [h.id for h in hits[:5]] == [31, 32, 33, 34, 35]
    assert [h.score for h in hits[:6]] == [100.0] * 5 + [98.0]


def test_several_indexes_search_as_one(tmp_path: Path) -> None:
    """``search_indexes`` over shards (each with a delta and a removal) answers exactly as one
    index holding every mark (the province bench's one-node and two-node set-ups), and so does
    merging each shard's own top 20 by (score, id)."""
    corpus = Corpus(7)
    marks = corpus.marks(3000)
    # the same text in both shards and in the delta: ties cross the shards
    marks += [Mark(5000 + i, "芝福" if i % 2 else "ZHIFU", (30,), ("3001",)) for i in range(30)]
    added = [Mark(9000, "芝富", (30,), ("3001",)), Mark(9001, "ZHIFOO", (30,), ("3001",))]
    removed = [marks[5].id, 5003]
    single = build_index(marks, tmp_path / "single")
    shards = [build_index(marks[0::2], tmp_path / "a"), build_index(marks[1::2], tmp_path / "b")]
    for ix in (single, shards[1]):
        ix.add(added)
    for ix in (single, *shards):
        ix.remove(removed)
    queries = [("芝福", 30), ("ZHIFU", 30)]
    queries += [(corpus.variant(m.text), m.classes[0]) for m in marks[:60:3]]
    for text, cls in queries:
        want = [(h.id, h.score) for h in single.search(text, classes=[cls])]
        got = [(h.id, h.score) for h in search_indexes(shards, text, classes=[cls])]
        assert got == want, text
        apart = sorted((h for ix in shards for h in ix.search(text, classes=[cls])), key=lambda h: (-h.score, h.id))
        assert [(h.id, h.score) for h in apart[:20]] == want, text
    assert search_indexes([], "芝福") == []
