# ruff: noqa: S608 - SQL is assembled from column names and quoted file paths; values are bound parameters
"""The patent corpus store: Parquet files under one folder, queried with DuckDB.

Layout of ``root``::

    manifest.json          the parts and a version number (bumped on every change)
    parts/district.parquet the district's own patents (replaced whole by each sync)
    parts/corpus-0001.parquet, …   one file per import (kept; a later import wins for the same doc_id)
    ref/ipc_titles.parquet, ref/wipo.parquet   reference tables handed in by the caller
    fts/                   the full-text index (see patentstore.textindex)

Imports are all or nothing: the file is read and every row checked first (in DuckDB, so a
Parquet file of millions of rows is checked at millions of rows per second); any bad row means
nothing is written and the result names the rows. Good files are converted with one
``COPY … TO parquet`` and the manifest is replaced atomically, so a reader sees the old or the
new corpus, never half of one.

For reports a process loads a narrow in-memory table (no abstracts or claims) once per
manifest version and per day (the value score depends on the day).
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from patentstore import schema
from patentstore.valuesql import score_sql

MAX_ERRORS = 200


@dataclass
class RowError:
    row: int  # row of the file as a spreadsheet counts it (header = 1), or line of a JSON Lines file
    column: str
    problem: str
    value: str = ""


@dataclass
class ImportResult:
    rows: int = 0
    file_errors: list[tuple[str, str]] = field(default_factory=list)  # (problem, detail)
    row_errors: list[RowError] = field(default_factory=list)
    bad_rows: int = 0
    part: str = ""
    seconds: float = 0.0
    replaced: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.row_errors


def _quote(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> int:
    """The number a ``SELECT count(*) …`` gives (an aggregate always answers one row)."""
    row = con.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


def _scratch(path: Path) -> Path:
    """A temporary name next to ``path`` that no other writer (process or thread) uses, so two
    syncs at once never write into one temporary file; ``os.replace`` then swaps it in."""
    return path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}-{uuid.uuid4().hex[:8]}.tmp")


def _write_json(path: Path, data: Any) -> None:
    tmp = _scratch(path)
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


class PatentStore:
    def __init__(self, root: Path | str, threads: int = 2) -> None:
        self.root = Path(root)
        self.threads = threads
        self._lock = threading.Lock()
        self._loaded: tuple[int, dt.date] | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    # --- files ---------------------------------------------------------------------------
    @property
    def parts_dir(self) -> Path:
        return self.root / "parts"

    @property
    def ref_dir(self) -> Path:
        return self.root / "ref"

    @property
    def fts_dir(self) -> Path:
        return self.root / "fts"

    def manifest(self) -> dict[str, Any]:
        path = self.root / "manifest.json"
        if not path.exists():
            return {"version": 0, "parts": []}
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return manifest

    def _save_manifest(self, manifest: dict[str, Any], *, bump: bool = True) -> None:
        """Write the manifest; ``bump`` (the contents changed) moves the version on, which is
        what readers and the full-text index compare. Bookkeeping alone leaves it."""
        self.root.mkdir(parents=True, exist_ok=True)
        if bump:
            manifest["version"] = int(manifest.get("version", 0)) + 1
        _write_json(self.root / "manifest.json", manifest)

    def note(self, **values: Any) -> None:
        """Record bookkeeping values in the manifest without changing its version."""
        with self.writing():
            manifest = self.manifest()
            manifest.update(values)
            self._save_manifest(manifest, bump=False)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One writer of the manifest at a time, across threads and processes (a file lock):
        each change reads the manifest, adds to it and writes it back."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "write.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def part_paths(self) -> list[Path]:
        return [self.parts_dir / p["file"] for p in self.manifest()["parts"]]

    def write_refs(self, ipc_titles: list[tuple[str, str]], wipo: list[tuple[str, int | None, int, str, str]]) -> None:
        """The reference tables: IPC titles (code → Chinese title, for sections, classes and
        subclasses) and the WIPO concordance (subclass, main group or None, field number,
        sector, field name)."""
        self.ref_dir.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect()
        titles = pa.table({"code": [c for c, _ in ipc_titles], "title_zh": [t for _, t in ipc_titles]})
        fields = pa.table(
            {
                "subclass": [w[0] for w in wipo],
                "main_group": pa.array([w[1] for w in wipo], pa.int32()),
                "field": pa.array([w[2] for w in wipo], pa.int32()),
                "sector": [w[3] for w in wipo],
                "field_name": [w[4] for w in wipo],
            }
        )
        with self.writing():
            for name, table in (("ipc_titles", titles), ("wipo", fields)):
                con.register("t", table)
                tmp = _scratch(self.ref_dir / f"{name}.parquet")
                con.execute(f"COPY t TO {_quote(tmp)} (FORMAT parquet)")
                os.replace(tmp, self.ref_dir / f"{name}.parquet")
                con.unregister("t")
            manifest = self.manifest()
            manifest["refs"] = {"ipc_titles": len(ipc_titles), "wipo": len(wipo)}
            self._save_manifest(manifest)

    # --- reading an import file ----------------------------------------------------------------
    def _open_input(self, con: duckdb.DuckDBPyConnection, path: Path, result: ImportResult) -> int:
        """Make the view ``raw`` over the file; returns the offset from ``_row`` (1-based data
        row) to the row number people see. Fills result.file_errors when the file is unreadable."""
        suffix = path.suffix.lower()
        if path.is_dir() or suffix == ".xml":
            return self._register_rows(con, _us_rows(path, result), result)
        if suffix in (".jsonl", ".ndjson", ".json"):
            return self._register_rows(con, _json_rows(path, result), result, offset=0)
        if suffix == ".parquet":
            try:
                con.execute(f"CREATE VIEW raw AS SELECT * FROM read_parquet({_quote(path)}, file_row_number = true)")
                con.execute("SELECT 1 FROM raw LIMIT 1")
            except duckdb.Error as error:
                result.file_errors.append(("unreadable", str(error).splitlines()[0]))
            return 0
        if suffix == ".csv":
            header = _csv_header(path)
            if header[:2] == ["publication_number", "text"]:
                return self._register_rows(con, _cn_sample_rows(path, result), result)
            try:
                con.execute(
                    f"CREATE TABLE raw AS SELECT * FROM read_csv({_quote(path)}, all_varchar=true, header=true, "
                    "store_rejects=true, sample_size=-1)"
                )
                rejects = con.execute(
                    "SELECT line, min(error_type), min(csv_line) FROM reject_errors "
                    "GROUP BY line ORDER BY line LIMIT ?",
                    [MAX_ERRORS],
                ).fetchall()
            except duckdb.Error as error:
                result.file_errors.append(("unreadable", str(error).splitlines()[0]))
                return 1
            for line, kind, text in rejects:
                result.row_errors.append(RowError(int(line), "", schema.BROKEN, f"{kind}: {text}"[:200]))
            result.bad_rows += len(rejects)
            return 1
        result.file_errors.append(("format", suffix or path.name))
        return 0

    def _register_rows(
        self, con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], result: ImportResult, offset: int = 1
    ) -> int:
        if result.file_errors:
            return offset
        columns = sorted({key for row in rows for key in row}) or list(schema.COLUMNS)
        data = {}
        for column in columns:
            values = [row.get(column) for row in rows]
            if column == "ipc_codes":
                values = [";".join(v) if isinstance(v, list | tuple) else v for v in values]
            data[column] = pa.array(
                [None if v is None else v.isoformat() if isinstance(v, dt.date) else str(v) for v in values],
                pa.string(),
            )
        con.register("raw_rows", pa.table(data))
        con.execute("CREATE TABLE raw AS SELECT * FROM raw_rows")
        return offset

    # --- checking and converting ---------------------------------------------------------------
    @staticmethod
    def _expressions(types: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
        """SQL for each store column from the raw columns, and the checks (column, problem, SQL
        that is true for a bad row)."""
        values: dict[str, str] = {}
        checks: list[tuple[str, str, str]] = []

        def text(column: str, trimmed: bool = True) -> str:
            if column not in types:
                return "NULL::VARCHAR"
            raw = f'"{column}"' if types[column] == "VARCHAR" else f'CAST("{column}" AS VARCHAR)'
            return f"NULLIF(trim({raw}), '')" if trimmed else f"NULLIF({raw}, '')"

        for column in schema.TEXT:
            # Long texts are kept as they are (trimming them costs more than it is worth).
            values[column] = text(column, trimmed=column not in ("abstract", "claims"))
        for column in schema.DATES:
            if types.get(column) == "DATE":
                values[column] = f'"{column}"'
            elif column in types:
                raw = text(column)
                values[column] = (
                    f"COALESCE(TRY_CAST({raw} AS DATE), TRY_CAST(TRY_STRPTIME({raw}, '%Y%m%d') AS DATE), "
                    f"TRY_CAST(TRY_STRPTIME({raw}, '%Y/%m/%d') AS DATE))"
                )
                checks.append((column, schema.NOT_A_DATE, f"{raw} IS NOT NULL AND {values[column]} IS NULL"))
            else:
                values[column] = "NULL::DATE"
        for column in schema.INTEGERS:
            if column not in types:
                values[column] = "NULL::INTEGER"
                continue
            if types[column] in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT"):
                values[column] = f'CAST("{column}" AS INTEGER)'
                checks.append((column, schema.NOT_A_NUMBER, f'"{column}" < 0'))
            else:
                raw = text(column)
                values[column] = f"TRY_CAST({raw} AS INTEGER)"
                checks.append(
                    (
                        column,
                        schema.NOT_A_NUMBER,
                        f"{raw} IS NOT NULL AND ({values[column]} IS NULL OR {values[column]} < 0)",
                    )
                )
        for column in schema.FLAGS:
            if column not in types:
                values[column] = "FALSE"
            elif types[column] == "BOOLEAN":
                values[column] = f'COALESCE("{column}", FALSE)'
            else:
                raw = f"lower({text(column)})"
                values[column] = f"({raw} IN {schema.TRUE})"
                checks.append(
                    (column, schema.NOT_A_FLAG, f"{raw} IS NOT NULL AND {raw} NOT IN {schema.TRUE + schema.FALSE}")
                )
        # patent type and status
        if "patent_type" in types:
            raw = f"lower({text('patent_type')})"
            mapping = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in schema.PATENT_TYPES.items())
            values["patent_type"] = f"COALESCE(CASE {raw} {mapping} END, 'invention')"
            checks.append(
                ("patent_type", schema.UNKNOWN_VALUE, f"{raw} IS NOT NULL AND CASE {raw} {mapping} END IS NULL")
            )
        else:
            values["patent_type"] = "'invention'"
        if "status" in types:
            raw = f"lower({text('status')})"
            values["status"] = (
                f"COALESCE({raw}, CASE WHEN {values['grant_date']} IS NULL THEN 'pending' ELSE 'granted' END)"
            )
            checks.append(("status", schema.UNKNOWN_VALUE, f"{raw} IS NOT NULL AND {raw} NOT IN {schema.STATUSES}"))
        else:
            values["status"] = f"CASE WHEN {values['grant_date']} IS NULL THEN 'pending' ELSE 'granted' END"
        # IPC codes: a list, or text separated by ; , or |
        if "ipc_codes" not in types:
            values["ipc_codes"] = "[]::VARCHAR[]"
        else:
            listed = types["ipc_codes"].endswith("[]")
            source = '"ipc_codes"' if listed else "string_split_regex(CAST(\"ipc_codes\" AS VARCHAR), '[;,|]')"
            values["ipc_codes"] = (
                f"COALESCE(list_filter(list_transform({source}, "
                "lambda x: upper(replace(replace(trim(x), ' ', ''), '　', ''))), lambda x: x <> ''), []::VARCHAR[])"
            )
            checks.append(
                (
                    "ipc_codes",
                    schema.BAD_IPC,
                    f"len(list_filter({values['ipc_codes']}, "
                    f"lambda x: NOT regexp_full_match(x, '{schema.IPC_PATTERN}'))) > 0",
                )
            )
        checks.append(("title", schema.MISSING, f"{values['title']} IS NULL"))
        checks.append(
            (
                "application_number",
                schema.MISSING,
                f"{values['application_number']} IS NULL AND {values['publication_number']} IS NULL",
            )
        )
        values["country"] = f"upper(COALESCE({values['country']}, 'CN'))"
        number = f"upper(replace(COALESCE({values['application_number']}, {values['publication_number']}), ' ', ''))"
        values["doc_id"] = f"{values['country']} || ':' || {number}"
        return values, checks

    def _check(
        self, con: duckdb.DuckDBPyConnection, values: dict[str, str], checks: list[tuple[str, str, str]], offset: int,
        result: ImportResult,
    ) -> None:  # fmt: skip
        if not checks:
            return
        flags = ", ".join(f"({sql}) AS c{i}" for i, (_c, _p, sql) in enumerate(checks))
        any_bad = " OR ".join(f"c{i}" for i in range(len(checks)))
        where = " OR ".join(f"({sql})" for _c, _p, sql in checks)
        con.execute(f"CREATE TEMP TABLE bad AS SELECT _row, {flags} FROM src WHERE {where}")
        result.bad_rows += count(con, "SELECT count(*) FROM bad")
        rows = con.execute(f"SELECT * FROM bad WHERE {any_bad} ORDER BY _row LIMIT {MAX_ERRORS}").fetchall()
        for row in rows:
            for i, (column, problem, _sql) in enumerate(checks):
                if row[1 + i]:
                    shown = (
                        con.execute(f'SELECT CAST("{column}" AS VARCHAR) FROM src WHERE _row = ?', [row[0]]).fetchone()
                        if column in self._types
                        else None
                    )
                    result.row_errors.append(RowError(row[0] + offset, column, problem, (shown or [""])[0] or ""))
        duplicates = con.execute(
            f"SELECT doc_id, list(_row ORDER BY _row) FROM (SELECT _row, {values['doc_id']} AS doc_id FROM src) "
            f"WHERE doc_id IS NOT NULL GROUP BY doc_id HAVING count(*) > 1 ORDER BY min(_row) LIMIT {MAX_ERRORS}"
        ).fetchall()
        for doc_id, rows_of in duplicates:
            result.bad_rows += len(rows_of) - 1
            for extra in rows_of[1:]:
                result.row_errors.append(RowError(extra + offset, "application_number", schema.DUPLICATE, doc_id))
        result.row_errors.sort(key=lambda e: e.row)

    def import_file(self, path: Path | str, *, source: str | None = None, district: bool = False) -> ImportResult:
        """Check the whole file, and only when every row is good write it as a new part."""
        path = Path(path)
        started = time.perf_counter()
        result = ImportResult()
        con = duckdb.connect()
        con.execute(f"SET threads = {self.threads}")
        offset = self._open_input(con, path, result)
        if result.ok:
            self._convert(con, offset, result, source or path.name, district)
        result.seconds = time.perf_counter() - started
        return result

    def import_rows(self, rows: list[dict[str, Any]], *, source: str, district: bool = False) -> ImportResult:
        """Rows already in hand (the district's patents from the database): the same checks."""
        started = time.perf_counter()
        result = ImportResult()
        con = duckdb.connect()
        self._register_rows(con, rows, result, offset=0)
        self._convert(con, 0, result, source, district)
        result.seconds = time.perf_counter() - started
        return result

    def _convert(
        self, con: duckdb.DuckDBPyConnection, offset: int, result: ImportResult, source: str, district: bool
    ) -> None:
        types = {row[0]: str(row[1]) for row in con.execute("DESCRIBE raw").fetchall()}
        numbered = types.pop("_line", None) is not None
        parquet_rows = types.pop("file_row_number", None) is not None
        self._types = types
        extra = sorted(set(types) - set(schema.COLUMNS) - {"district_id"})
        missing = [c for c in schema.REQUIRED if c not in types]
        if not any(c in types for c in schema.REQUIRED_ANY):
            missing.append(" / ".join(schema.REQUIRED_ANY))
        if extra:
            result.file_errors.append(("unknown_columns", ", ".join(extra)))
        if missing:
            result.file_errors.append(("missing_columns", ", ".join(missing)))
        if result.file_errors:
            return
        if numbered:  # rows read in Python carry the line (or file) number people see
            con.execute("CREATE VIEW src AS SELECT CAST(_line AS BIGINT) AS _row, * EXCLUDE (_line) FROM raw")
            offset = 0
        elif parquet_rows:  # the Parquet reader numbers the rows itself (0-based)
            con.execute("CREATE VIEW src AS SELECT file_row_number + 1 AS _row, * EXCLUDE (file_row_number) FROM raw")
        else:  # a CSV file read into a table: rowid is the order of the rows
            con.execute("CREATE VIEW src AS SELECT rowid + 1 AS _row, * FROM raw")
        values, checks = self._expressions(types)
        self._check(con, values, checks, offset, result)
        result.rows = count(con, "SELECT count(*) FROM raw")
        if not result.ok:
            return
        if result.rows == 0 and not district:
            result.file_errors.append(("empty", ""))
            return
        self._write_part(con, values, result, source, district, "district_id" in types)

    def _write_part(
        self, con: duckdb.DuckDBPyConnection, values: dict[str, str], result: ImportResult, source: str,
        district: bool, has_district_id: bool,
    ) -> None:  # fmt: skip
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        with self.writing():
            self._write_part_locked(con, values, result, source, district, has_district_id)

    def _write_part_locked(
        self, con: duckdb.DuckDBPyConnection, values: dict[str, str], result: ImportResult, source: str,
        district: bool, has_district_id: bool,
    ) -> None:  # fmt: skip
        manifest = self.manifest()
        if district:
            name = "district.parquet"
        else:
            number = 1 + max(
                [int(p["file"][7:11]) for p in manifest["parts"] if p["file"].startswith("corpus-")] or [0]
            )
            name = f"corpus-{number:04d}.parquet"
        columns = {
            "doc_id": values["doc_id"],
            **{c: values[c] for c in schema.COLUMNS},
            "applicants": values["applicants"],
            "is_district": "TRUE" if district else "FALSE",
            "district_id": "CAST(district_id AS INTEGER)" if has_district_id else "NULL::INTEGER",
        }
        select = ", ".join(f"{sql} AS {name_}" for name_, sql in columns.items())
        converted = (
            f"SELECT *, {_SUBCLASS_COUNT.format(codes='ipc_codes')} AS ipc_subclass_count, "
            f"COALESCE(expiry_date_in, CASE WHEN filing_date IS NULL THEN NULL ELSE "
            f"CAST(filing_date + INTERVAL ({schema.TERM_SQL}) YEAR - INTERVAL 1 DAY AS DATE) END) AS expiry_date "
            f"FROM (SELECT {select.replace(' AS expiry_date,', ' AS expiry_date_in,')} FROM src)"
        )
        tmp = _scratch(self.parts_dir / name)
        con.execute("SET preserve_insertion_order = false")  # rows may be written in any order: faster
        con.execute(
            f"COPY (SELECT * EXCLUDE (expiry_date_in) FROM ({converted})) TO {_quote(tmp)} "
            "(FORMAT parquet, ROW_GROUP_SIZE 122880)"
        )
        # A later file wins for a doc_id already in the store (counted here, applied on load).
        others = [self.parts_dir / p["file"] for p in manifest["parts"] if p["file"] != name]
        if others:
            files = "[" + ", ".join(_quote(p) for p in others) + "]"
            result.replaced = count(
                con,
                f"SELECT count(*) FROM read_parquet({_quote(tmp)}) n SEMI JOIN read_parquet({files}) o USING (doc_id)",
            )
        os.replace(tmp, self.parts_dir / name)
        parts = [p for p in manifest["parts"] if p["file"] != name]
        entry = {"file": name, "source": source, "rows": result.rows, "replaced": result.replaced,
                 "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}  # fmt: skip
        manifest["parts"] = [entry, *parts] if district else [*parts, entry]
        self._save_manifest(manifest)
        result.part = name

    def remove_part(self, name: str) -> None:
        with self.writing():
            manifest = self.manifest()
            manifest["parts"] = [p for p in manifest["parts"] if p["file"] != name]
            self._save_manifest(manifest)
            (self.parts_dir / name).unlink(missing_ok=True)

    # --- the in-memory table for reports ------------------------------------------------------------
    def connection(self, today: dt.date | None = None) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with the table ``p`` (one row per doc_id, newest part wins)
        loaded, plus ``ipc_titles`` and ``wipo``. Reloaded when the manifest or the day changes."""
        today = today or dt.date.today()
        manifest = self.manifest()
        key = (manifest["version"], today)
        with self._lock:
            if self._con is None or self._loaded != key:
                self._con = self._load(manifest, today)
                self._loaded = key
            return self._con.cursor()

    def _load(self, manifest: dict[str, Any], today: dt.date) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute(f"SET threads = {self.threads}")
        con.execute("SET preserve_insertion_order = false")
        for name, ddl in (
            ("ipc_titles", "code VARCHAR, title_zh VARCHAR"),
            ("wipo", "subclass VARCHAR, main_group INTEGER, field INTEGER, sector VARCHAR, field_name VARCHAR"),
        ):
            path = self.ref_dir / f"{name}.parquet"
            if path.exists():
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet({_quote(path)})")
            else:
                con.execute(f"CREATE TABLE {name} ({ddl})")
        parts = [(i, self.parts_dir / p["file"]) for i, p in enumerate(manifest["parts"])]
        if not parts:
            con.execute(f"CREATE TABLE p AS SELECT * FROM ({_EMPTY}) WHERE false")
            con.execute("CREATE TABLE applicant (name VARCHAR, id INTEGER)")
            return con
        union = " UNION ALL ".join(
            f"SELECT {i} AS part_no, * EXCLUDE (abstract, claims, inventors) FROM read_parquet({_quote(path)})"
            for i, path in parts
        )
        dedupe = any(p.get("replaced") for p in manifest["parts"])
        if dedupe:
            union = (
                f"SELECT * FROM ({union}) "
                "QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY is_district DESC, part_no DESC) = 1"
            )
        subclasses = "ipc_subclass_count"
        score = score_sql(
            today,
            status="status",
            expiry="expiry_date",
            grant="grant_date",
            claims="claims_count",
            subclasses=subclasses,
            pct="is_pct",
            family="has_foreign_family",
            citations="citations",
        )
        con.execute(
            f"""
            CREATE TEMP TABLE b AS
            SELECT doc_id, part_no, country, application_number, publication_number, patent_type, status, title,
                   applicants, lower(applicants) AS applicants_lower,
                   trim(split_part(applicants, ';', 1)) AS first_applicant, COALESCE(region, '') AS region,
                   filing_date, grant_date, year(filing_date) AS filing_year, year(grant_date) AS grant_year,
                   ' ' || array_to_string(ipc_codes, ' ') AS ipc_all,
                   ipc_codes[1] AS main_ipc, left(ipc_codes[1], 1) AS ipc_section,
                   left(ipc_codes[1], 4) AS ipc_subclass,
                   TRY_CAST(regexp_extract(ipc_codes[1], '^[A-H][0-9]{{2}}[A-Z]([0-9]+)', 1) AS INTEGER)
                       AS ipc_main_group,
                   is_district, district_id, {score} AS value_score, hash(doc_id) AS sample_key
            FROM ({union})
            """
        )
        # Applicants get integer ids (grouping on integers is about twice as fast as on names).
        con.execute(
            """
            CREATE TABLE applicant AS
            SELECT name, row_number() OVER (ORDER BY name)::INTEGER AS id
            FROM (SELECT DISTINCT first_applicant AS name FROM b WHERE first_applicant <> '')
            """
        )
        # Few-valued text columns become ENUMs (sorted, so their order is the text's order):
        # grouping on them is several times faster than on text.
        for column in ENUM_COLUMNS:
            con.execute(
                f"CREATE TYPE {column}_t AS ENUM "
                f"(SELECT DISTINCT {column} FROM b WHERE {column} IS NOT NULL ORDER BY 1)"
            )
        replace = ", ".join(f"{c}::{c}_t AS {c}" for c in ENUM_COLUMNS)
        con.execute(
            f"""
            CREATE TABLE p AS
            SELECT * REPLACE ({replace}) FROM (
                SELECT b.*, a.id AS applicant_id, COALESCE(g.field, s.field) AS wipo_field FROM b
                LEFT JOIN applicant a ON a.name = b.first_applicant
                LEFT JOIN wipo g ON g.subclass = b.ipc_subclass AND g.main_group = b.ipc_main_group
                LEFT JOIN wipo s ON s.subclass = b.ipc_subclass AND s.main_group IS NULL
            )
            """
        )
        con.execute("DROP TABLE b")
        return con

    def texts(self, doc_ids: list[str]) -> dict[str, tuple[str, str]]:
        """(title, abstract) of some documents, read from the Parquet parts."""
        paths = self.part_paths()
        if not doc_ids or not paths:
            return {}
        con = duckdb.connect()
        files = "[" + ", ".join(_quote(p) for p in paths) + "]"
        # A constant IN list is pushed into the Parquet scan: only matching rows' texts are decoded.
        wanted = ", ".join("'" + d.replace("'", "''") + "'" for d in doc_ids)
        rows = con.execute(
            f"SELECT doc_id, title, COALESCE(abstract, '') FROM read_parquet({files}) WHERE doc_id IN ({wanted})"
        ).fetchall()
        return {d: (t, a) for d, t, a in rows}


ENUM_COLUMNS = ("region", "patent_type", "status", "ipc_section", "ipc_subclass", "country")

# Distinct IPC subclasses among a patent's codes (every stored code has at least a subclass),
# without a lambda for the usual one or two codes.
_SUBCLASS_COUNT = (
    "CASE len({codes}) WHEN 0 THEN 0 WHEN 1 THEN 1 "
    "WHEN 2 THEN CASE WHEN left(({codes})[1], 4) = left(({codes})[2], 4) THEN 1 ELSE 2 END "
    "ELSE len(list_distinct(list_transform({codes}, lambda x: left(x, 4)))) END"
)

_EMPTY = """
SELECT NULL::VARCHAR AS doc_id, 0 AS part_no, NULL::VARCHAR AS country, NULL::VARCHAR AS application_number,
       NULL::VARCHAR AS publication_number, NULL::VARCHAR AS patent_type, NULL::VARCHAR AS status,
       NULL::VARCHAR AS title, NULL::VARCHAR AS applicants, NULL::VARCHAR AS applicants_lower,
       NULL::VARCHAR AS first_applicant, '' AS region, NULL::DATE AS filing_date, NULL::DATE AS grant_date,
       NULL::BIGINT AS filing_year, NULL::BIGINT AS grant_year, '' AS ipc_all, NULL::VARCHAR AS main_ipc,
       NULL::VARCHAR AS ipc_section, NULL::VARCHAR AS ipc_subclass, NULL::INTEGER AS ipc_main_group,
       FALSE AS is_district, NULL::INTEGER AS district_id, NULL::DECIMAL(4,1) AS value_score,
       NULL::UBIGINT AS sample_key, NULL::INTEGER AS applicant_id, NULL::INTEGER AS wipo_field
"""


# --- readers for the files DuckDB does not read itself -----------------------------------------------
def _csv_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def _json_rows(path: Path, result: ImportResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json" and text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            result.file_errors.append(("unreadable", str(error)))
            return []
        lines = [(i + 1, item) for i, item in enumerate(data)]
    else:
        lines = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                lines.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                result.row_errors.append(RowError(number, "", schema.BROKEN, str(error)))
    for number, item in lines:
        if not isinstance(item, dict):
            result.row_errors.append(RowError(number, "", schema.BROKEN, "not an object"))
            continue
        rows.append({**item, "_line": number})
    result.bad_rows += len(result.row_errors)
    return [] if result.row_errors else rows


def _us_rows(path: Path, result: ImportResult) -> list[dict[str, Any]]:
    from patentstore.usxml import NotAPatentDocument, parse_us_xml

    files = sorted(path.rglob("*.xml")) if path.is_dir() else [path]
    rows = []
    for number, file in enumerate(files, start=1):
        try:
            rows.append({**parse_us_xml(file), "_line": number})
        except (NotAPatentDocument, Exception) as error:
            result.row_errors.append(RowError(number, "", schema.BROKEN, f"{file.name}: {error}"[:200]))
    result.bad_rows += len(result.row_errors)
    return [] if result.row_errors else rows


def _cn_sample_rows(path: Path, result: ImportResult) -> list[dict[str, Any]]:
    """The CN publications of the classification data set: publication number, a text with
    "Title:", "Keywords:" and "Abstract:" lines, and the CPC symbols as a JSON list."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, record in enumerate(csv.DictReader(handle), start=2):
            if not (record.get("publication_number") or "").strip():
                continue  # the data set pads its files with blank rows
            parts = _cn_sample_text(record.get("text") or "")
            try:
                labels = json.loads(record.get("labels") or "[]")
            except json.JSONDecodeError:
                result.row_errors.append(RowError(number, "labels", schema.BAD_IPC, record.get("labels") or ""))
                continue
            rows.append(
                {
                    "country": "CN",
                    "publication_number": record["publication_number"].strip(),
                    "title": parts["Title"],
                    "keywords": parts["Keywords"],
                    "abstract": parts["Abstract"],
                    "patent_type": "invention",
                    "ipc_codes": labels,
                    "_line": number,
                }
            )
    result.bad_rows += len(result.row_errors)
    return [] if result.row_errors else rows


def _cn_sample_text(text: str) -> dict[str, str]:
    """The data set writes a record either as "Title: …\nKeywords: …\nAbstract: …" or as
    "title [SEP] keywords [SEP] abstract"."""
    parts = {"Title": "", "Keywords": "", "Abstract": ""}
    if "[SEP]" in text and not text.lstrip().startswith("Title:"):
        pieces = [piece.strip() for piece in text.split("[SEP]")]
        for label, piece in zip(parts, pieces, strict=False):
            parts[label] = piece
        if len(pieces) > 3:
            parts["Abstract"] = " [SEP] ".join(pieces[2:])
        return parts
    key: str | None = None
    for line in text.splitlines():
        head, _, rest = line.partition(":")
        if head.strip() in parts:
            key = head.strip()
            parts[key] = rest.strip()
        elif key:
            parts[key] += "\n" + line
    return parts
