# ruff: noqa: S607, S608 - a benchmark: fixed tools on PATH, SQL over its own scratch tables
"""Benchmark: the landscape corpus store at 1M and 10M patents, against PostgreSQL.

Usage: .venv/bin/python bench/landscape_bench.py [--sizes 1000000 10000000] [--pg-sizes 1000000 10000000]
                                                 [--fts-size 1000000] [--keep DIR]

For each size: generate realistic rows to Parquet (IPC main groups from the CNIPA IPC table,
weighted by a power law; titles and abstracts built from those groups' Chinese titles;
50,000 applicants with a power-law share, each in a province of the NBS division table; filing
years 2000–2025 growing 8 % a year; grants, legal status, claims, citations, PCT and family flags),
import the file into a fresh store (timed: rows/s), load the in-memory report table (timed),
run every report section for three slices (median of 5 runs, ms), then copy the same table into
PostgreSQL and run the same section SQL there (the identical statements, with ? → %s and
contains() → strpos()). At --fts-size the full-text index is built and 200 queries made of title
words are timed (p50/p95). `uptime` is printed next to each figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from patentstore import textindex  # noqa: E402
from patentstore.report import SECTIONS, Slice, _where, build_report, select  # noqa: E402
from patentstore.store import PatentStore  # noqa: E402
from refdata import sources  # noqa: E402

DATA = Path(os.environ["REFDATA_SOURCE"]) if os.environ.get("REFDATA_SOURCE") else sources.SHIPPED
REGIONS = ROOT / "refdata" / "regions"
PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/ipcounty_landscape_pg")
BATCH = 1_000_000
SUFFIXES = ["装置", "方法", "系统", "及其制备方法", "组件", "设备"]
PREFIXES = ["一种", "一种新型", "基于改进结构的", ""]
EFFECTS = ["结构简单、成本低", "提高了工作效率", "降低了能耗", "便于维护", "提高了精度和稳定性", "适合批量生产"]
NAME_WORDS = list("华盛泰科创新源达信恒通宏远鑫隆安瑞博智联德丰海天中正明光汇金")
KINDS = ["科技有限公司", "股份有限公司", "大学", "研究院", "电子有限公司", "机械有限公司", "新材料有限公司"]


def load() -> str:
    return (
        subprocess.run(["uptime"], capture_output=True, text=True, check=False)
        .stdout.strip()
        .split("load average: ")[-1]
    )


def _fragment(title: str) -> str:
    text = re.sub(r"（.*?）|\(.*?\)|[A-H]\d\d[A-Z]\S*", "", title)
    part = re.split(r"[；，、。:：\s]", text)[0].strip()
    return part[:14] or "技术"


class Pools:
    """Everything the generator draws from, built once from the reference files."""

    def __init__(self, seed: int = 42) -> None:
        rng = np.random.default_rng(seed)
        groups = [row for row in sources.read_ipc(DATA) if row.level == "main_group"]
        self.codes = pa.array([g.code for g in groups])
        weights = 1 / np.arange(1, len(groups) + 1) ** 1.05
        self.group_p = (weights / weights.sum())[rng.permutation(len(groups))]
        fragments = [_fragment(g.title_zh) for g in groups]
        titles, abstracts = [], []
        for i, fragment in enumerate(fragments):
            for prefix in PREFIXES:
                for suffix in SUFFIXES[:3]:
                    titles.append(f"{prefix}{fragment}{suffix}")
            for k in range(4):
                other = fragments[(i + 1 + k) % len(fragments)]
                effect = EFFECTS[(i + k) % len(EFFECTS)]
                abstracts.append(
                    f"本发明公开了一种{fragment}{SUFFIXES[k]}，包括{other}和控制单元，所述{fragment}与{other}相连，{effect}。"
                )
        self.titles_per_group = len(PREFIXES) * 3
        self.titles = pa.array(titles)
        self.abstracts = pa.array(abstracts)
        provinces = [name for _code, name in _csv_pairs(REGIONS / "provinces.csv")]
        cities = [name for _code, name in _csv_pairs(REGIONS / "cities.csv", 1)]
        pw = 1 / np.arange(1, len(provinces) + 1) ** 0.9
        self.applicant_region = pa.array(np.array(provinces)[rng.choice(len(provinces), 50_000, p=pw / pw.sum())])
        names: list[str] = []
        seen = set()
        while len(names) < 50_000:
            city = cities[rng.integers(len(cities))].removesuffix("市")
            word = "".join(rng.choice(NAME_WORDS, 2))
            name = f"{city}{word}{KINDS[rng.integers(len(KINDS))]}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        self.applicants = pa.array(names)
        aw = 1 / np.arange(1, 50_001) ** 1.1
        self.applicant_p = aw / aw.sum()
        years = np.arange(2000, 2026)
        yw = 1.08 ** (years - 2000)
        self.years, self.year_p = years, yw / yw.sum()


def _csv_pairs(path: Path, name_column: int = 1) -> list[tuple[str, str]]:
    import csv

    with open(path, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    return [(r[0], r[name_column]) for r in rows]


def generate_batch(pools: Pools, start: int, n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    group = rng.choice(len(pools.codes), n, p=pools.group_p)
    second = rng.random(n) < 0.45
    other = rng.choice(len(pools.codes), n, p=pools.group_p)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(1 + second, out=offsets[1:])
    flat = np.empty(offsets[-1], dtype=np.int64)
    flat[offsets[:-1]] = group
    flat[offsets[:-1][second] + 1] = other[second]
    ipc = pa.ListArray.from_arrays(pa.array(offsets), pools.codes.take(pa.array(flat)))
    kind = rng.choice(3, n, p=[0.45, 0.45, 0.10])
    year = rng.choice(pools.years, n, p=pools.year_p)
    filed = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(0, 365, n).astype(
        "timedelta64[D]"
    )
    delay = np.where(kind == 0, rng.integers(500, 1500, n), rng.integers(150, 400, n)).astype("timedelta64[D]")
    granted = (rng.random(n) < np.where(kind == 0, 0.55, 0.95)) & (filed + delay < np.datetime64("2026-06-01"))
    lapsed = granted & (rng.random(n) < 0.25)
    status = np.where(lapsed, "lapsed", np.where(granted, "granted", "pending"))
    applicant = rng.choice(50_000, n, p=pools.applicant_p)
    seq = pa.array(np.arange(start, start + n))
    number = pc.binary_join_element_wise(
        pc.cast(pa.array(year), pa.string()),
        pc.cast(pa.array(kind + 1), pa.string()),
        pc.utf8_lpad(pc.cast(seq, pa.string()), 8, "0"),
        "",
    )
    return pa.table(
        {
            "application_number": number,
            "patent_type": pa.array(np.array(["invention", "utility_model", "design"])[kind]),
            "title": pools.titles.take(
                pa.array(group * pools.titles_per_group + rng.integers(0, pools.titles_per_group, n))
            ),
            "abstract": pools.abstracts.take(pa.array(group * 4 + rng.integers(0, 4, n))),
            "applicants": pools.applicants.take(pa.array(applicant)),
            "region": pools.applicant_region.take(pa.array(applicant)),
            "filing_date": pa.array(filed, pa.date32()),
            "grant_date": pa.array(np.where(granted, filed + delay, np.datetime64("NaT")), pa.date32()),
            "status": pa.array(status),
            "ipc_codes": ipc,
            "claims_count": pa.array(rng.integers(1, 21, n), pa.int32()),
            "citations": pa.array(rng.integers(0, 30, n).astype(np.int32), mask=rng.random(n) >= 0.7),
            "is_pct": pa.array(rng.random(n) < 0.05),
            "has_foreign_family": pa.array(rng.random(n) < 0.08),
        }
    )


def generate(pools: Pools, n: int, path: Path, seed: int = 1) -> float:
    started = time.perf_counter()
    writer = None
    for start in range(0, n, BATCH):
        table = generate_batch(pools, start, min(BATCH, n - start), seed + start)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()
    return time.perf_counter() - started


def median_timings(store: PatentStore, s: Slice, runs: int = 5, index=None) -> dict[str, float]:
    con = store.connection()
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        report = build_report(store, s, index=index, con=con)
        for name, ms in report.timings.items():
            samples.setdefault(name, []).append(ms)
    return {name: statistics.median(values) for name, values in samples.items()}


class PgCon:
    """The DuckDB calls the report sections make, on PostgreSQL: the same SQL text."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor

    def execute(self, sql: str, params=()):
        sql = re.sub(r"contains\(([^,]+), \?\)", r"strpos(\1, ?) > 0", sql).replace("?", "%s")
        self.cursor.execute(sql, params)
        return self

    def fetchall(self):
        return self.cursor.fetchall()

    def fetchone(self):
        return self.cursor.fetchone()


