"""The vectorised (build-time) features agree with the plain (query-time) ones."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tmsearch.features import (
    K_BI,
    K_CHAR,
    SHIFT,
    codes_matrix,
    doc_features,
    latin_grams,
    latin_signature_counts,
    latin_signatures,
    query_slots,
)
from tmsearch.normalise import normalise
from tmsearch.refdata import load_refdata
from tmsearch.score import QueryScorer, _char_alternatives

REF = load_refdata()
ALPHABET = st.sampled_from(list("abcxyz019 AIlO-") + list("芝福富华為师帅雪雷") + ["А", "р"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=12), min_size=1, max_size=6))
def test_doc_features_match_query_features(texts: list[str]) -> None:
    norms = [normalise(t, REF) for t in texts]
    keys, rows = doc_features(codes_matrix([n.key for n in norms]), REF)
    for i, n in enumerate(norms):
        mine = set(keys[rows == i].tolist())
        assert {k for k in mine if k >> SHIFT == K_BI} == set(latin_grams(n.latin))
        own = {(K_CHAR << SHIFT) | ord(c) for c in n.wide}
        assert {k for k in mine if k >> SHIFT == K_CHAR} == own
        scorer = QueryScorer(n, REF)
        for slot in query_slots(n, scorer.sound_table, scorer.union_table):
            # A doc holding the query char itself hits the slot.
            assert int(slot.levels[0][0]) in mine


def test_slots_follow_the_scorers_replacements() -> None:
    """The index bound is only valid if each mark char sits in the slot the scorer turns it into."""
    for query in ("芝福富华", "师帅雪雷", "兔免知资", "老干妈", "的德得地", "的的卢"):
        q = normalise(query, REF)
        scorer = QueryScorer(q, REF)
        slots = query_slots(q, scorer.sound_table, scorer.union_table)
        assert sorted(s.char for s in slots) == sorted(set(q.wide))
        for s in slots:
            assert s.weight == q.wide.count(s.char)
            assert s.levels[0].tolist() == [(K_CHAR << SHIFT) | ord(s.char)]
        for level, (src, dst) in ((1, scorer.sound_table), (2, scorer.union_table)):
            for c, d in zip(src.tolist(), dst.tolist(), strict=True):
                feature = (K_CHAR << SHIFT) | c
                owners = [s.char for s in slots if any(feature in lv for lv in s.levels[1 : level + 1])]
                assert owners == [chr(d)], (query, chr(c))
        # every stand-in of every query char is in some slot (the tables cover them all)
        for ch in set(q.wide):
            sound, near = _char_alternatives(ch, REF)
            for c in [*sound.tolist(), *near.tolist()]:
                if chr(c) not in q.wide:
                    assert any((K_CHAR << SHIFT) | c in lv for s in slots for lv in s.levels[1:])


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=12), st.text(ALPHABET, max_size=16))
def test_latin_signature_bounds_the_lcs(a: str, b: str) -> None:
    """The letter bounds used by the search never fall below the true Latin LCS; the shared
    count is, per symbol, the smaller of the query's and the mark's counts (the mark's three
    or more taken as any), as the kernel computes it."""
    from collections import Counter

    from rapidfuzz.distance import LCSseq

    from tmsearch import kernel
    from tmsearch.features import SIG_BIT, latin_repeats

    qa, qb = normalise(a, REF), normalise(b, REF)
    codes = codes_matrix([qb.key])
    (sig,) = latin_signatures(codes).tolist()
    (rep,) = latin_repeats(codes).tolist()
    masks = latin_signature_counts(qa.latin)
    lcs = LCSseq.similarity(qa.latin, qb.latin)
    foreign = bin(sig & ~(masks[0] if masks else 0)).count("1")
    assert lcs <= len(qb.latin) - foreign
    if not masks:
        return
    shared = kernel._shared(np.uint64(sig), np.uint64(rep), np.array(masks, np.uint32))

    def counts(text: str) -> Counter[int]:
        return Counter(int(SIG_BIT[ord(c)]) for c in text if ord(c) < 128 and SIG_BIT[ord(c)] >= 0)

    mine, theirs = counts(qa.latin), counts(qb.latin)
    assert shared == sum(min(n, theirs[s] if theirs[s] < 3 else n) for s, n in mine.items())
    assert lcs <= shared


@settings(max_examples=300, deadline=None)
@given(st.text("abni", min_size=1, max_size=14), st.text("abnli", min_size=1, max_size=18))
def test_the_weighted_2_gram_count_bounds_the_lcs(a: str, b: str) -> None:
    """The count the lists give a row (each of the query's 2-grams the mark has, weighing as
    often as the query has it: ``PreparedQuery.gram_weights``) bounds the Latin LCS as the
    kernel uses it, ``LCS <= (count + nl + ml - 1) // 3``; with repeated 2-grams ("anan") it is
    tighter than the distinct count plus every repeat.  Also for a spelling merged with its
    capital-I twin (``search.merge_twin``): the merged weights bound both spellings' LCS."""
    from rapidfuzz.distance import LCSseq

    from tmsearch.goods import goods_query
    from tmsearch.search import PreparedQuery, merge_twin

    q = normalise(a, REF)
    pq = PreparedQuery.make(q, REF, goods_query(), 60.0, rewrite=False)
    twin = normalise(a.replace("i", "l"), REF)
    merged = merge_twin(pq, PreparedQuery.make(twin, REF, goods_query(), 60.0, rewrite=False))
    m = normalise(b, REF).latin
    mark = set(latin_grams(m))
    for prepared, spellings in ((pq, [q.latin]), (merged, [q.latin, twin.latin])):
        weight = dict(zip(prepared.grams, prepared.gram_weights, strict=True))
        count = sum(w for g, w in weight.items() if g in mark)
        for spelling in spellings:
            lcs = LCSseq.similarity(spelling, m)
            assert lcs <= (count + len(spelling) + len(m) - 1) // 3


