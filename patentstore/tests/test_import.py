"""Imports: the real US and CN samples with their fields intact, and bad files that import
nothing and name the wrong rows."""

from __future__ import annotations

import csv
import json
import re
import tempfile
import unittest
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from patentstore import schema
from patentstore.store import PatentStore
from patentstore.tests.corpus import DATA, make_rows, write_csv

US = DATA / "uspto_patentpublicdata_samples"
CN = DATA / "cn_patents_liaoleyuan"
US_FILES = sorted(p for p in US.rglob("*.xml") if not p.parent.name.startswith("cpc"))


def stored(store: PatentStore) -> list[dict[str, Any]]:
    files = [str(p) for p in store.part_paths()]
    cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet({files}) ORDER BY doc_id")  # noqa: S608
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class SampleImportTests(unittest.TestCase):
    def setUp(self) -> None:
        self.store = PatentStore(Path(tempfile.mkdtemp(prefix="patentstore-import-")))

    def test_the_14_us_samples(self) -> None:
        self.assertEqual(len(US_FILES), 14)
        folder = Path(tempfile.mkdtemp())
        for path in US_FILES:
            (folder / path.name).write_bytes(path.read_bytes())
        result = self.store.import_file(folder)
        self.assertTrue(result.ok, result.row_errors)
        self.assertEqual(result.rows, 14)
        rows = {r["publication_number"]: r for r in stored(self.store)}
        self.assertEqual(len(rows), 14)
        for path in US_FILES:
            raw = path.read_text(encoding="utf-8", errors="replace")
            # Read independently of the parser: the title, filing date and claims straight from the text.
            number = re.sub(r"[A-Z]\d?$", "", path.stem.removeprefix("US"))
            row = next(r for k, r in rows.items() if number.lstrip("D0") in k)
            title = re.search(r"<(?:invention-title[^>]*|title-of-invention|B540><STEXT><PDAT)>(.*?)</", raw, re.S)
            assert title is not None, path.name
            self.assertEqual(row["title"], re.sub(r"\s+", " ", title[1]).strip(), path.name)
            self.assertEqual(row["country"], "US")
            self.assertTrue(row["application_number"], path.name)
            self.assertIn(row["application_number"], raw)
            self.assertIn(row["filing_date"].strftime("%Y%m%d"), raw)
            self.assertGreater(row["claims_count"] or 0, 0, path.name)
            if "abstract" in raw.lower() or "SDOAB" in raw:
                self.assertTrue(row["abstract"], path.name)
            self.assertTrue(row["claims"], path.name)
        self.assertEqual(rows["US08926509B2"]["ipc_codes"][:2], ["A61B5/00", "A61B5/0205"])
        self.assertEqual(rows["US08926509B2"]["applicants"], "Hmicro, Inc.")
        self.assertEqual(rows["US08926509B2"]["region"], "US-CA")
        self.assertEqual(rows["US06337117B1"]["ipc_codes"], ["B32B3/02"])  # fixed width "B32B  302"
        self.assertEqual(rows["USD0435854S"]["patent_type"], "design")
        self.assertEqual(rows["US20050004437A1"]["status"], "pending")

    def test_the_57_cn_samples(self) -> None:
        expected = {}
        for path in sorted(CN.glob("sample_*.csv")):
            with open(path, encoding="utf-8-sig", newline="") as handle:
                for record in csv.DictReader(handle):
                    if record["publication_number"].strip():
                        expected[record["publication_number"]] = record
            result = self.store.import_file(path)
            self.assertTrue(result.ok, result.row_errors)
        self.assertEqual(len(expected), 57)
        rows = {r["publication_number"]: r for r in stored(self.store)}
        self.assertEqual(set(rows), set(expected))
        for number, record in expected.items():
            row = rows[number]
            self.assertEqual(row["ipc_codes"], json.loads(record["labels"]))
            self.assertEqual(len(row["ipc_codes"]), int(record["n_labels"]))
            self.assertTrue(row["title"])
            self.assertIn(row["title"], record["text"])
            self.assertIn(row["abstract"][:30], record["text"])


