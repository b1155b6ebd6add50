"""Property: the index returns exactly the top-k of exhaustive scoring, on random corpora.

The corpora are drawn from a small alphabet full of traps (homophones, near sounds, shape
neighbours, traditional forms, Latin homoglyphs), so candidates sharing little with the query
are common.  For ``min_score`` >= 200/3 the index's candidate bounds are provably complete
(see ``tmsearch.search``), and below it for queries without Latin or all Latin, so the
comparison is exact: same ids, same order, same scores.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmsearch import Mark, TrademarkIndex, build_index, normalise, search
from tmsearch.goods import goods_query
from tmsearch.score import finalise_score
from tmsearch.search import PreparedQuery, brute_force_segment

HAN = list("芝福富府华為为师帅雪雷兔免知资支老干妈宝贝天地")
LATIN = [*list("abcdeilnoprst01"), "А", "р", "I"]
TEXT = st.text(st.sampled_from(HAN + LATIN + [" "]), min_size=1, max_size=9)
MARKS = st.lists(st.tuples(TEXT, st.lists(st.integers(1, 6), min_size=1, max_size=2)), min_size=1, max_size=60)


def exhaustive_top(
    index: TrademarkIndex, query: str, k: int, min_score: float, cls: int | None
) -> list[tuple[int, float]]:
    """Every mark scored with the engine's function; top k by (score desc, id)."""
    ref = index.ref
    q = normalise(query, ref)
    seg = index.base
    marks, raw = brute_force_segment(seg, PreparedQuery.make(q, ref, goods_query(), min_score))
    out = []
    for m, s in zip(marks.tolist(), raw.tolist(), strict=True):
        mark = seg.mark(m)
        if cls is not None and cls not in mark.classes:
            continue
        out.append((mark.id, finalise_score(s, q, normalise(mark.text, ref))))
    out.sort(key=lambda t: (-t[1], t[0]))
    return out[:k]


def check_top_k(corpus: list[tuple[str, list[int]]], query: str, k: int, min_score: float, cls: int | None) -> None:
    marks = [Mark(i + 1, text, tuple(sorted(set(c)))) for i, (text, c) in enumerate(corpus)]
    with tempfile.TemporaryDirectory() as tmp:
        index = build_index(marks, Path(tmp) / "ix")
        want = exhaustive_top(index, query, k, min_score, cls)
        classes = [cls] if cls is not None else None
        got = [(h.id, h.score) for h in index.search(query, classes, limit=k, min_score=min_score)]
        assert [i for i, _ in got] == [i for i, _ in want]
        assert np.allclose([s for _, s in got], [s for _, s in want], atol=0.01)


