"""The vectorised (build-time) features agree with the plain (query-time) ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tmsearch.features import K_BI, K_CHAR, SHIFT, codes_matrix, doc_features, latin_grams, query_slots
from tmsearch.normalise import normalise
from tmsearch.refdata import load_refdata
from tmsearch.score import _char_alternatives

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
        for slot in query_slots(n, REF):
            # A doc holding the query char itself hits the slot.
            assert (K_CHAR << SHIFT) | ord(slot.char) in mine


def test_slots_cover_every_stand_in_the_scorer_uses() -> None:
    """The index bound is only valid if a slot covers every char the scorer may substitute."""
    for ch in "芝福富华师帅雪雷兔免知资老干妈":
        (slot,) = query_slots(normalise(ch, REF), REF)
        sound, near = _char_alternatives(ch, REF)
        want = {(K_CHAR << SHIFT) | int(c) for c in [*sound.tolist(), *near.tolist(), ord(ch)]}
        assert want <= set(slot.features)