PG_COLUMNS = (
    "doc_id text, publication_number text, application_number text, title text, first_applicant text, "
    "applicants text, region text, patent_type text, status text, filing_year int, grant_year int, "
    "filing_date date, grant_date date, ipc_section text, ipc_subclass text, ipc_all text, wipo_field int, "
    "is_district boolean, district_id int, value_score numeric(4,1), applicants_lower text, applicant_id int, "
    "sample_key numeric(20)"
)


def to_postgres(store: PatentStore, tmp: Path) -> tuple[object, float]:
    import psycopg

    started = time.perf_counter()
    base = PG_URL.rsplit("/", 1)
    # A scratch schema in our own database (DROP DATABASE can wait on other sessions of the shared server).
    with psycopg.connect(base[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [base[1]]).fetchone():
            admin.execute(f"CREATE DATABASE {base[1]}")
    pg = psycopg.connect(PG_URL, autocommit=True)
    pg.execute("DROP SCHEMA IF EXISTS bench CASCADE")
    pg.execute("CREATE SCHEMA bench")
    pg.execute("SET search_path TO bench")
    pg.execute(f"CREATE UNLOGGED TABLE p ({PG_COLUMNS})")
    pg.execute("CREATE TABLE ipc_titles (code text, title_zh text)")
    pg.execute("CREATE TABLE applicant (name text, id int PRIMARY KEY)")
    pg.execute("CREATE TABLE wipo (subclass text, main_group int, field int, sector text, field_name text)")
    con = store.connection()
    names = [c.split()[0] for c in PG_COLUMNS.split(", ")]
    csv_path = tmp / "p.csv"
    con.execute(f"COPY (SELECT {', '.join(names)} FROM p) TO '{csv_path}' (FORMAT csv, HEADER false)")
    with pg.cursor() as cur, cur.copy("COPY p FROM STDIN (FORMAT csv)") as copy, open(csv_path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            copy.write(chunk)
    for table in ("ipc_titles", "wipo", "applicant"):
        rows = con.execute(f"SELECT * FROM {table}").fetchall()
        if rows:
            with pg.cursor() as cur:
                cur.executemany(f"INSERT INTO {table} VALUES ({', '.join(['%s'] * len(rows[0]))})", rows)
    for column in ("filing_year", "ipc_subclass", "applicant_id", "region", "value_score"):
        pg.execute(f"CREATE INDEX ON p ({column})")
    pg.execute("VACUUM ANALYZE p")
    csv_path.unlink()
    return pg, time.perf_counter() - started


def pg_timings(pg, s: Slice, runs: int = 3) -> dict[str, float]:
    con = PgCon(pg.cursor())
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        t = time.perf_counter()
        table, where, params = select(con, *_where(con, None, s))  # type: ignore[arg-type]  # PgCon stands in for DuckDB's connection (execute, fetchall); no store
        total = (time.perf_counter() - t) * 1000
        for name, section in SECTIONS.items():
            t = time.perf_counter()
            section(con, table, where, params)
            ms = (time.perf_counter() - t) * 1000
            total += ms
            samples.setdefault(name, []).append(ms)
        samples.setdefault("total", []).append(total)
    return {name: statistics.median(values) for name, values in samples.items()}


def fts_bench(store: PatentStore, queries: int = 200, memoise: bool = False) -> dict[str, float]:
    """Build the index over titles and abstracts, then time queries. With ``memoise`` the
    segmentation of a text seen before is reused (the generated corpus repeats its texts): the
    index is the same, only its build time is no longer that of real data."""
    import functools

    import duckdb

    from patentstore.text import index_tokens as tokens_of

    files = [str(p) for p in store.part_paths()]
    started = time.perf_counter()
    docs = (
        duckdb.connect()
        .execute(f"SELECT doc_id, concat_ws(' ', title, abstract) FROM read_parquet({files})")
        .fetchall()
    )
    tokenize = functools.lru_cache(maxsize=None)(tokens_of) if memoise else None
    meta = textindex.build(docs, store.fts_dir, processes=2, tokenize=tokenize)
    build_seconds = time.perf_counter() - started
    index = textindex.TextIndex(store.fts_dir)
    rng = np.random.default_rng(5)
    from patentstore.text import index_tokens

    words = []
    for i in rng.integers(0, len(docs), queries):
        tokens = [t for t in index_tokens(docs[i][1][:40]) if len(t) >= 2] or ["装置"]
        words.append(" ".join(rng.choice(tokens, min(len(tokens), int(rng.integers(1, 3))), replace=False)))
    index.search(words[0])  # warm the memory map
    times, found = [], []
    for query in words:
        t = time.perf_counter()
        _hits, total = index.search(query, limit=20)
        times.append((time.perf_counter() - t) * 1000)
        found.append(total)
    del docs
    return {
        "build_s": build_seconds,
        "segment_s": meta["segment_seconds"],
        "words": meta["words"],
        "p50_ms": float(np.percentile(times, 50)),
        "p95_ms": float(np.percentile(times, 95)),
        "median_hits": float(np.median(found)),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--pg-sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--fts-size", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the generated Parquet files here.")
    parser.add_argument(
        "--fts-memoise", action="store_true", help="Reuse the segmentation of repeated texts (query timing only)."
    )
    args = parser.parse_args()
    pools = Pools()
    titles = [(c, t) for c, _lvl, t, _p in sources.read_ipc(DATA) if _lvl in ("section", "class", "subclass")]
    wipo = [
        (r.subclass, r.main_group, r.field_number, r.sector_en, r.field_en) for r in sources.read_tech_patterns(DATA)
    ]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load {load()}", flush=True)
    for n in args.sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"landscape-bench-{n}-", dir=args.keep))
        source = tmp / f"corpus-{n}.parquet"
        seconds = generate(pools, n, source)
        print(
            f"\n## {n:,} patents\ngenerate: {seconds:.1f} s ({source.stat().st_size / 1e6:.0f} MB Parquet); "
            f"load {load()}",
            flush=True,
        )
        store = PatentStore(tmp / "store")
        store.write_refs(titles, wipo)
        result = store.import_file(source)
        assert result.ok, (result.file_errors, result.row_errors[:5])
        print(f"import: {result.seconds:.2f} s = {n / result.seconds:,.0f} rows/s; load {load()}", flush=True)
        started = time.perf_counter()
        store.connection()
        print(f"load into memory: {time.perf_counter() - started:.2f} s; load {load()}", flush=True)
        top = (
            store.connection()
            .execute("SELECT first_applicant FROM p GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
            .fetchone()[0]  # type: ignore[index]  # an aggregate query answers one row
        )
        slices = {
            "whole corpus": Slice(),
            "IPC H01M + G06F, 2015–2024": Slice(ipc=("H01M", "G06F"), year_from=2015, year_to=2024),
            "top applicant": Slice(applicants=(top,)),
        }
        for name, s in slices.items():
            t = median_timings(store, s)
            sections = ", ".join(f"{k} {v:.0f}" for k, v in t.items() if k not in ("total", "slice"))
            print(f"report [{name}] total {t['total']:.0f} ms (median of 5) — {sections}; load {load()}", flush=True)
        if n in args.pg_sizes:
            pg, pg_seconds = to_postgres(store, tmp)
            print(f"PostgreSQL copy + indexes: {pg_seconds:.1f} s; load {load()}", flush=True)
            for name, s in slices.items():
                duck = median_timings(store, s, runs=3)
                t = pg_timings(pg, s)
                duck_sections = sum(v for k, v in duck.items() if k in SECTIONS or k == "slice")
                print(
                    f"same sections [{name}]: DuckDB {duck_sections:.0f} ms, PostgreSQL {t['total']:.0f} ms, "
                    f"ratio {t['total'] / duck_sections:.1f}x — PG "
                    + ", ".join(f"{k} {v:.0f}" for k, v in t.items() if k != "total")
                    + f"; load {load()}",
                    flush=True,
                )
            pg.close()  # type: ignore[attr-defined]  # a psycopg connection (to_postgres)
        if n == args.fts_size:
            f = fts_bench(store, memoise=args.fts_memoise)
            print(
                f"full text: index {f['build_s']:.0f} s (segmentation {f['segment_s']:.0f} s, {f['words']:,} words); "
                f"200 queries p50 {f['p50_ms']:.2f} ms, p95 {f['p95_ms']:.2f} ms "
                f"(median {f['median_hits']:,.0f} hits); "
                f"load {load()}",
                flush=True,
            )
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
        del store
    return 0


if __name__ == "__main__":
    sys.exit(main())