class BadFileTests(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="patentstore-bad-"))
        self.store = PatentStore(self.tmp / "store")
        self.good = make_rows(20)

    def assert_nothing_written(self) -> None:
        self.assertEqual(self.store.manifest()["parts"], [])
        self.assertFalse(list((self.tmp / "store").rglob("*.parquet")))

    def test_wrong_columns(self) -> None:
        path = self.tmp / "wrong.csv"
        path.write_text("number,name,filed\n1,x,2020-01-01\n", encoding="utf-8")
        result = self.store.import_file(path)
        self.assertFalse(result.ok)
        problems = dict(result.file_errors)
        self.assertEqual(problems["unknown_columns"], "filed, name, number")
        self.assertIn("title", problems["missing_columns"])
        self.assert_nothing_written()

    def test_broken_rows_are_named_and_nothing_is_imported(self) -> None:
        rows = make_rows(20)
        path = write_csv(rows, self.tmp / "bad.csv")
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")

        def cell(line: str, column: str, value: str) -> str:
            cells = next(csv.reader([line]))
            cells[header.index(column)] = value
            out: list[str] = []
            csv.writer(_Lines(out)).writerow(cells)
            return out[0].rstrip("\r\n")

        lines[3] = cell(lines[3], "filing_date", "2020-13-45")  # row 4
        lines[5] = cell(lines[5], "ipc_codes", "G06F;XYZ")  # row 6
        lines[7] = cell(lines[7], "title", "")  # row 8
        lines[9] = cell(lines[9], "patent_type", "发明专利?")  # row 10
        lines[11] = lines[2]  # row 12 repeats row 3
        lines[13] = cell(lines[13], "claims_count", "seven")  # row 14
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = self.store.import_file(path)
        self.assertFalse(result.ok)
        found = {(e.row, e.column, e.problem) for e in result.row_errors}
        self.assertEqual(
            found,
            {
                (4, "filing_date", schema.NOT_A_DATE),
                (6, "ipc_codes", schema.BAD_IPC),
                (8, "title", schema.MISSING),
                (10, "patent_type", schema.UNKNOWN_VALUE),
                (12, "application_number", schema.DUPLICATE),
                (14, "claims_count", schema.NOT_A_NUMBER),
            },
        )
        self.assertEqual(result.bad_rows, 6)
        self.assert_nothing_written()

    def test_rows_with_the_wrong_number_of_fields(self) -> None:
        path = write_csv(self.good, self.tmp / "short.csv")
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[4] = "2020100000001,invention"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = self.store.import_file(path)
        self.assertFalse(result.ok)
        self.assertEqual([(e.row, e.problem) for e in result.row_errors], [(5, schema.BROKEN)])
        self.assert_nothing_written()

    def test_json_lines_with_a_broken_line(self) -> None:
        path = self.tmp / "bad.jsonl"
        good = [
            {"application_number": f"20201000000{i}", "title": f"t{i}", "filing_date": "2020-01-01"} for i in range(3)
        ]
        text = [json.dumps(r, ensure_ascii=False) for r in good]
        text.insert(1, '{"application_number": "x", "title": ')
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        result = self.store.import_file(path)
        self.assertEqual([(e.row, e.problem) for e in result.row_errors], [(2, schema.BROKEN)])
        self.assert_nothing_written()
        path.write_text("\n".join(json.dumps(r) for r in good) + "\n", encoding="utf-8")
        self.assertTrue(self.store.import_file(path).ok)

    def test_parquet_with_a_bad_value(self) -> None:
        table = pa.table(
            {
                "application_number": ["2020100000011", "2020100000012"],
                "title": ["甲", "乙"],
                "filing_date": ["2020-01-01", "yesterday"],
            }
        )
        pq.write_table(table, self.tmp / "bad.parquet")
        result = self.store.import_file(self.tmp / "bad.parquet")
        self.assertEqual([(e.row, e.column, e.value) for e in result.row_errors], [(2, "filing_date", "yesterday")])
        self.assert_nothing_written()

    def test_a_later_import_replaces_the_same_patent(self) -> None:
        first = write_csv(self.good[:5], self.tmp / "a.csv")
        changed = [dict(r, title="新标题") for r in self.good[:2]]
        second = write_csv(changed, self.tmp / "b.csv")
        self.assertTrue(self.store.import_file(first).ok)
        result = self.store.import_file(second)
        self.assertEqual(result.replaced, 2)
        con = self.store.connection()
        self.assertEqual(con.execute("SELECT count(*), count(*) FILTER (title = '新标题') FROM p").fetchone(), (5, 2))


class _Lines:
    def __init__(self, out: list[str]) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.append(text)
