from io import StringIO
from itertools import pairwise

from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from audit.tests.tampering import tampering
from audit.trail import verify_chain
from core.tests.people import PeopleTestCase
from registry import actions


class AuditChainTests(PeopleTestCase):
    def setUp(self):
        for i in range(3):
            actions.update_park(actor=self.clerk, park=self.park, focus=f"focus {i}")

    def verify(self) -> str:
        out, err = StringIO(), StringIO()
        try:
            call_command("verify_audit", stdout=out, stderr=err)
        except CommandError as exc:
            return f"BROKEN {exc} {err.getvalue()}"
        return out.getvalue()

    def test_intact_chain_verifies(self):
        self.assertIn("intact", self.verify())
        self.assertEqual(verify_chain(), [])

    def test_edited_row_is_detected(self):
        event = AuditEvent.objects.filter(action="park.update").first()
        with tampering():
            AuditEvent.objects.filter(pk=event.pk).update(after={"focus": "rewritten"})
        result = self.verify()
        self.assertIn("BROKEN", result)
        self.assertIn(f"event {event.seq}: contents do not match", result)

    def test_deleted_row_is_detected(self):
        event = AuditEvent.objects.filter(action="park.update").first()
        with tampering(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        result = self.verify()
        self.assertIn("BROKEN", result)
        self.assertIn("link to the previous event is broken", result)

    def test_deleted_last_row_is_detected(self):
        last = AuditEvent.objects.order_by("-seq").first()
        with tampering(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
        self.assertIn("chain head says", self.verify())

    def test_swapped_rows_are_detected(self):
        first, second = AuditEvent.objects.filter(action="park.update").order_by("seq")[:2]
        columns = [
            "seq",
            "at",
            "actor_id",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "prev_hash",
            "hash",
        ]
        values = {e.pk: AuditEvent.objects.filter(pk=e.pk).values(*columns)[0] for e in (first, second)}
        # Move both out of the way of the unique constraints, then swap their contents.
        with tampering():
            AuditEvent.objects.filter(pk=first.pk).update(seq=10**9, hash="x" * 64)
            AuditEvent.objects.filter(pk=second.pk).update(**values[first.pk])
            AuditEvent.objects.filter(pk=first.pk).update(**values[second.pk])
        result = self.verify()
        self.assertIn("BROKEN", result)
        self.assertIn("expected sequence", result)

    def test_events_cannot_be_rewritten_through_the_orm(self):
        event = AuditEvent.objects.first()
        with self.assertRaises(ValueError):
            event.save()
        with self.assertRaises(ValueError):
            event.delete()

    def test_each_event_links_to_the_one_before(self):
        events = list(AuditEvent.objects.order_by("seq"))
        for before, after in pairwise(events):
            self.assertEqual(after.prev_hash, before.hash)
            self.assertEqual(after.seq, before.seq + 1)


class BulkChainTests(PeopleTestCase):
    """``record_many`` (bulk imports) spells each event's header itself; it must hash exactly
    what ``verify_audit`` recomputes, whatever the text holds."""

    def record(self, reprs):
        from django.db import transaction

        from audit.trail import Change, record_many

        with transaction.atomic():
            record_many(
                actor=self.clerk,
                changes=[
                    Change("thing.import", "tests.thing", str(i), text, None, {"title": text, "day": "2024-02-29"})
                    for i, text in enumerate(reprs, start=1)
                ],
            )

    def test_bulk_events_with_awkward_text_verify(self):
        self.record(['一种"装置"', "back\\slash", "tab\there", "line\nbreak", "emoji 😀", "plain"])
        self.assertEqual(verify_chain(), [])
        for event in AuditEvent.objects.filter(action="thing.import"):
            self.assertEqual(event.compute_hash(), event.hash)

    def test_respelled_text_is_detected_although_it_reads_the_same(self):
        # The hash covers the stored text itself, not what it parses to.
        self.record(["plain"])
        event = AuditEvent.objects.get(action="thing.import")
        with tampering(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET after = %s WHERE id = %s",
                ['{"day": "2024-02-29", "title": "plain"}', event.pk],
            )
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).after, event.after)
        self.assertIn(f"event {event.seq}: contents do not match", self.verify_text())

    def verify_text(self) -> str:
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("verify_audit", stdout=StringIO(), stderr=err)
        return err.getvalue()
