"""Benchmark of the exchange's matcher (``patentstore.matching``), in one run.

    .venv/bin/python bench/exchange_bench.py [--n 1000000] [--queries 200] [--recall-queries 50]
        [--quality] [--json FILE]

1. Generates ``--n`` offers as counted (offer, word, frequency) triples: 20–60 distinct words
   per offer drawn from a 60,000-word vocabulary with Zipf-like frequencies (rank^-1), a main
   IPC subclass out of 600; builds the index from the arrays (``MatchIndex.from_arrays``), so
   jieba is not what is timed (segmentation is the import's cost, see docs/landscape.md).
2. Times ``match`` (top 10) for ``--queries`` needs of 8 words drawn from the same frequencies
   (so common words with long posting lists are in them), half naming an IPC subclass, all with
   a field of three subclasses: p50, p95, max.
3. recall@10 against an exhaustive scan: for ``--recall-queries`` needs, every offer is scored
   from its own (word, frequency) rows — no inverted index — with the same formula, ties by key;
   recall = |index top-10 ∩ exhaustive top-10| / 10, averaged.
4. ``--quality``: top-10 hit rate on a labelled need → patent set built from the 57 real CN
   publications in refdata/data/samples (see ``quality()``).
5. ``--landscape``: the same rows written as the landscape's full-text index
   (``patentstore.textindex.build_from_counts``, memory-mapped as the web workers open it) and the
   same needs answered from it, restricted to the offered patents: with every document offered,
   and with one document in ten offered (a corpus ten times the exchange). Two paths: the
   landscape's own any-word path (``_any_word``: ``np.unique`` over the postings) and
   ``scores_any`` (the matcher's ``bincount`` + dense rows); each plus the same bonuses and top 10.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from patentstore.matching import (  # noqa: E402 - after the path is set
    FIELD_BONUS,
    IPC_SECTION_BONUS,
    IPC_SUBCLASS_BONUS,
    K1,
    B,
    MatchIndex,
    Need,
    OfferText,
)
from patentstore.store import ImportResult, _cn_sample_rows  # noqa: E402
from patentstore.textindex import TextIndex, build_from_counts  # noqa: E402

VOCAB = 60_000
SUBCLASSES = 600


def generate(n: int, seed: int = 20):
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, VOCAB + 1, dtype=np.float64)
    p = 1 / ranks
    p /= p.sum()
    per_doc = rng.integers(20, 61, size=n)
    total = int(per_doc.sum())
    docs = np.repeat(np.arange(n, dtype=np.int64), per_doc)
    terms = rng.choice(VOCAB, size=total, p=p).astype(np.int64)
    # Count repeated words of one offer as its frequency.
    pair, tf = np.unique(docs * VOCAB + terms, return_counts=True)
    docs_u = (pair // VOCAB).astype(np.int32)
    terms_u = (pair % VOCAB).astype(np.int32)
    letters = "ABCDEFGH"
    names = [f"{letters[i % 8]}{10 + (i // 8) % 90:02d}{chr(65 + i % 26)}" for i in range(SUBCLASSES)]
    sub_of = rng.integers(0, SUBCLASSES, size=n)
    subclasses = [names[i] for i in sub_of]
    words = [f"w{i}" for i in range(VOCAB)]
    return {
        "keys": np.arange(n, dtype=np.int64),
        "subclasses": subclasses,
        "words": words,
        "docs": docs_u,
        "terms": terms_u,
        "tf": tf.astype(np.float32),
        "doclen": per_doc.astype(np.float32),
        "names": names,
        "p": p,
    }


def exhaustive(data, need_terms: list[int], named: set[str], field: set[str], limit: int = 10) -> list[int]:
    """Every offer scored from its own rows (no index): BM25 of the need's words + bonuses."""
    n = len(data["keys"])
    docs, terms, tf, doclen = data["docs"], data["terms"], data["tf"], data["doclen"]
    df = np.bincount(terms, minlength=VOCAB)
    avgdl = float(doclen.mean())
    hit = np.isin(terms, need_terms)
    t = terms[hit]
    f = tf[hit]
    d = docs[hit]
    idf = np.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
    w = (idf * f * (K1 + 1) / (f + K1 * (1 - B + B * doclen[d] / avgdl))).astype(np.float32)
    text = np.bincount(d, weights=w, minlength=n)
    subs = np.asarray(data["subclasses"])
    sections = {s[0] for s in named}
    score = text.astype(np.float64)
    same_sub = np.isin(subs, list(named)) if named else np.zeros(n, dtype=bool)
    same_sec = (
        (np.isin(np.char.array(subs)[:, None].astype("U1").ravel(), list(sections)) & ~same_sub)
        if named
        else np.zeros(n, dtype=bool)
    )
    in_field = np.isin(subs, list(field))
    score += IPC_SUBCLASS_BONUS * same_sub + IPC_SECTION_BONUS * same_sec + FIELD_BONUS * in_field
    score[text <= 0] = -np.inf
    order = np.lexsort((data["keys"], -score))
    return [int(data["keys"][i]) for i in order[:limit] if np.isfinite(score[i])]


