"""The nightly pruning of the trademark index's change log (similarity/changelog.py): it keeps
what a lagging node still needs, a node behind what was deleted rebuilds from the marks, and each
pruning is audited and logged.

"Nodes" are index folders used in turn by this one process, as in test_change_log.py."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent
from core.jobs import KINDS
from similarity import changelog, index
from similarity.models import IndexNode, MarkChange, MarkChangePrune
from similarity.search import clean_query, search
from similarity.tests.base import IndexedTestCase


class ChangeLogPruningTests(IndexedTestCase):
    def other_node(self) -> override_settings:
        """Settings of a second machine: its own, empty index folder."""
        directory = tempfile.mkdtemp(prefix="ipcounty-node2-")
        self.addCleanup(shutil.rmtree, directory, True)
        return override_settings(SIMILARITY_INDEX_DIR=directory)

    def numbers(self, text: str) -> set[str]:
        return {hit.number for hit in search(self.clerk, clean_query(text))}

    def active(self) -> str:
        return (Path(index.index_dir()) / "ACTIVE").read_text().strip()

    def age_log(self, **ago: float) -> None:
        """Every line of the log written that long ago."""
        MarkChange.objects.update(at=timezone.now() - dt.timedelta(**ago))

    def node(self) -> IndexNode:
        return IndexNode.objects.get(name=changelog.node_name(index.index_dir()))

    def catch_up(self) -> None:
        """This node applies the log and awaits no gap: on PostgreSQL the numbers that earlier
        tests' rolled-back lines took are gaps, which a node awaits for ten minutes."""
        index.catch_up(force=True)
        build = index.index_dir() / self.active()
        state = {**(index._read_state(build) or {}), "holes": {}}
        index._write_state(build, state)
        changelog.report_position(index.index_dir(), state)

    def test_each_node_reports_up_to_which_line_it_holds_the_log(self):
        self.numbers("芝罘湾")  # builds this node's index
        self.assertEqual(
            self.node().applied_seq, changelog.applied_seq(index._read_state(index.index_dir() / self.active()))
        )
        mark = self.add_mark(self.enterprise, "33000001", "芝罘湾", ["3301"])
        index.catch_up(force=True)
        state = index._read_state(index.index_dir() / self.active())
        self.assertEqual(state["seq"], MarkChange.objects.get(index_id=mark.pk).seq)
        self.assertEqual(self.node().applied_seq, changelog.applied_seq(state))

    def test_a_gap_still_awaited_holds_the_reported_line_below_it(self):
        self.assertEqual(changelog.applied_seq({"seq": 40, "holes": {}}), 40)
        self.assertEqual(changelog.applied_seq({"seq": 40, "holes": {"31": 1.0, "38": 1.0}}), 30)

    def test_the_prune_keeps_what_a_lagging_node_needs(self):
        node2 = self.other_node()
        with node2:
            index.forget_open_indexes()
            self.numbers("芝罘湾")  # node 2 builds its index now, then stops searching
        index.forget_open_indexes()
        self.numbers("芝罘湾")
        first = self.add_mark(self.enterprise, "33000002", "芝罘湾", ["3301"])
        self.catch_up()
        second = self.add_mark(self.enterprise, "33000003", "芝罘湾", ["3301"])
        self.catch_up()  # node 1 holds both; node 2 neither
        self.age_log(hours=2)
        first_seq = MarkChange.objects.get(index_id=first.pk).seq
        with node2:
            lagging = self.node().applied_seq
        self.assertLess(lagging, first_seq)

        pruning = changelog.prune_change_log(actor=None)

        # Nothing node 2 has not applied was deleted: it catches up from the log, no rebuild.
        self.assertTrue(pruning is None or pruning.through_seq <= lagging)
        self.assertTrue(MarkChange.objects.filter(index_id=first.pk).exists())
        with node2:
            index.forget_open_indexes()
            build = self.active()
            self.assertEqual(index.catch_up(force=True), 2)
            self.assertEqual(self.active(), build)
            self.catch_up()
            self.assertEqual(self.numbers("芝罘湾"), {"33000002", "33000003"})
        # Now that node 2 has them too, the next night deletes all but the last line.
        self.age_log(hours=2)
        pruning = changelog.prune_change_log(actor=None)
        self.assertEqual(pruning.through_seq, first_seq)
        self.assertEqual(list(MarkChange.objects.values_list("index_id", flat=True)), [second.pk])

    def test_recent_lines_and_the_last_line_stay(self):
        self.numbers("芝罘湾")
        self.add_mark(self.enterprise, "33000004", "芝罘湾", ["3301"])
        self.add_mark(self.enterprise, "33000005", "芝罘湾", ["3301"])
        self.catch_up()
        # Applied by every node, but written minutes ago: a gap below may still commit.
        self.assertIsNone(changelog.prune_change_log(actor=None))
        self.assertEqual(MarkChange.objects.count(), 2)
        self.age_log(days=30)
        changelog.prune_change_log(actor=None)
        self.assertEqual(MarkChange.objects.count(), 1)  # the log's position stays
        self.assertIsNone(changelog.prune_change_log(actor=None))

    def test_a_node_behind_the_pruned_lines_rebuilds_from_the_marks(self):
        node2 = self.other_node()
        with node2:
            index.forget_open_indexes()
            self.numbers("蓬莱阁")
            before = self.active()
        index.forget_open_indexes()
        self.add_mark(self.enterprise, "33000006", "蓬莱阁", ["3301"])
        self.add_mark(self.enterprise, "33000007", "长岛", ["3301"])
        self.catch_up()
        # Node 2 stayed silent past the retention period: it is no longer waited for.
        with node2:
            IndexNode.objects.filter(name=changelog.node_name(index.index_dir())).update(
                seen_at=timezone.now() - dt.timedelta(days=8)
            )
        self.age_log(days=8)
        pruning = changelog.prune_change_log(actor=None)
        self.assertIsNotNone(pruning)
        with node2:
            index.forget_open_indexes()
            index.catch_up(force=True)
            self.assertNotEqual(self.active(), before)  # a new build, not a replay
            self.assertEqual(self.numbers("蓬莱阁"), {"33000006"})
            self.assertEqual(self.node().applied_seq, MarkChange.objects.latest("seq").seq)

    def test_a_node_within_the_retention_period_is_waited_for_but_not_beyond_it(self):
        self.numbers("芝罘湾")
        for n in range(3):
            self.add_mark(self.enterprise, f"3300001{n}", "芝罘湾", ["3301"])
        self.catch_up()
        seqs = list(MarkChange.objects.order_by("seq").values_list("seq", flat=True))
        IndexNode.objects.create(name="node-b", applied_seq=seqs[0] - 1, seen_at=timezone.now())
        self.age_log(days=2)
        self.assertIsNone(changelog.prune_change_log(actor=None))
        with override_settings(SIMILARITY_CHANGE_LOG_KEEP_DAYS=1):
            pruning = changelog.prune_change_log(actor=None)
        self.assertEqual(pruning.through_seq, seqs[1])
        self.assertEqual(pruning.kept_for["node-b"], seqs[0] - 1)

    def test_a_pruning_is_audited_and_logged(self):
        self.numbers("芝罘湾")
        self.add_mark(self.enterprise, "33000020", "芝罘湾", ["3301"])
        self.add_mark(self.enterprise, "33000021", "芝罘湾", ["3301"])
        self.catch_up()
        self.age_log(hours=1)
        with self.assertLogs("similarity.changelog", "INFO") as logged:
            pruning = changelog.prune_change_log(actor=None)
        self.assertIn("1 lines deleted", logged.output[0])
        event = AuditEvent.objects.get(action="mark_change_log.prune")
        self.assertEqual((event.object_id, event.actor_name), (str(pruning.pk), "system"))
        self.assertEqual(event.after["deleted"], 1)
        self.assertEqual(event.after["nodes_to_rebuild"], [])
        self.assertEqual(MarkChangePrune.objects.count(), 1)

    def test_the_pruning_is_a_daily_job(self):
        kind = KINDS["similarity.prune_change_log"]
        self.assertEqual(kind.schedule.at, dt.time(4, 0))
        self.numbers("芝罘湾")
        self.add_mark(self.enterprise, "33000030", "芝罘湾", ["3301"])
        self.add_mark(self.enterprise, "33000031", "芝罘湾", ["3301"])
        self.catch_up()
        self.age_log(hours=1)
        kind.run({})
        self.assertEqual(MarkChange.objects.count(), 1)
        self.assertEqual(MarkChangePrune.objects.get().deleted, 1)
