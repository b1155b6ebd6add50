"""Import block events (audit/blocks.py): one chained event for a block of imported records, an
index row per record; each record's history still shows its own entry, and verify_audit catches
tampering with the block or with its index."""

from __future__ import annotations

from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from audit import display
from audit.blocks import BLOCK_SUFFIX
from audit.models import AuditBlockRecord, AuditEvent, canonical_json
from audit.tests.tampering import tampering
from audit.trail import ChainAppender, history, record, verify_chain
from core.tests.people import PeopleTestCase
from portfolio.models import Patent
from portfolio.tests.factories import patent_rows, to_csv
from registry import actions


class BlockEventTests(PeopleTestCase):
    def setUp(self):
        actions.update_park(actor=self.clerk, park=self.park, focus="before the block")
        self.records = [self.enterprise, self.other_enterprise]
        fields = ["name", "note"]
        values = [["第一家", 'quote " and 100%'], ["第二家", None]]
        with transaction.atomic():
            chain = ChainAppender(actor=self.clerk)
            chain.add_block(
                "enterprise.import",
                "registry.enterprise",
                [str(e.pk) for e in self.records],
                [7, 9],
                fields,
                [canonical_json(v) for v in values],
                object_repr="two enterprises",
            )
            chain.write()
        self.block = AuditEvent.objects.get(action="enterprise.import" + BLOCK_SUFFIX)
        actions.update_park(actor=self.clerk, park=self.park, focus="after the block")

    def test_the_block_is_one_chained_event_with_an_index_row_per_record(self):
        self.assertEqual(self.block.object_id, "")
        self.assertEqual(self.block.after["ids"], [str(e.pk) for e in self.records])
        self.assertEqual(
            sorted(AuditBlockRecord.objects.values_list("seq", "object_id")),
            sorted((self.block.seq, str(e.pk)) for e in self.records),
        )
        self.assertEqual(self.block.compute_hash(), self.block.hash)
        self.assertEqual(verify_chain(), [])

    def test_each_records_history_shows_its_row_of_the_block_with_its_values(self):
        entries = [e for e in history(self.other_enterprise) if e.seq == self.block.seq]
        (entry,) = entries
        self.assertEqual((entry.action, entry.object_id), ("enterprise.import", str(self.other_enterprise.pk)))
        self.assertEqual(entry.after, {"name": "第二家", "note": None})
        self.assertEqual(entry.block_row, 9)
        with translation.override("en"):
            lines = display.changes(entry)
        self.assertEqual(lines[0], f"Import block #{self.block.seq}, row 9 of the file")
        self.assertTrue(any("第二家" in line for line in lines[1:]), lines)

    def test_the_whole_trail_shows_the_block_as_a_count_of_rows_not_its_document(self):
        with translation.override("en"):
            self.assertEqual(display.changes(self.block), ["2 records, rows 7–9 of the file"])
            self.assertEqual(
                display.action_label(AuditEvent(action="patent.import.block")), "Patents imported (one block of rows)"
            )
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("audit:audit_log"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        # The page reads the block's rows out of the stored text, not its whole document.
        self.assertContains(response, "2 records, rows 7–9 of the file")
        self.assertContains(response, "before the block → after the block")  # an ordinary event's change
        self.assertNotContains(response, "第一家")

    def test_a_block_document_without_its_rows_still_shows_on_the_whole_trail(self):
        with tampering(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET after = %s WHERE id = %s", ['{"ids":[]}', self.block.pk])
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("audit:audit_log"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Patents imported (one block of rows)")
        self.assertNotIn(self.block.seq, [e.seq for e in history(self.enterprise)])

    def test_an_edited_block_is_detected(self):
        document = dict(self.block.after, values=[["改过", 'quote " and 100%'], ["第二家", None]])
        with tampering(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET after = %s WHERE id = %s", [canonical_json(document), self.block.pk]
            )
        problems = verify_chain()
        self.assertIn(
            (self.block.seq, "contents do not match the stored hash (edited)"), [(p.seq, p.message) for p in problems]
        )

    def test_a_removed_index_row_is_detected(self):
        with tampering(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditblockrecord WHERE object_id = %s", [str(self.enterprise.pk)])
        problems = verify_chain()
        self.assertEqual([p.seq for p in problems], [self.block.seq])
        self.assertIn("1 missing", problems[0].message)

    def test_an_index_row_added_for_another_record_is_detected(self):
        AuditBlockRecord.objects.create(seq=self.block.seq, object_type="registry.enterprise", object_id="999999")
        problems = verify_chain()
        self.assertEqual([p.seq for p in problems], [self.block.seq])
        self.assertIn("1 not in the block", problems[0].message)

    def test_an_index_row_pointing_at_an_ordinary_event_is_detected(self):
        other = AuditEvent.objects.filter(action="park.update").order_by("seq").last()
        with tampering(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditblockrecord SET seq = %s WHERE object_id = %s", [other.seq, str(self.enterprise.pk)]
            )
        problems = {(p.seq, p.message.split(" (")[0]) for p in verify_chain()}
        self.assertEqual(
            problems,
            {
                (self.block.seq, "block index does not match the block's records"),
                (other.seq, "block index rows point at no block event"),
            },
        )
        # The history shows only what the hashed events say: not the park's event.
        self.assertNotIn(other.seq, [e.seq for e in history(self.enterprise)])

    def test_index_rows_refuse_updates_and_deletes(self):
        row = AuditBlockRecord.objects.first()
        for attempt in (row.save, row.delete):
            with self.subTest(attempt.__name__), self.assertRaises(ValueError):
                attempt()
        if connection.vendor == "postgresql":
            from django.db import DatabaseError

            with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_auditblockrecord")

    def test_single_edits_keep_one_event_each(self):
        with transaction.atomic():
            event = record(actor=self.clerk, action="enterprise.update", obj=self.enterprise, after={"name": "x"})
        self.assertEqual(AuditBlockRecord.objects.filter(seq=event.seq).count(), 0)
        self.assertEqual([e.seq for e in history(self.enterprise)][-1], event.seq)


class ImportedPatentHistoryTests(PeopleTestCase):
    def test_an_imported_patents_page_shows_its_import_with_its_values(self):
        from portfolio.importing.runner import import_file

        rows = patent_rows(3, self.enterprise.uscc)
        outcome = import_file("patents", to_csv(rows), "p.csv", actor=self.clerk)
        self.assertTrue(outcome.ok, outcome.row_errors)
        patent = Patent.objects.get(application_number=rows[1]["申请号"])
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("portfolio:patent_detail", args=[patent.pk]), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        block = AuditEvent.objects.get(action="patent.import.block")
        self.assertContains(response, f"#{block.seq}, row 3 of the file")
        self.assertContains(response, patent.title)
        self.assertEqual(verify_chain(), [])