def quality() -> dict:
    """Top-10 hit rate on the real CN samples. Offers: the 57 publications (title + abstract,
    main CPC as IPC). Needs, two sets:
    - keywords: a publication's English keyword line is not used; its title's first half
      (a short phrase in the applicant's words) is the need, and the hit is that publication
      anywhere in the top 10;
    - same group: a publication's title is the need with the publication itself taken out of
      the offers; a hit is any other publication sharing its first CPC main group in the top 10
      (needs whose group has no other member are left out)."""
    path = ROOT / "refdata/data/samples/cn_patents_liaoleyuan"
    docs = []
    seen: set[str] = set()
    for name in ("sample_train.csv", "sample_val.csv", "sample_test.csv"):
        result = ImportResult()
        for r in _cn_sample_rows(path / name, result):
            if r["publication_number"] in seen:
                continue
            seen.add(r["publication_number"])
            docs.append((r["publication_number"], r["title"], r["abstract"], r["ipc_codes"]))
    offers = [OfferText(i, f"{t}\n{a}", (lab[0],) if lab else ()) for i, (_n, t, a, lab) in enumerate(docs)]
    index = MatchIndex(offers)
    hits = tried = 0
    for i, (_n, title, _a, _lab) in enumerate(docs):
        phrase = title[: max(4, len(title) // 2)]
        tried += 1
        hits += i in [m.key for m in index.match(Need(phrase), 10)]
    group = {i: lab[0].split("/")[0] for i, (_n, _t, _a, lab) in enumerate(docs) if lab}
    g_hits = g_tried = 0
    for i, (_n, title, _a, _lab) in enumerate(docs):
        others = [j for j in group if j != i and group.get(j) == group.get(i)]
        if i not in group or not others:
            continue
        rest = MatchIndex([o for o in offers if o.key != i])
        top = [m.key for m in rest.match(Need(title), 10)]
        g_tried += 1
        g_hits += any(j in others for j in top)
    return {
        "documents": len(docs),
        "own_publication_from_half_title_top10": round(hits / tried, 3),
        "needs_half_title": tried,
        "same_cpc_group_from_title_top10": round(g_hits / g_tried, 3) if g_tried else None,
        "needs_same_group": g_tried,
    }


def landscape_runs(data, needs, folder: Path) -> dict:
    """The needs answered from the landscape index format, restricted to offered documents."""
    t0 = time.perf_counter()
    build_from_counts(
        [str(k) for k in data["keys"]],
        docs=data["docs"],
        terms=data["terms"],
        tf=data["tf"],
        doclen=data["doclen"],
        words=data["words"],
        out=folder,
    )
    out: dict = {"build_s": round(time.perf_counter() - t0, 1)}
    index = TextIndex(folder)
    n = index.n
    names = data["names"]
    sub_ids = {name: i for i, name in enumerate(names)}
    doc_sub = np.asarray([sub_ids[s] for s in data["subclasses"]], dtype=np.int32)
    keys = data["keys"]
    for label, share in (("all_offered", 1), ("one_in_ten_offered", 10)):
        offered = np.zeros(n, dtype=bool)
        offered[::share] = True
        for path in ("any_word_unique", "scores_any_bincount"):
            times, cpu = [], []
            for terms, named, field in needs:
                t0, c0 = time.perf_counter(), time.process_time()
                words = [index.vocab[f"w{t}"] for t in terms if f"w{t}" in index.vocab]
                if path == "any_word_unique":
                    cand, sc = index._any_word(words)
                    keep = offered[cand]
                    cand, sc = cand[keep], sc[keep].astype(np.float64)
                else:
                    text = index.scores_any(words)
                    text[~offered] = 0
                    cand = np.flatnonzero(text > 0)
                    sc = text[cand]
                sections = {s[0] for s in named}
                table = np.array(
                    [
                        IPC_SUBCLASS_BONUS * (nm in named)
                        + IPC_SECTION_BONUS * (nm not in named and nm[0] in sections)
                        + FIELD_BONUS * (nm in field)
                        for nm in names
                    ]
                )
                total = sc + table[doc_sub[cand]]
                top = np.argpartition(-total, 10)[:10] if len(total) > 10 else np.arange(len(total))
                top = top[np.lexsort((keys[cand[top]], -total[top]))]
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            out[f"{label}/{path}"] = {"wall_ms": spread(times), "cpu_ms": spread(cpu)}
    return out


def spread(values: list[float]) -> dict:
    values = sorted(values)
    return {
        "p50": round(values[len(values) // 2], 1),
        "p95": round(values[int(len(values) * 0.95) - 1], 1),
        "max": round(values[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recall-queries", type=int, default=50)
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--landscape", help="a folder to write the landscape-format index into")
    parser.add_argument("--json")
    args = parser.parse_args()
    out: dict = {"machine": platform.machine(), "cpus": os.cpu_count(), "load": os.getloadavg(), "n": args.n}
    t0 = time.perf_counter()
    data = generate(args.n)
    out["generate_s"] = round(time.perf_counter() - t0, 1)
    out["postings"] = len(data["docs"])
    t0 = time.perf_counter()
    index = MatchIndex.from_arrays(
        **{k: data[k] for k in ("keys", "subclasses", "words", "docs", "terms", "tf", "doclen")}
    )
    out["build_s"] = round(time.perf_counter() - t0, 1)
    rng = np.random.default_rng(7)
    needs = []
    for q in range(args.queries):
        terms = sorted(set(rng.choice(VOCAB, size=8, p=data["p"]).tolist()))
        named = {data["names"][int(rng.integers(SUBCLASSES))]} if q % 2 == 0 else set()
        field = {data["names"][int(i)] for i in rng.integers(0, SUBCLASSES, size=3)}
        needs.append((terms, named, field))
    times, cpu = [], []
    split = str.split
    for terms, named, field in needs:
        need = Need(" ".join(f"w{t}" for t in terms), tuple(named), tuple(field))
        t0, c0 = time.perf_counter(), time.process_time()
        index.match(need, 10, tokenize=split)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)

    # Wall time is what a person waits on this shared machine; CPU time (the process's own)
    # is what the query costs, i.e. about its wall time on an idle core.
    out["match_ms"] = spread(times)
    out["match_cpu_ms"] = spread(cpu)
    out["load_after"] = os.getloadavg()
    found = total = 0
    for terms, named, field in needs[: args.recall_queries]:
        need = Need(" ".join(f"w{t}" for t in terms), tuple(named), tuple(field))
        fast = [m.key for m in index.match(need, 10, tokenize=split)]
        slow = exhaustive(data, terms, named, field)
        found += len(set(fast) & set(slow))
        total += len(slow)
    out["recall_at_10"] = round(found / total, 4) if total else None
    out["recall_queries"] = args.recall_queries
    if args.landscape:
        out["landscape"] = landscape_runs(data, needs, Path(args.landscape))
        out["load_after_landscape"] = os.getloadavg()
    if args.quality:
        out["quality"] = quality()
    print(json.dumps(out, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
