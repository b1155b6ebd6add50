"""Every figure of the report equals an independent computation: the same rows loaded into
SQLite (not DuckDB) and counted with plain SQL; value scores from financing's score_patent."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import unittest
from pathlib import Path
from typing import Any

from patentstore.report import Slice, build_report
from patentstore.store import PatentStore
from patentstore.tests.corpus import IPC_TITLES, WIPO, make_rows, write_csv
from patentstore.valuescore import PatentFacts, score_patent

TODAY = dt.date(2026, 6, 1)
TERMS = {"invention": 20, "utility_model": 10, "design": 15}


def _expiry(row: dict[str, Any]) -> dt.date:
    years = TERMS[row["patent_type"]]
    if row["patent_type"] == "design" and row["filing_date"] < dt.date(2021, 6, 1):
        years = 10
    day = row["filing_date"]
    try:
        end: dt.date = day.replace(year=day.year + years)
    except ValueError:
        end = day.replace(year=day.year + years, day=28)
    return end - dt.timedelta(days=1)


class ReportAgainstSqliteTests(unittest.TestCase):
    tmp: Path
    rows: list[dict[str, Any]]
    store: PatentStore
    db: sqlite3.Connection

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = Path(tempfile.mkdtemp(prefix="patentstore-report-"))
        cls.rows = make_rows()
        cls.store = PatentStore(cls.tmp / "store")
        cls.store.write_refs(IPC_TITLES, WIPO)
        district, outside = cls.rows[:40], cls.rows[40:]
        for i, row in enumerate(district):
            row["district_id"] = i + 1
        result = cls.store.import_rows(district, source="district", district=True)
        assert result.ok, result.row_errors
        result = cls.store.import_file(write_csv(outside, cls.tmp / "outside.csv"))
        assert result.ok, (result.file_errors, result.row_errors)
        cls.db = sqlite3.connect(":memory:")
        cls.db.execute(
            "CREATE TABLE p (doc_id, first_applicant, applicants, region, patent_type, status, filing_year, grant_year,"
            " main_ipc, subclass, section, main_group INT, codes, is_district INT, score REAL, filing_date)"
        )
        for i, row in enumerate(cls.rows):
            codes = row["ipc_codes"]
            facts = PatentFacts(
                status=row["status"],
                expiry_date=_expiry(row),
                grant_date=row["grant_date"],
                claims_count=row["claims_count"],
                ipc_codes=tuple(codes),
                is_pct=row["is_pct"],
                has_foreign_family=row["has_foreign_family"],
                citations=row["citations"],
            )
            cls.db.execute(
                "INSERT INTO p VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    "CN:" + row["application_number"],
                    row["applicants"].split(";")[0].strip(),
                    row["applicants"],
                    row["region"],
                    row["patent_type"],
                    row["status"],
                    row["filing_date"].year,
                    row["grant_date"].year if row["grant_date"] else None,
                    codes[0],
                    codes[0][:4],
                    codes[0][:1],
                    int(codes[0][4:].split("/")[0]),
                    " " + " ".join(codes),
                    int(i < 40),
                    float(score_patent(facts, TODAY).score),
                    row["filing_date"].isoformat(),
                ),
            )
        cls.db.execute("CREATE TABLE wipo (subclass, main_group, field, sector, name)")
        cls.db.executemany("INSERT INTO wipo VALUES (?,?,?,?,?)", WIPO)
        cls.db.execute("CREATE TABLE titles (code, title)")
        cls.db.executemany("INSERT INTO titles VALUES (?,?)", IPC_TITLES)

    def check(self, s: Slice, where: str, params: tuple[Any, ...] = ()) -> None:
        report = build_report(self.store, s, with_clusters=False, con=self.store.connection(TODAY)).sections

        def q(sql: str, extra: tuple[Any, ...] = ()) -> list[Any]:
            return self.db.execute(sql.replace("WHERE_", where), params + extra).fetchall()

        total = q("SELECT count(*) FROM p WHERE WHERE_")[0][0]
        summary = report["summary"]
        self.assertEqual(summary["total"], total)
        self.assertEqual(
            summary["inventions"], q("SELECT count(*) FROM p WHERE WHERE_ AND patent_type='invention'")[0][0]
        )
        self.assertEqual(summary["granted"], q("SELECT count(*) FROM p WHERE WHERE_ AND grant_year IS NOT NULL")[0][0])
        self.assertEqual(summary["applicants"], q("SELECT count(DISTINCT first_applicant) FROM p WHERE WHERE_")[0][0])
        self.assertEqual(summary["district"], q("SELECT count(*) FROM p WHERE WHERE_ AND is_district")[0][0])
        self.assertGreater(total, 0)
        # trend
        filings = dict(q("SELECT filing_year, count(*) FROM p WHERE WHERE_ GROUP BY 1"))
        grants = dict(q("SELECT grant_year, count(*) FROM p WHERE WHERE_ AND grant_year IS NOT NULL GROUP BY 1"))
        inventions = dict(q("SELECT filing_year, count(*) FROM p WHERE WHERE_ AND patent_type='invention' GROUP BY 1"))
        self.assertEqual({r["year"]: r["filings"] for r in report["trend"] if r["filings"]}, filings)
        self.assertEqual({r["year"]: r["grants"] for r in report["trend"] if r["grants"]}, grants)
        self.assertEqual({r["year"]: r["inventions"] for r in report["trend"] if r["inventions"]}, inventions)
        # applicants (top 15, ties by name)
        expected = q(
            "SELECT first_applicant, count(*) n FROM p WHERE WHERE_ GROUP BY 1 "
            "ORDER BY n DESC, first_applicant LIMIT 15"
        )
        self.assertEqual([(r["name"], r["count"]) for r in report["applicants"]], expected)
        for r in report["applicants"]:
            self.assertEqual(r["share"], round(100.0 * r["count"] / total, 1))
        # IPC composition with titles
        sections = q("SELECT section, count(*) FROM p WHERE WHERE_ GROUP BY 1 ORDER BY 1")
        self.assertEqual([(r["code"], r["count"]) for r in report["ipc_sections"]], sections)
        titles = dict(IPC_TITLES)
        self.assertEqual([r["title"] for r in report["ipc_sections"]], [titles.get(c, "") for c, _ in sections])
        subclasses = q("SELECT subclass, count(*) n FROM p WHERE WHERE_ GROUP BY 1 ORDER BY n DESC, subclass LIMIT 20")
        self.assertEqual([(r["code"], r["count"]) for r in report["ipc_subclasses"]], subclasses)
        # WIPO fields: main group line first, else the subclass line
        fields = q(
            """SELECT f, count(*) n FROM (SELECT COALESCE(
                   (SELECT field FROM wipo w WHERE w.subclass = p.subclass AND w.main_group = p.main_group),
                   (SELECT field FROM wipo w WHERE w.subclass = p.subclass AND w.main_group IS NULL)) f
               FROM p WHERE WHERE_) WHERE f IS NOT NULL GROUP BY f ORDER BY n DESC, f"""
        )
        self.assertEqual([(r["field"], r["count"]) for r in report["wipo_fields"]], fields)
        # regions
        regions = q("SELECT region, count(*) n FROM p WHERE WHERE_ AND region <> '' GROUP BY 1 ORDER BY n DESC, region")
        self.assertEqual([(r["region"], r["count"]) for r in report["regions"]], regions[:20])
        # key patents by the value score of patentstore.valuescore
        key = q("SELECT doc_id, score FROM p WHERE WHERE_ ORDER BY score DESC, filing_date DESC, doc_id LIMIT 20")
        self.assertEqual([(r["doc_id"], float(r["value_score"])) for r in report["key_patents"]], key)
        # new entrants
        entrants = q(
            """SELECT first_applicant, min(filing_year) y, count(*) n FROM p WHERE WHERE_ GROUP BY 1
               HAVING y >= (SELECT max(filing_year) FROM p WHERE WHERE_) - 1
               ORDER BY n DESC, first_applicant LIMIT 15""",
            params,
        )
        self.assertEqual([(r["name"], r["first_year"], r["count"]) for r in report["new_entrants"]], entrants)

    def test_whole_corpus(self) -> None:
        self.check(Slice(), "1")

    def test_ipc_and_years(self) -> None:
        self.check(
            Slice(ipc=("H01M",), year_from=2015, year_to=2020),
            "codes LIKE '% H01M%' AND filing_year BETWEEN 2015 AND 2020",
        )

    def test_applicant_region_and_district(self) -> None:
        self.check(Slice(applicants=("公司",)), "applicants LIKE '%公司%'")
        self.check(Slice(regions=("山东省",)), "region = '山东省'")
        self.check(Slice(district_only=True), "is_district = 1")

    def test_keywords_without_index_search_titles(self) -> None:
        ids = [f"CN:{r['application_number']}" for r in self.rows if "电池" in r["title"]]
        self.check(Slice(keywords="电池"), "doc_id IN (" + ",".join("?" for _ in ids) + ")", tuple(ids))
