"""Index search against brute-force scoring of every mark, on a generated corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmsearch import TrademarkIndex, build_index
from tmsearch.synth import Corpus

from .test_topk_property import exhaustive_top

THRESHOLD = 75.0
TOP_K = 20


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[TrademarkIndex, list[str]]:
    corpus = Corpus(seed=7)
    marks = corpus.marks(20_000)
    index = build_index(marks, Path(tmp_path_factory.mktemp("recall")) / "ix")
    return index, corpus.queries(marks, 150)


def test_recall_against_brute_force(corpus_index: tuple[TrademarkIndex, list[str]]) -> None:
    index, queries = corpus_index
    wanted = found = 0
    for q in queries:
        # exhaustive top 20: every mark scored, look-alike cap applied, ties (at 0.01) by id
        top = [i for i, _ in exhaustive_top(index, q, TOP_K, THRESHOLD, None)]
        got = {h.id for h in index.search(q, limit=TOP_K, min_score=THRESHOLD)}
        wanted += len(top)
        found += len(got & set(top))
    assert wanted > 100  # the queries are variants of marks, so there is plenty to find
    assert found / wanted >= 0.99  # recall@20 (docs/tmsearch.md); the bounds make it exact


def test_scores_match_brute_force(corpus_index: tuple[TrademarkIndex, list[str]]) -> None:
    index, queries = corpus_index
    for q in queries[:30]:
        truth = index.brute_force(q, min_score=THRESHOLD)
        for hit in index.search(q, limit=TOP_K, min_score=THRESHOLD):
            assert hit.score == pytest.approx(min(truth[hit.id], 98.0 if hit.score == 98 else 100), abs=0.01)
