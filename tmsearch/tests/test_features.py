"""The vectorised (build-time) features agree with the plain (query-time) ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tmsearch.features import K_BI, K_CHAR, K_PY, K_TRI, SHIFT, codes_matrix, doc_features, latin_grams, query_slots
from tmsearch.normalise import normalise
from tmsearch.refdata import load_refdata

REF = load_refdata()
ALPHABET = st.sampled_from(list("abcxyz019 AIlO-") + list("芝福富华為师帅雪雷") + ["А", "р"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=12), min_size=1, max_size=6))
def test_doc_features_match_query_features(texts: list[str]) -> None:
    norms = [normalise(t, REF) for t in texts]
    keys, rows = doc_features(codes_matrix([n.key for n in norms]), REF)
    for i, n in enumerate(norms):
        mine = set(keys[rows == i].tolist())
        lat = {k for k in mine if k >> SHIFT in (K_TRI, K_BI)}
        assert lat == set(latin_grams(n.latin))
        own = {(K_CHAR << SHIFT) | ord(c) for c in n.wide}
        assert {k for k in mine if k >> SHIFT == K_CHAR} == own
        for slot in query_slots(n, REF):
            # The char itself and its reading are both indexed for the doc that contains it.
            assert slot.features[0] in mine
            py = [f for f in slot.features if f >> SHIFT == K_PY]
            assert set(py) <= mine