def test_latin_repeats_marks_symbols_twice_and_thrice() -> None:
    """``Segment.lrep``: symbols occurring at least twice in bits 0-31, three times in 32-63
    (digits folded with ``SIG_BIT``: 2 and 8 share a bit)."""
    from tmsearch.features import SIG_BIT, latin_repeats

    rows = latin_repeats(codes_matrix(["banana", "ab", "", "28", "中中aa"])).tolist()
    a, n, two = (int(SIG_BIT[ord(c)]) for c in "an2")
    assert rows == [(1 << a) | (1 << n) | (1 << (a + 32)), 0, 0, 1 << two, 1 << a]


def test_char_alternatives_are_the_sound_and_shape_tables() -> None:
    """The scorer's stand-ins of a char, built per set of readings, are exactly the chars sharing
    a reading (``homophones``), those with a near reading (``near_homophones``) and the shape
    neighbours, for every char with several readings and a spread of the others."""
    from tmsearch.sound import homophones, near_homophones

    chars = sorted(REF.readings) + sorted(REF.pinyin)[::97] + sorted(REF.shape)[::89]
    assert len(chars) > 500
    for ch in chars:
        sound, near = _char_alternatives(ch, REF)
        assert set(sound.tolist()) == {ord(c) for c in homophones(ch, REF)}, ch
        shape = tuple(c for c, _ in REF.shape.get(ch, ()))
        assert set(near.tolist()) == {ord(c) for c in near_homophones(ch, REF) + shape}, ch


@settings(max_examples=200, deadline=None)
@given(st.text("abcdeilnorst", min_size=5, max_size=20), st.data())
def test_a_mark_inside_the_query_has_the_2_grams_the_search_asks_of_it(latin: str, data: st.DataObject) -> None:
    """Containment, the mark inside the query: a Latin part that is a substring of the query
    (4 letters or more, shorter than the query) reaches the count of the query's 2-grams that
    ``search._around_needs`` asks of its length (the kernel's count: each of the query's
    2-grams the part has, weighing ``gram_weights``), so the kernel's cut on the 2-gram count
    alone loses no such mark."""
    from tmsearch.features import latin_grams
    from tmsearch.goods import goods_query
    from tmsearch.search import PreparedQuery, _around_needs

    q = normalise(latin, REF)
    pq = PreparedQuery.make(q, REF, goods_query(), 60.0, rewrite=False)
    nl = len(q.latin)
    ml = data.draw(st.integers(4, nl - 1))
    start = data.draw(st.integers(0, nl - ml))
    part = q.latin[start : start + ml]
    weight = dict(zip(pq.grams, pq.gram_weights, strict=True))
    shared = sum(weight[g] for g in set(latin_grams(part)) & set(pq.grams))
    assert shared >= _around_needs(pq)[ml]
    assert _around_needs(pq)[ml] >= 1


def _around_check(latin: str) -> None:
    """``search._around_table`` (compiled) of ``latin`` and its capital-I twin against its
    definition: per length ``ml`` from ``CONTAIN_MIN_LATIN`` to below the query's (and below 256,
    the lengths a mark can have), the least weight of the distinct inner 2-grams of any
    ``spelling[i : i + ml]`` of either spelling, and ``1 << 30`` at every other length."""
    from tmsearch.features import latin_bigram_list, latin_gram_weights
    from tmsearch.score import CONTAIN_MIN_LATIN
    from tmsearch.search import _around_table

    spellings = (latin, latin.replace("i", "l")) if "i" in latin else (latin,)
    weight = latin_gram_weights(*spellings)
    grams = tuple(sorted(weight))
    table = _around_table(spellings, grams, tuple(weight[g] for g in grams))
    nl = len(latin)
    want = [1 << 30] * 256
    for ml in range(CONTAIN_MIN_LATIN, min(nl, 256)):
        for spelling in spellings:
            lists = latin_bigram_list(spelling)  # 2-gram j + 1 joins letters j and j + 1
            for i in range(nl - ml + 1):
                want[ml] = min(want[ml], sum(weight[g] for g in set(lists[i + 1 : i + ml])))
    assert table.tolist() == want


@settings(max_examples=200, deadline=None)
@given(st.text("abcilnor", min_size=1, max_size=30))
def test_the_around_table_is_the_least_weight_of_any_inner_substring(latin: str) -> None:
    """The compiled containment table is its definition (:func:`_around_check`)."""
    _around_check(latin)


def test_the_around_table_of_a_spelling_longer_than_any_mark_stops_at_255() -> None:
    """A rewriting's spelling may be longer than the 255 Latin letters a mark can have (a
    translation word by word): its table still covers lengths 0..255 only, as defined."""
    rng = random.Random(18)
    _around_check("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(300)))
