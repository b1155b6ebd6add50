"""Importing outside marks: all or nothing, every bad row listed, idempotent, indexed."""

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command

from similarity.importing import import_corpus_file
from similarity.models import CorpusImport, CorpusMark
from similarity.search import clean_query, search
from similarity.tests.base import IndexedTestCase, corpus_csv

GOOD = [
    ["50000001", "芝罘湾", "某某酒业公司", "33", "3301", "2019-05-01", "已注册"],
    ["50000002", "BOBWINA", "Another Co", "33", "", "2020-01-02", "申请中"],
    ["50000003", "海之蓝", "", "", "3201", "", ""],
]


class CorpusImportTests(IndexedTestCase):
    def test_a_good_file_is_imported_and_found_by_the_search(self):
        with self.captureOnCommitCallbacks(execute=True):
            outcome = import_corpus_file(corpus_csv(GOOD), "extract.csv", actor=self.clerk, source="national register")
        self.assertTrue(outcome.ok, outcome.row_errors)
        self.assertEqual((outcome.created, outcome.updated, outcome.unchanged), (3, 0, 0))
        mark = CorpusMark.objects.get(number="50000003")
        self.assertEqual((mark.nice_classes, mark.groups, mark.source), ([32], ["3201"], "national register"))
        hits = search(self.ent_member, clean_query("芝罘"))
        self.assertEqual((hits[0].number, hits[0].holder, hits[0].source), ("50000001", "某某酒业公司", "corpus"))

    def test_importing_the_same_file_twice_changes_nothing_and_a_change_updates(self):
        import_corpus_file(corpus_csv(GOOD), "extract.csv", actor=self.clerk)
        again = import_corpus_file(corpus_csv(GOOD), "extract.csv", actor=self.clerk)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))
        changed = [[*GOOD[0][:6], "已无效"], *GOOD[1:]]
        third = import_corpus_file(corpus_csv(changed), "extract.csv", actor=self.clerk)
        self.assertEqual((third.created, third.updated, third.unchanged), (0, 1, 2))
        self.assertEqual(CorpusMark.objects.get(number="50000001").status, "invalidated")
        self.assertEqual(CorpusMark.objects.count(), 3)

    def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row(self):
        rows = [
            *GOOD,
            ["50000004", "好", "", "46", "", "", ""],
            ["50000001", "重复", "", "33", "", "", ""],
            ["", "无号", "", "33", "", "", ""],
            ["50000007", "无类", "", "", "", "", ""],
            ["50000008", "错群", "", "33", "0901", "2019-13-01", "乱写"],
        ]
        outcome = import_corpus_file(corpus_csv(rows), "bad.csv", actor=self.clerk)
        self.assertFalse(outcome.ok)
        self.assertEqual(sorted({e.row for e in outcome.row_errors}), [5, 6, 7, 8, 9])
        columns = {(e.row, e.column) for e in outcome.row_errors}
        self.assertTrue({(9, "类似群"), (9, "申请日"), (9, "商标状态"), (7, "注册号/申请号")} <= columns)
        self.assertEqual(CorpusMark.objects.count(), 0)
        self.assertEqual(CorpusImport.objects.count(), 0)

    def test_gbk_files_are_read(self):
        outcome = import_corpus_file(corpus_csv(GOOD, encoding="gbk"), "gbk.csv", actor=self.clerk)
        self.assertTrue(outcome.ok)
        self.assertEqual(CorpusMark.objects.get(number="50000001").mark_text, "芝罘湾")

    def test_only_the_office_imports_outside_marks(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            import_corpus_file(corpus_csv(GOOD), "extract.csv", actor=self.ent_manager)

    def test_the_command_imports_and_reports_bad_rows(self):
        with tempfile.TemporaryDirectory() as tmp:
            good, bad = Path(tmp) / "good.csv", Path(tmp) / "bad.csv"
            good.write_bytes(corpus_csv(GOOD))
            bad.write_bytes(corpus_csv([["1", "x", "", "99", "", "", ""]]))
            err = io.StringIO()
            with self.assertRaises(CommandError):
                call_command("import_mark_corpus", str(bad), stdout=io.StringIO(), stderr=err)
            self.assertIn("row 2", err.getvalue())
            out = io.StringIO()
            with self.captureOnCommitCallbacks(execute=True):
                call_command("import_mark_corpus", str(good), stdout=out, stderr=io.StringIO())
            self.assertIn("3 created", out.getvalue())
            self.assertIn("rows/s", out.getvalue())
