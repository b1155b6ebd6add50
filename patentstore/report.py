# ruff: noqa: S608 - SQL is assembled from column names and quoted file paths; values are bound parameters
"""The landscape report over a slice of the corpus: each section is one SQL query on the
in-memory table ``p`` (see PatentStore.connection), timed so the benchmark can show each.

Definitions (docs/landscape.md says the same for people):
- a patent's year is its filing year; grants are counted by grant year;
- applicants are ranked by the first-named applicant (the one a data file lists first);
- IPC composition uses the main (first) IPC code; the WIPO field is the field of the main code
  (by main group where the concordance names one, else by subclass);
- a new entrant is an applicant whose first filing in the slice is in its last two years;
- key patents are the ones with the highest value score (ties: newest filing first);
- shares are of the patents in the slice, rounded to 0.1 %.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from patentstore.clusters import cluster
from patentstore.store import PatentStore, count

if TYPE_CHECKING:
    from patentstore.textindex import TextIndex

TOP = 15


@dataclass(frozen=True)
class Slice:
    ipc: tuple[str, ...] = ()  # IPC prefixes (any of the patent's codes): "G06F", "H01M10"
    keywords: str = ""  # words that must all be in the title, abstract or claims
    applicants: tuple[str, ...] = ()  # parts of applicant names
    regions: tuple[str, ...] = ()  # exact regions
    year_from: int | None = None
    year_to: int | None = None
    district_only: bool = False

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ((), "", None, False)}


@dataclass
class Report:
    slice: Slice
    sections: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds


def _where(
    con: duckdb.DuckDBPyConnection, store: PatentStore, s: Slice, index: TextIndex | None = None
) -> tuple[str, list[Any]]:
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if s.ipc:
        clauses.append("(" + " OR ".join("contains(ipc_all, ?)" for _ in s.ipc) + ")")
        params += [" " + "".join(code.split()).upper() for code in s.ipc]
    if s.applicants:
        clauses.append("(" + " OR ".join("contains(applicants_lower, ?)" for _ in s.applicants) + ")")
        params += [a.strip().lower() for a in s.applicants]
    if s.regions:
        clauses.append("region IN (" + ", ".join("?" for _ in s.regions) + ")")
        params += list(s.regions)
    if s.year_from is not None:
        clauses.append("filing_year >= ?")
        params.append(s.year_from)
    if s.year_to is not None:
        clauses.append("filing_year <= ?")
        params.append(s.year_to)
    if s.district_only:
        clauses.append("is_district")
    if s.keywords.strip():
        ids = index.matching(s.keywords) if index is not None else None
        con.execute("CREATE OR REPLACE TEMP TABLE kw (doc_id VARCHAR)")
        if ids is None:  # no index yet: titles only, as plain substring
            clauses.append("contains(lower(title), ?)")
            params.append(s.keywords.strip().lower())
        else:
            if ids:
                con.execute("INSERT INTO kw SELECT unnest(?)", [ids])
            clauses.append("doc_id IN (SELECT doc_id FROM kw)")
    return " AND ".join(clauses), params


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return con.execute(sql, params).fetchall()


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def summary(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> dict[str, Any]:
    total, inventions, granted, applicants, district, first, last = _rows(
        con,
        f"""SELECT count(*), count(*) FILTER (WHERE patent_type = 'invention'), count(grant_date),
                   count(DISTINCT applicant_id), count(*) FILTER (WHERE is_district),
                   min(filing_year), max(filing_year)
            FROM {t} WHERE {where}""",
        params,
    )[0]
    return {
        "total": total,
        "inventions": inventions,
        "granted": granted,
        "applicants": applicants,
        "district": district,
        "invention_share": _pct(inventions, total),
        "first_year": first,
        "last_year": last,
    }


def trend(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    filed = _rows(
        con,
        f"""SELECT filing_year, count(*), count(*) FILTER (WHERE patent_type = 'invention') FROM {t}
            WHERE {where} AND filing_year IS NOT NULL GROUP BY 1""",
        params,
    )
    granted = dict(
        _rows(con, f"SELECT grant_year, count(*) FROM {t} WHERE {where} AND grant_year IS NOT NULL GROUP BY 1", params)
    )
    by_year = {year: (n, inv) for year, n, inv in filed}
    years = sorted(set(by_year) | set(granted))
    return [
        {
            "year": y,
            "filings": by_year.get(y, (0, 0))[0],
            "grants": granted.get(y, 0),
            "inventions": by_year.get(y, (0, 0))[1],
            "invention_share": _pct(by_year.get(y, (0, 0))[1], by_year.get(y, (0, 0))[0]),
        }
        for y in years
    ]


def applicants(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    total = _rows(con, f"SELECT count(*) FROM {t} WHERE {where}", params)[0][0]
    rows = _rows(
        con,
        f"""SELECT a.name, g.n, g.inv FROM
              (SELECT applicant_id, count(*) AS n, count(*) FILTER (WHERE patent_type = 'invention') AS inv
               FROM {t} WHERE {where} AND applicant_id IS NOT NULL GROUP BY 1) g
            JOIN applicant a ON a.id = g.applicant_id
            ORDER BY g.n DESC, a.name LIMIT {TOP}""",
        params,
    )
    return [{"name": a, "count": n, "inventions": inv, "share": _pct(n, total)} for a, n, inv in rows]


def ipc_sections(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    rows = _rows(
        con,
        f"""SELECT s.code, t.title_zh, s.n FROM
              (SELECT CAST(ipc_section AS VARCHAR) AS code, count(*) AS n FROM {t}
               WHERE {where} AND ipc_section IS NOT NULL GROUP BY ipc_section) s
            LEFT JOIN ipc_titles t ON t.code = s.code ORDER BY s.code""",
        params,
    )
    return [{"code": c, "title": t or "", "count": n} for c, t, n in rows]


def ipc_subclasses(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    rows = _rows(
        con,
        f"""SELECT s.code, t.title_zh, s.n FROM
              (SELECT CAST(ipc_subclass AS VARCHAR) AS code, count(*) AS n FROM {t}
               WHERE {where} AND ipc_subclass IS NOT NULL GROUP BY ipc_subclass ORDER BY n DESC, code LIMIT 20) s
            LEFT JOIN ipc_titles t ON t.code = s.code ORDER BY s.n DESC, s.code""",
        params,
    )
    return [{"code": c, "section": c[:1], "title": t or "", "count": n} for c, t, n in rows]


def wipo_fields(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    rows = _rows(
        con,
        f"""SELECT f.wipo_field, w.sector, w.field_name, f.n FROM
              (SELECT wipo_field, count(*) AS n FROM {t} WHERE {where} AND wipo_field IS NOT NULL GROUP BY 1) f
            LEFT JOIN (SELECT DISTINCT field, sector, field_name FROM wipo) w ON w.field = f.wipo_field
            ORDER BY f.n DESC, f.wipo_field""",
        params,
    )
    return [{"field": f, "sector": s or "", "name": n_ or "", "count": n} for f, s, n_, n in rows]


def regions(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    total = _rows(con, f"SELECT count(*) FROM {t} WHERE {where}", params)[0][0]
    rows = _rows(
        con,
        f"""SELECT CAST(region AS VARCHAR) AS r, count(*) AS n FROM {t} WHERE {where} AND region <> ''
            GROUP BY region ORDER BY n DESC, r LIMIT 20""",
        params,
    )
    return [{"region": r, "count": n, "share": _pct(n, total)} for r, n in rows]


def key_patents(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    rows = _rows(
        con,
        f"""SELECT doc_id, COALESCE(publication_number, application_number), title, first_applicant, patent_type,
                   status, filing_year, value_score, is_district, district_id
            FROM {t} WHERE {where}
            ORDER BY value_score DESC NULLS LAST, filing_date DESC NULLS LAST, doc_id LIMIT 20""",
        params,
    )
    keys = ("doc_id", "number", "title", "applicant", "patent_type", "status", "year", "value_score", "is_district",
            "district_id")  # fmt: skip
    return [dict(zip(keys, row, strict=True)) for row in rows]


def new_entrants(con: duckdb.DuckDBPyConnection, t: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    rows = _rows(
        con,
        f"""WITH g AS (SELECT applicant_id, min(filing_year) AS first_year, count(*) AS n FROM {t}
                       WHERE {where} AND filing_year IS NOT NULL AND applicant_id IS NOT NULL GROUP BY 1)
            SELECT a.name, g.first_year, g.n FROM g JOIN applicant a ON a.id = g.applicant_id
            WHERE g.first_year >= (SELECT max(filing_year) FROM {t} WHERE {where}) - 1
            ORDER BY g.n DESC, a.name LIMIT {TOP}""",
        params + params,
    )
    return [{"name": a, "first_year": y, "count": n} for a, y, n in rows]


def clusters(
    con: duckdb.DuckDBPyConnection,
    t: str,
    where: str,
    params: list[Any],
    store: PatentStore,
    sample: int = 400,
    k: int = 6,
    abstracts: bool = True,
) -> list[dict[str, Any]]:
    """Clusters of a fixed pseudo-random sample of the slice (by a hash of the doc_id, so the
    same slice gives the same sample), over titles and the start of abstracts (titles only when
    ``abstracts`` is False: reading abstracts means a scan of the Parquet files)."""
    rows = _rows(con, f"SELECT doc_id, title FROM {t} WHERE {where} ORDER BY sample_key, doc_id LIMIT {sample}", params)
    texts = store.texts([d for d, _ in rows]) if abstracts else {}
    documents = [(d, f"{title} {texts.get(d, ('', ''))[1][:120]}") for d, title in rows]
    return [{"words": list(c.words), "size": c.size, "doc_ids": list(c.doc_ids)} for c in cluster(documents, k=k)]


# Above this many patents in the corpus the clusters use titles only (see clusters()).
CLUSTER_ABSTRACTS_UP_TO = 100_000


# The columns the sections read (the slice's copy holds only these).
SECTION_COLUMNS = (
    "doc_id, publication_number, application_number, title, first_applicant, patent_type, status, filing_year, "
    "grant_year, filing_date, grant_date, value_score, is_district, district_id, ipc_section, ipc_subclass, "
    "wipo_field, region, applicant_id, sample_key"
)


def select(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> tuple[str, str, list[Any]]:
    """The table the sections read: ``p`` itself for the whole corpus, else the slice copied
    once into a temporary table (so a costly filter is evaluated once, not once per section)."""
    if where == "TRUE":
        return "p", where, params
    con.execute("DROP TABLE IF EXISTS sel")
    con.execute(f"CREATE TEMP TABLE sel AS SELECT {SECTION_COLUMNS} FROM p WHERE {where}", params)
    return "sel", "TRUE", []


SECTIONS: dict[str, Callable[..., Any]] = {
    "summary": summary,
    "trend": trend,
    "applicants": applicants,
    "ipc_sections": ipc_sections,
    "ipc_subclasses": ipc_subclasses,
    "wipo_fields": wipo_fields,
    "regions": regions,
    "key_patents": key_patents,
    "new_entrants": new_entrants,
}


def build_report(
    store: PatentStore,
    s: Slice,
    *,
    index: TextIndex | None = None,
    with_clusters: bool = True,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Report:
    """Every section of the report for the slice, with the time each took."""
    con = con or store.connection()
    report = Report(slice=s)
    started = time.perf_counter()
    table, where, params = select(con, *_where(con, store, s, index))
    report.timings["slice"] = (time.perf_counter() - started) * 1000
    for name, section in SECTIONS.items():
        t = time.perf_counter()
        report.sections[name] = section(con, table, where, params)
        report.timings[name] = (time.perf_counter() - t) * 1000
    if with_clusters:
        t = time.perf_counter()
        small = count(con, "SELECT count(*) FROM p") <= CLUSTER_ABSTRACTS_UP_TO
        report.sections["clusters"] = clusters(con, table, where, params, store, abstracts=small)
        report.timings["clusters"] = (time.perf_counter() - t) * 1000
    report.timings["total"] = (time.perf_counter() - started) * 1000
    return report


def region_choices(store: PatentStore, limit: int = 60) -> list[str]:
    con = store.connection()
    return [
        r
        for (r,) in con.execute(
            f"SELECT CAST(region AS VARCHAR) AS r FROM p WHERE region <> '' GROUP BY region "
            f"ORDER BY count(*) DESC, r LIMIT {int(limit)}"
        ).fetchall()
    ]
