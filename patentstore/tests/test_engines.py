"""The value score in SQL against financing's score_patent; the full-text index against a
brute-force BM25; the clusters on two clear topics."""

from __future__ import annotations

import datetime as dt
import math
import random
import tempfile
import unittest
from collections import Counter
from pathlib import Path
from unittest import mock

import duckdb

from patentstore import textindex
from patentstore.clusters import cluster
from patentstore.text import index_tokens
from patentstore.valuescore import PatentFacts, score_patent
from patentstore.valuesql import score_sql


class ValueScoreSqlTests(unittest.TestCase):
    def test_sql_equals_score_patent_on_random_facts(self) -> None:
        rng = random.Random(3)
        as_of = dt.date(2026, 6, 1)
        facts = []
        for _ in range(3000):
            expiry = as_of + dt.timedelta(days=rng.randrange(-400, 6000)) if rng.random() < 0.9 else None
            grant = as_of - dt.timedelta(days=rng.randrange(-100, 4000)) if rng.random() < 0.7 else None
            codes = tuple(
                rng.sample(["G06F16/35", "G06F17/30", "H01M4/04", "A61K31/00", "B65D1/00"], rng.randrange(0, 5))
            )
            facts.append(
                PatentFacts(
                    status=rng.choice(["pending", "granted", "lapsed", "expired", "withdrawn"]),
                    expiry_date=expiry,
                    grant_date=grant,
                    claims_count=rng.choice([None, 0, 1, 5, 9, 10, 11, 40]),
                    ipc_codes=codes,
                    is_pct=rng.random() < 0.3,
                    has_foreign_family=rng.random() < 0.3,
                    citations=rng.choice([None, 0, 3, 10, 25]),
                )
            )
        con = duckdb.connect()
        con.execute(
            "CREATE TABLE f (i INT, status VARCHAR, expiry DATE, grant_date DATE, claims INT, codes VARCHAR[], "
            "pct BOOLEAN, fam BOOLEAN, cit INT)"
        )
        con.executemany(
            "INSERT INTO f VALUES (?,?,?,?,?,?,?,?,?)",
            [
                [i, f.status, f.expiry_date, f.grant_date, f.claims_count, list(f.ipc_codes), f.is_pct, *_rest(f)]
                for i, f in enumerate(facts)
            ],
        )
        sql = score_sql(
            as_of,
            status="status",
            expiry="expiry",
            grant="grant_date",
            claims="claims",
            subclasses="len(list_distinct(list_transform(codes, lambda x: left(x, 4))))",
            pct="pct",
            family="fam",
            citations="cit",
        )
        got = dict(con.execute(f"SELECT i, {sql} FROM f").fetchall())  # noqa: S608
        for i, f in enumerate(facts):
            self.assertEqual(got[i], score_patent(f, as_of).score, f)


def _rest(f: PatentFacts) -> list[object]:
    return [f.has_foreign_family, f.citations]


DOCS = [
    ("d1", "一种锂电池极片涂布装置，涂布均匀"),
    ("d2", "锂电池电解液及其制备方法"),
    ("d3", "图像检索方法，基于神经网络的图像特征"),
    ("d4", "一种包装盒"),
    ("d5", "Wireless sensor patches for physiological monitoring"),
    ("d6", "电池管理系统与电池均衡电路，电池电池"),
]


class TextIndexTests(unittest.TestCase):
    path: Path
    index: textindex.TextIndex

    @classmethod
    def setUpClass(cls) -> None:
        cls.path = Path(tempfile.mkdtemp()) / "fts"
        textindex.build(DOCS, cls.path, processes=1)
        cls.index = textindex.TextIndex(cls.path)

    def brute_force(self, query: str) -> list[tuple[str, float]]:
        tokens = {d: Counter(index_tokens(t)) for d, t in DOCS}
        n = len(DOCS)
        avgdl = sum(sum(c.values()) for c in tokens.values()) / n
        words = list(dict.fromkeys(index_tokens(query)))
        scores = {}
        for doc, counts in tokens.items():
            if not all(w in counts for w in words):
                continue
            dl = sum(counts.values())
            total = 0.0
            for w in words:
                df = sum(1 for c in tokens.values() if w in c)
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                tf = counts[w]
                total += idf * tf * 2.2 / (tf + 1.2 * (1 - 0.75 + 0.75 * dl / avgdl))
            scores[doc] = total
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))

    def test_ranking_equals_brute_force_bm25(self) -> None:
        for query in ("电池", "锂电池", "图像 神经网络", "wireless sensor", "涂布"):
            hits, total = self.index.search(query)
            expected = self.brute_force(query)
            self.assertEqual([h.doc_id for h in hits], [d for d, _ in expected], query)
            self.assertEqual(total, len(expected))
            for hit, (_doc, score) in zip(hits, expected, strict=True):
                self.assertAlmostEqual(hit.score, score, places=4)

    def test_dense_rows_for_frequent_words_give_the_same_ranking(self) -> None:
        with mock.patch.object(textindex, "DENSE_MIN_DOCS", 1), mock.patch.object(textindex, "DENSE_MIN_SHARE", 0.3):
            path = Path(tempfile.mkdtemp()) / "fts"
            textindex.build(DOCS, path, processes=1)
        index = textindex.TextIndex(path)
        self.assertIn(index.vocab["电池"], index.dense_row)
        for query in ("电池", "锂电池", "电池 涂布", "图像 神经网络"):
            hits, total = index.search(query)
            expected = self.brute_force(query)
            self.assertEqual([h.doc_id for h in hits], [d for d, _ in expected], query)
            self.assertEqual(total, len(expected))
            for hit, (_doc, score) in zip(hits, expected, strict=True):
                self.assertAlmostEqual(hit.score, score, places=4)
        self.assertEqual(sorted(index.matching("电池")), ["d1", "d2", "d6"])

    def test_all_words_must_match(self) -> None:
        self.assertEqual(self.index.search("电池 图像")[1], 0)
        self.assertEqual(self.index.search("不存在的词")[1], 0)
        self.assertEqual(sorted(self.index.matching("电池")), ["d1", "d2", "d6"])

    def test_or_ranking(self) -> None:
        hits, _total = self.index.search("包装 图像", require_all=False)
        self.assertEqual({h.doc_id for h in hits}, {"d3", "d4"})


class ClusterTests(unittest.TestCase):
    def test_two_topics_fall_apart(self) -> None:
        rng = random.Random(1)
        battery = ["锂电池", "正极", "电解液", "隔膜", "负极材料"]
        image = ["图像", "卷积", "神经网络", "特征提取", "目标检测"]
        docs = []
        for i in range(30):
            words = battery if i % 2 else image
            docs.append((f"d{i}", "，".join(rng.sample(words, 3))))
        clusters = cluster(docs, k=2)
        self.assertEqual(sorted(c.size for c in clusters), [15, 15])
        for c in clusters:
            topic = "".join(battery) if any(w in "".join(battery) for w in c.words) else "".join(image)
            self.assertTrue(all(w in topic for w in c.words), c.words)  # jieba may split 目标检测
            self.assertEqual(len({int(d[1:]) % 2 for d in c.doc_ids}), 1)