PROPERTY = given(
    corpus=MARKS,
    query=TEXT,
    k=st.integers(1, 8),
    min_score=st.sampled_from([67.0, 75.0, 85.0]),
    cls=st.one_of(st.none(), st.integers(1, 6)),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@PROPERTY
def test_index_top_k_equals_exhaustive(
    corpus: list[tuple[str, list[int]]], query: str, k: int, min_score: float, cls: int | None
) -> None:
    check_top_k(corpus, query, k, min_score, cls)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@PROPERTY
def test_large_register_paths_keep_the_top_k(
    corpus: list[tuple[str, list[int]]], query: str, k: int, min_score: float, cls: int | None
) -> None:
    """The same with what only large registers do switched on for every search: the first
    passes at the ladder's higher thresholds (with the lists they let the search only check),
    the candidate collection split over three threads by row range, the rewritings searched
    on several threads at once, and a Latin query's short marks found through every third
    2-gram's list only (``search._latin_split``) whatever the share of long ones."""
    with (
        patch.object(search, "LADDER_ROWS", 0),
        patch.object(search, "PARALLEL_ROWS", 0),
        patch.object(search, "PARALLEL_ALT_BELOW", 101.0),
        patch.object(search, "LONG_LATIN_SHARE", 1.0),
        patch.object(search, "_threads", lambda: 3),
    ):
        check_top_k(corpus, query, k, min_score, cls)


def test_topk_on_a_generated_corpus(tmp_path: Path) -> None:
    """The same on a synthetic register (frequency-weighted Chinese, brand-like Latin), top 20."""
    from tmsearch.synth import Corpus

    corpus = Corpus(seed=11)
    marks = corpus.marks(5_000)
    index = build_index(marks, tmp_path / "ix")
    for query in corpus.queries(marks, 60):
        want = exhaustive_top(index, query, 20, 70.0, None)
        got = [(h.id, h.score) for h in index.search(query, limit=20, min_score=70.0)]
        assert [i for i, _ in got] == [i for i, _ in want], query
        with patch.object(search, "LADDER_ROWS", 0), patch.object(search, "PARALLEL_ROWS", 0):
            again = [(h.id, h.score) for h in index.search(query, limit=20, min_score=70.0)]
        assert again == got, query
        shown = [(h.id, h.score, h.reasons) for h in index.search(query, limit=20, min_score=70.0)]
        # every Latin rewriting scored on its own, as before UNSCORED_MAX: the same hits and reasons
        with patch.object(search, "UNSCORED_MAX", -1):
            scored = index.search(query, limit=20, min_score=70.0)
        assert [(h.id, h.score, h.reasons) for h in scored] == shown, query
        # the rewritings searched one after the other, and all at once: the same too
        ways = []
        for below in (0.0, 101.0):
            with patch.object(search, "PARALLEL_ALT_BELOW", below):
                ways.append([(h.id, h.score, h.reasons) for h in index.search(query, limit=20, min_score=60.0)])
        assert ways[0] == ways[1], query
        # Latin marks too short for the LCS view found through every third 2-gram, or not
        for share in (0.0, 1.0):
            with patch.object(search, "LONG_LATIN_SHARE", share):
                ways.append([(h.id, h.score, h.reasons) for h in index.search(query, limit=20, min_score=60.0)])
        assert ways[2] == ways[3] == ways[0], query


def test_topk_with_several_classes(tmp_path: Path) -> None:
    """Several classes (several row ranges per posting list), Latin and Chinese queries alike."""
    from tmsearch.synth import Corpus

    corpus = Corpus(seed=5)
    marks = corpus.marks(4_000)
    index = build_index(marks, tmp_path / "ix")
    wanted = {3, 17, 30}
    ref = index.ref
    for query in corpus.queries(marks, 40):
        q = normalise(query, ref)
        raw_marks, raw = brute_force_segment(index.base, PreparedQuery.make(q, ref, goods_query(), 70.0))
        want = []
        for m, s in zip(raw_marks.tolist(), raw.tolist(), strict=True):
            mark = index.base.mark(m)
            if wanted & set(mark.classes):
                want.append((mark.id, finalise_score(s, q, normalise(mark.text, ref))))
        want.sort(key=lambda t: (-t[1], t[0]))
        got = [h.id for h in index.search(query, classes=sorted(wanted), limit=10, min_score=70.0)]
        assert got == [i for i, _ in want[:10]], query


HAN_TEXT = st.text(st.sampled_from(HAN), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    corpus=st.lists(st.tuples(st.one_of(HAN_TEXT, TEXT), st.lists(st.integers(1, 3), min_size=1)), max_size=60),
    query=HAN_TEXT,
    k=st.integers(1, 8),
    cls=st.one_of(st.none(), st.integers(1, 3)),
)
def test_chinese_queries_exact_at_the_default_threshold(
    corpus: list[tuple[str, list[int]]], query: str, k: int, cls: int | None
) -> None:
    """A query without Latin is exact down to 60, the default: short marks (one Chinese char
    reaching 60 with one shared char) are found even when the longest lists are skipped."""
    marks = [Mark(i + 1, text, tuple(sorted(set(c)))) for i, (text, c) in enumerate(corpus)] or [Mark(1, "天")]
    with tempfile.TemporaryDirectory() as tmp:
        index = build_index(marks, Path(tmp) / "ix")
        want = exhaustive_top(index, query, k, 60.0, cls)
        classes = [cls] if cls is not None else None
        got = [(h.id, h.score) for h in index.search(query, classes, limit=k)]
        assert [i for i, _ in got] == [i for i, _ in want]


LATIN_TEXT = st.text(st.sampled_from(list("abefilmnosu")), min_size=3, max_size=11)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    corpus=st.lists(st.tuples(LATIN_TEXT, st.lists(st.integers(1, 3), min_size=1)), min_size=1, max_size=60),
    query=LATIN_TEXT,
    k=st.integers(1, 8),
    min_score=st.sampled_from([45.0, 55.0, 60.0, 65.0]),
    cls=st.one_of(st.none(), st.integers(1, 3)),
)
def test_latin_queries_exact_below_two_thirds(
    corpus: list[tuple[str, list[int]]], query: str, k: int, min_score: float, cls: int | None
) -> None:
    """A Latin query is exact at the default 60 and below: a mark sharing no 2-gram with the
    query may still share enough letters one by one ("fouo" for "nfusom": 60), and the search
    reads the rows of the lengths where that can happen (``search._scan_no_grams``).  Beside
    the random marks, marks made of every other letter of the query with a foreign letter
    between (sharing letters in order but no 2-gram) are added, whose classes cycle."""
    woven = [sep.join(query[start::2]) for start in (0, 1) for sep in ("z", "zz", "")] + [
        "z" + "z".join(query[start::2]) + "z" for start in (0, 1)
    ]
    marks = corpus + [(text, [1 + i % 3]) for i, text in enumerate(woven) if text]
    check_top_k(marks, query, k, min_score, cls)


