"""Technology clusters: k-means over TF-IDF of the words of titles and abstracts.

Deterministic (k-means++ seeded), small (a sample of at most a few thousand documents, a
vocabulary of the most frequent words), and each cluster named by its heaviest words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from patentstore.text import topic_words


@dataclass(frozen=True)
class Cluster:
    words: tuple[str, ...]  # the words that name it, heaviest first
    size: int  # documents of the sample in it
    doc_ids: tuple[str, ...]  # the sample documents nearest its centre, first


def cluster(documents: list[tuple[str, str]], k: int = 6, vocabulary: int = 800, seed: int = 0) -> list[Cluster]:
    """Cluster (doc_id, text) pairs; clusters come largest first."""
    tokens = [topic_words(text) for _, text in documents]
    df = Counter(word for words in tokens for word in set(words))
    n = len(documents)
    if n < 4 or not df:
        return []
    common = [w for w, c in df.most_common() if c >= 2 and c <= max(2, 0.5 * n)][:vocabulary]
    if not common:
        return []
    index = {w: i for i, w in enumerate(common)}
    matrix = np.zeros((n, len(common)), dtype=np.float32)
    for row, words in enumerate(tokens):
        for word, count in Counter(words).items():
            if word in index:
                matrix[row, index[word]] = count
    idf = np.log((1 + n) / (1 + np.array([df[w] for w in common], dtype=np.float32))) + 1
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1)
    keep = norms > 0
    matrix[keep] /= norms[keep, None]
    rows = np.flatnonzero(keep)
    k = max(1, min(k, len(rows) // 3))
    data = matrix[rows]
    rng = np.random.default_rng(seed)
    centres = [data[rng.integers(len(data))]]
    for _ in range(1, k):  # k-means++: far points are likelier next centres
        distance = np.min(1 - data @ np.array(centres).T, axis=1).clip(min=0)
        total = distance.sum()
        centres.append(data[rng.choice(len(data), p=distance / total)] if total > 0 else data[rng.integers(len(data))])
    centre = np.array(centres)
    labels = np.zeros(len(data), dtype=np.int64)
    for _ in range(20):
        labels = np.argmax(data @ centre.T, axis=1)
        moved = np.array([data[labels == c].mean(axis=0) if np.any(labels == c) else centre[c] for c in range(k)])
        norms = np.linalg.norm(moved, axis=1, keepdims=True)
        moved = np.divide(moved, norms, out=moved, where=norms > 0)
        if np.allclose(moved, centre):
            break
        centre = moved
    result = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if not len(members):
            continue
        heaviest = np.argsort(-centre[c])[:3]
        nearest = members[np.argsort(-(data[members] @ centre[c]))][:5]
        result.append(
            Cluster(
                words=tuple(common[i] for i in heaviest if centre[c, i] > 0),
                size=len(members),
                doc_ids=tuple(documents[rows[i]][0] for i in nearest),
            )
        )
    return sorted(result, key=lambda cl: (-cl.size, cl.words))
