"""The trademark index's change log: every machine's index follows the database.

Two "nodes" here are two index folders used in turn by one process (the multi-node test in
core/tests/test_multinode.py runs real processes)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.test import override_settings

from similarity import index
from similarity.importing import import_corpus_file
from similarity.models import MarkChange
from similarity.search import clean_query, search
from similarity.tests.base import IndexedTestCase, corpus_csv

GOOD = [
    ["51000001", "北极星", "某某酒业公司", "33", "3301", "2019-05-01", "已注册"],
    ["51000002", "南极光", "", "", "3201", "", ""],
]


class ChangeLogTests(IndexedTestCase):
    def other_node(self) -> override_settings:
        """Settings of a second machine: its own, empty index folder."""
        directory = tempfile.mkdtemp(prefix="ipcounty-node2-")
        self.addCleanup(shutil.rmtree, directory, True)
        return override_settings(SIMILARITY_INDEX_DIR=directory)

    def numbers(self, user, text: str) -> set[str]:
        return {hit.number for hit in search(user, clean_query(text))}

    def state(self) -> dict:
        root = index.index_dir()
        return json.loads((root / (root / "ACTIVE").read_text().strip() / index.STATE_FILE).read_text())

    def test_a_mark_change_is_logged_in_the_transaction_of_the_mark(self):
        before = MarkChange.objects.count()
        mark = self.add_mark(self.enterprise, "31000001", "海鸥", ["3301"])
        self.assertEqual(list(MarkChange.objects.values_list("index_id", "op")[before:]), [(mark.pk, "add")])
        try:
            with transaction.atomic():
                self.add_mark(self.enterprise, "31000002", "海燕", ["3301"])
                raise RuntimeError("the form failed after the mark was written")
        except RuntimeError:
            pass
        self.assertEqual(MarkChange.objects.count(), before + 1)

    def test_a_mark_added_on_one_node_is_found_on_another_that_had_its_index_already(self):
        node2 = self.other_node()
        with node2:
            index.forget_open_indexes()
            self.assertEqual(self.numbers(self.clerk, "芝罘湾"), set())  # node 2 builds its index
        index.forget_open_indexes()
        with self.captureOnCommitCallbacks(execute=True):
            self.add_mark(self.enterprise, "31000003", "芝罘湾", ["3301"])
        self.assertIn("31000003", self.numbers(self.clerk, "芝罘湾"))  # node 1, at once
        with node2:
            index.forget_open_indexes()
            self.assertEqual(index.catch_up(force=True), 1)
            self.assertIn("31000003", self.numbers(self.clerk, "芝罘湾"))
            self.assertEqual(self.state()["seq"], MarkChange.objects.latest("seq").seq)

    def test_a_search_catches_up_by_itself_once_the_follow_interval_has_passed(self):
        with override_settings(SIMILARITY_INDEX_FOLLOW_SECONDS=0):
            self.numbers(self.clerk, "蓝鲸")
            # Written without the after-commit update, as another machine's change arrives.
            self.add_mark(self.enterprise, "31000004", "蓝鲸", ["3301"])
            self.assertIn("31000004", self.numbers(self.clerk, "蓝鲸"))

    def test_an_index_that_is_up_to_date_costs_one_query_and_none_within_the_interval(self):
        self.add_mark(self.enterprise, "31000005", "青松", ["3301"])
        index.catch_up(force=True)
        root = index.index_dir()
        build = root / (root / "ACTIVE").read_text().strip()
        # On PostgreSQL the numbers of earlier tests' rolled-back lines are gaps that the build
        # waits for (one more query each time, for HOLE_SECONDS); here none is awaited.
        (build / index.STATE_FILE).write_text(json.dumps({**self.state(), "holes": {}}))
        with self.assertNumQueries(1):
            self.assertEqual(index.catch_up(force=True), 0)
        awaited = {str(10**12): 9e18}  # a number no line has (yet)
        (build / index.STATE_FILE).write_text(json.dumps({**self.state(), "holes": awaited}))
        with self.assertNumQueries(2):  # and one more while a gap is awaited
            self.assertEqual(index.catch_up(force=True), 0)
        with override_settings(SIMILARITY_INDEX_FOLLOW_SECONDS=60), self.assertNumQueries(0):
            index.get_index()

    def test_a_node_ahead_of_the_log_rebuilds_from_the_database(self):
        self.add_mark(self.enterprise, "31000006", "白桦", ["3301"])
        index.catch_up(force=True)
        root = index.index_dir()
        build = root / (root / "ACTIVE").read_text().strip()
        (build / index.STATE_FILE).write_text(json.dumps({"seq": 10**9, "holes": {}}))  # e.g. a restored database
        index.catch_up(force=True)
        self.assertNotEqual((root / "ACTIVE").read_text().strip(), build.name)
        self.assertEqual(self.state()["seq"], MarkChange.objects.latest("seq").seq)
        self.assertIn("31000006", self.numbers(self.clerk, "白桦"))

    def test_a_line_that_commits_after_a_later_one_is_still_applied(self):
        # Two transactions took numbers n and n+1; n+1 committed first and was applied, so n is
        # a hole that the next catch-up looks at again.
        self.numbers(self.clerk, "红杉")
        mark = self.add_mark(self.enterprise, "31000007", "红杉", ["3301"])
        late = MarkChange.objects.get(index_id=mark.pk)
        MarkChange.objects.create(index_id=index.CORPUS_ID_OFFSET + 999_999)  # n+1: an unknown mark, removed
        root = index.index_dir()
        build = root / (root / "ACTIVE").read_text().strip()
        top = MarkChange.objects.latest("seq").seq
        (build / index.STATE_FILE).write_text(json.dumps({"seq": top, "holes": {str(late.seq): 9e18}}))
        self.assertEqual(index.catch_up(force=True), 1)
        self.assertIn("31000007", self.numbers(self.clerk, "红杉"))
        self.assertEqual(self.state(), {"seq": top, "holes": {}})

    def test_a_gap_that_never_fills_is_forgotten_after_a_while(self):
        self.numbers(self.clerk, "松")
        root = index.index_dir()
        build = Path(root / (root / "ACTIVE").read_text().strip())
        top = MarkChange.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        (build / index.STATE_FILE).write_text(json.dumps({"seq": top, "holes": {str(top + 10**6): 0.0}}))
        index.catch_up(force=True)
        self.assertEqual(self.state()["holes"], {})

    def test_outside_marks_from_a_corpus_import_are_logged_too(self):
        before = MarkChange.objects.count()
        import_corpus_file(corpus_csv(GOOD), "extract.csv", actor=self.clerk, source="national register")
        logged = list(MarkChange.objects.order_by("seq").values_list("index_id", flat=True)[before:])
        self.assertEqual(len(logged), 2)
        self.assertTrue(all(i >= index.CORPUS_ID_OFFSET for i in logged))