def test_a_mark_sharing_no_2_gram_is_found() -> None:
    """The case seen at 1M marks: "Fouo" shares no 2-gram of ^nfusom$ and scores 60 with it."""
    check_top_k([("Fouo", [22]), ("Numo", [22]), ("zzzz", [22])], "nFusom", 5, 60.0, 22)
    with tempfile.TemporaryDirectory() as tmp:
        index = build_index([Mark(1, "Fouo", (22,)), Mark(2, "Numo", (22,))], Path(tmp) / "ix")
        assert [(h.id, h.score) for h in index.search("nFusom", [22], min_score=60.0)] == [(1, 60.0), (2, 60.0)]


def test_the_no_2_gram_pass_skips_the_rows_the_lists_touched(tmp_path: Path) -> None:
    """The lists' pass marks the rows it touches (they share a 2-gram with the query) and the
    no-2-gram pass skips them without reading their keys: it finds the same rows."""
    texts = ["Fouo", "Numo", "nfuso", "fusom", "Nosum", "Mufon", "ouf", "zzzz", "nFusomx", "fzuzo"] * 3
    index = build_index([Mark(i + 1, t, (22,)) for i, t in enumerate(texts)], tmp_path / "ix")
    seg = index.base
    pq = PreparedQuery.make(normalise("nFusom", index.ref), index.ref, goods_query([22]), 45.0)
    ranges = search._ranges(seg, pq)
    lengths = search._no_gram_lengths(pq, 45.0 - 0.03)
    assert lengths.any()
    marked = search._row_bitmap(seg, ranges)
    search._collect_lists(seg, pq, ranges, marked)
    touched = set(seg.row_marks(np.flatnonzero(np.unpackbits(marked.view(np.uint8), bitorder="little"))).tolist())

    def grams(key: str) -> set[str]:
        return {f"^{key}$"[i : i + 2] for i in range(len(key) + 1)}

    sharing = {m for m in range(seg.n) if grams(seg.key(m)) & grams(pq.q.latin)}
    # the rows of the scanned lists at least (a checked list only adds to rows already seen)
    assert touched and touched <= sharing
    plain = search._scan_no_grams(seg, pq, ranges, lengths, 45.0 - 0.03)
    skipping = search._scan_no_grams(seg, pq, ranges, lengths, 45.0 - 0.03, marked)
    assert sorted(skipping[0].tolist()) == sorted(plain[0].tolist())
    found = set(seg.row_marks(plain[0]).tolist())
    assert found and not found & sharing  # "Fouo", "ouf", ... share none
    # the bitmap is reused: bits left over (a search stopped half-way) are cleared over the ranges
    marked[:] = ~np.uint64(0)
    again = search._row_bitmap(seg, ranges)
    assert again is marked
    assert sorted(search._scan_no_grams(seg, pq, ranges, lengths, 45.0 - 0.03, again)[0].tolist()) == sorted(
        plain[0].tolist()
    )


def test_ties_of_the_kth_are_cut_by_id(tmp_path: Path) -> None:
    """Many marks tie with the k-th best: the query's own search keeps only its top k ranked by
    id (and every 100), and the merged answer is still the exhaustive top k, ties by id, also
    when a rewriting (here the pinyin of the query, written as a mixed mark) lifts a tied mark
    that comes late by id above the others."""
    corpus = [("芝福天", [3])] * 30 + [("芝福", [3])] * 3 + [("芝福天 zhifu", [3])]
    marks = [Mark(i + 1, text, tuple(c)) for i, (text, c) in enumerate(corpus)]
    index = build_index(marks, tmp_path / "ix")
    ref = index.ref
    pq = PreparedQuery.make(normalise("芝福", ref), ref, goods_query([3]), 60.0)
    rows, final, _ = search.search_segment(index.base, pq, k=8)
    assert sorted(final.tolist(), reverse=True)[:4] == [100.0, 100.0, 100.0, 80.0]
    assert len(rows) == 8  # three 100s and the five ties of 80 with the lowest ids
    assert sorted(index.base.ids[rows].tolist()) == [1, 2, 3, 4, 5, 31, 32, 33]
    for k in (4, 8, 12):
        want = exhaustive_top(index, "芝福", k, 60.0, 3)
        got = [(h.id, h.score) for h in index.search("芝福", [3], limit=k, min_score=60.0)]
        assert [i for i, _ in got] == [i for i, _ in want]
        assert np.allclose([s for _, s in got], [s for _, s in want], atol=0.01)
