"""Limits on what an import file may hold, checked before it is read, with the worker's memory
bounded (issue 14: a 2 MB CSV of a million columns took a worker to 2 GB, a 2.8 MB XLSX that
unpacks to 980 MB to 6.4 GB, a 200 MB CSV to 8.6 GB).

The memory tests read the file in a fresh Python process and compare its peak resident size
(VmHWM) before and after the read: the test process's own heap says nothing."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import translation

from core.tests.people import PeopleTestCase
from portfolio.importing.readers import ReadLimits, UnreadableFile, read_table
from portfolio.models import ImportJob
from portfolio.tests.factories import patent_rows, to_csv, to_xlsx

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
# How much a refused or bounded read may add to the reading process's peak memory.
READ_BOUND_MB = 100

READ_IN_CHILD = """
import json, sys
import django
django.setup()
from django.utils import translation
translation.activate("en")
from portfolio.importing.readers import UnreadableFile, read_table
data = open(sys.argv[1], "rb").read()
def peak_kb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (the test
    # process, far larger than a read), so it would hide growth; VmHWM starts anew at exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = peak_kb()
try:
    table = read_table(data, sys.argv[2])
    result = {"rows": len(table.rows), "width": len(table.headers)}
except UnreadableFile as exc:
    result = {"error": str(exc)}
result["grown_mb"] = (peak_kb() - before) / 1024
print(json.dumps(result))
"""


def read_in_child(data: bytes, name: str, **limits: int) -> dict:
    """Read ``data`` as the file ``name`` in a new process whose settings take ``limits``
    (IMPORT_MAX_* environment variables); its result and how much its peak memory grew."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ipcounty.settings"}
        env.update({f"IMPORT_MAX_{key.upper()}": str(value) for key, value in limits.items()})
        done = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", READ_IN_CHILD, str(path), name],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    """A valid workbook whose first sheet is replaced by ``sheet_xml``."""
    source = zipfile.ZipFile(io.BytesIO(to_xlsx([{"申请号": "x"}])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, body)
    return buffer.getvalue()


def sheet(rows: int, cells: str) -> bytes:
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    body = b"".join(f'<row r="{r}">{cells.format(r=r)}</row>'.encode() for r in range(1, rows + 1))
    return head + body + b"</sheetData></worksheet>"


def _column(index: int) -> str:
    """The spreadsheet letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class ReadLimitTests(SimpleTestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))

    def test_a_csv_of_a_million_header_columns_is_refused_with_memory_bounded(self):
        data = b"," * 1_000_000 + b"a\n" + b"1,2\n" * 10
        self.assertLess(len(data), 2 * MB)
        result = read_in_child(data, "wide.csv")
        self.assertIn("more than 100 columns", result["error"])
        self.assertLess(result["grown_mb"], READ_BOUND_MB)

    def test_a_data_row_of_a_million_cells_is_cut_to_the_headers_width_with_memory_bounded(self):
        data = b"a,b\n" + b"1,2\n" * 10 + (b"x," * 1_000_000) + b"x\n" + b"3,4\n" * 10
        result = read_in_child(data, "long-row.csv")
        self.assertEqual((result["rows"], result["width"]), (21, 2))
        self.assertLess(result["grown_mb"], READ_BOUND_MB)

    def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened(self):
        cells = '<c r="A{r}" t="inlineStr"><is><t>' + "0" * 1000 + "</t></is></c>"
        data = xlsx_with_sheet(sheet(60_000, cells))  # ~61 MB unpacked, well under 1 MB packed
        self.assertLess(len(data), 2 * MB)
        result = read_in_child(data, "bomb.xlsx", xlsx_unpacked_mb=50)
        self.assertIn("unpacks to", result["error"])
        self.assertIn("50 MB", result["error"])
        self.assertLess(result["grown_mb"], READ_BOUND_MB)

    def test_an_xlsx_of_150_header_columns_is_refused_with_memory_bounded(self):
        header = "".join(f'<c r="{_column(i)}{{r}}" t="inlineStr"><is><t>h{i}</t></is></c>' for i in range(150))
        result = read_in_child(xlsx_with_sheet(sheet(2000, header)), "wide.xlsx")
        self.assertIn("more than 100 columns", result["error"])
        self.assertLess(result["grown_mb"], READ_BOUND_MB)

    def test_an_xlsx_with_a_stray_cell_far_right_in_its_rows_reads_only_the_headers_columns(self):
        cells = '<c r="A{r}" t="inlineStr"><is><t>申请号</t></is></c><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c>'
        xml = sheet(3000, cells).replace(b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c>', b"", 1)
        result = read_in_child(xlsx_with_sheet(xml), "stray.xlsx")
        self.assertEqual((result["rows"], result["width"]), (2999, 1))
        self.assertLess(result["grown_mb"], READ_BOUND_MB)

    def test_a_csv_larger_than_the_limit_is_refused_before_it_is_read(self):
        data = to_csv(patent_rows(30_000, "91370602MA3C4F5X7Q"))  # about 3.5 MB
        result = read_in_child(data, "big.csv", csv_mb=1)
        self.assertIn("at most 1 MB", result["error"])
        self.assertLess(result["grown_mb"], READ_BOUND_MB / 10)

    def test_a_file_with_more_rows_than_the_limit_is_refused_saying_how_to_split_it(self):
        data = to_csv(patent_rows(1001, "91370602MA3C4F5X7Q"))
        with self.assertRaisesMessage(UnreadableFile, "more than 1000 rows: split it into files of at most 1000 rows"):
            read_table(data, "p.csv", ReadLimits(rows=1000))
        self.assertEqual(len(read_table(data, "p.csv", ReadLimits(rows=1001)).rows), 1001)

    def test_the_default_limits_read_100000_patents(self):
        data = to_csv(patent_rows(100_000, "91370602MA3C4F5X7Q"))
        self.assertEqual(len(read_table(data, "p.csv").rows), 100_000)

    def test_a_gbk_file_is_still_read_when_it_streams(self):
        rows = patent_rows(3, "91370602MA3C4F5X7Q")
        table = read_table(to_csv(rows, "gbk"), "gbk.csv")
        self.assertEqual(table.headers[0], "申请号")
        self.assertEqual(len(table.rows), 3)

    def test_a_field_too_large_for_csv_is_a_file_error_not_a_crash(self):
        data = b"a,b\n" + b'"' + b"x" * 200_000 + b'",1\n'
        with self.assertRaises(UnreadableFile):
            read_table(data, "p.csv")


class UploadLimitTests(PeopleTestCase):
    def setUp(self):
        self.client.force_login(self.clerk)

    def upload(self, kind: str, upload: SimpleUploadedFile):
        url = reverse("portfolio:import_new", args=[kind])
        return self.client.post(url, {"file": upload}, headers={"accept-language": "en"})

    @override_settings(IMPORT_MAX_CSV_MB=1)
    def test_the_upload_page_refuses_a_csv_over_the_limit_and_starts_no_import(self):
        upload = SimpleUploadedFile("big.csv", b"a,b\n" + b"1,2\n" * 300_000)
        response = self.upload("patents", upload)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "a CSV file may be at most 1 MB")
        self.assertFalse(ImportJob.objects.exists())

    @override_settings(IMPORT_MAX_XLSX_UNPACKED_MB=5)
    def test_the_upload_page_refuses_an_xlsx_that_unpacks_beyond_the_limit(self):
        data = xlsx_with_sheet(sheet(10_000, '<c r="A{r}" t="inlineStr"><is><t>' + "0" * 1000 + "</t></is></c>"))
        upload = SimpleUploadedFile("bomb.xlsx", data)
        response = self.upload("trademarks", upload)
        self.assertContains(response, "more than the 5 MB allowed")
        self.assertFalse(ImportJob.objects.exists())

    def test_the_upload_page_refuses_a_file_of_another_kind(self):
        upload = SimpleUploadedFile("macro.xls", b"\xd0\xcf\x11\xe0")
        response = self.upload("patents", upload)
        self.assertContains(response, "Only .csv and .xlsx files can be imported")
        self.assertFalse(ImportJob.objects.exists())
