"""The chain is keyed with a secret held outside the database, its head is anchored in signed
checkpoint files, and on PostgreSQL the table itself refuses UPDATE and DELETE."""

from __future__ import annotations

import hashlib
import json
import tempfile
import unittest
from pathlib import Path

from django.apps import apps as django_apps
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from audit.checkpoints import write_checkpoint
from audit.models import GENESIS_HASH, AuditEvent, AuditHead, canonical_json
from audit.tests.tampering import tampering
from audit.trail import verify_chain
from core.tests.people import PeopleTestCase
from registry import actions


def plain_hash(event: AuditEvent, prev: str) -> str:
    """What an attacker without the key can compute: the old, unkeyed SHA-256."""
    header = dict(event.header(), prev_hash=prev)
    text = "\x1e".join((canonical_json(header), canonical_json(event.before), canonical_json(event.after)))
    return hashlib.sha256(text.encode()).hexdigest()


class KeyedChainTests(PeopleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        override = override_settings(AUDIT_CHECKPOINT_DIR=self.folder)
        override.enable()
        self.addCleanup(override.disable)
        for i in range(4):
            actions.update_park(actor=self.clerk, park=self.park, focus=f"focus {i}")

    def rewrite_without_the_key(self) -> int:
        """Edit one event and re-chain everything after it with plain SHA-256."""
        events = list(AuditEvent.objects.order_by("seq"))
        target = next(e for e in events if e.action == "park.update")
        with tampering():
            prev = GENESIS_HASH
            for event in events:
                if event.seq >= target.seq:
                    if event.pk == target.pk:
                        event.after = {"focus": "rewritten"}  # type: ignore[assignment]  # tampering: a raw value the model would not hold
                    new = plain_hash(event, prev)
                    AuditEvent.objects.filter(pk=event.pk).update(after=event.after, prev_hash=prev, hash=new)
                    prev = new
                else:
                    prev = event.hash
            AuditHead.objects.filter(pk=1).update(last_hash=prev)
        return target.seq

    def test_a_chain_recomputed_without_the_key_is_detected(self):
        seq = self.rewrite_without_the_key()
        problems = [p for p in verify_chain() if p.seq == seq]
        self.assertTrue(problems, verify_chain())

    def test_cutting_off_the_newest_events_is_caught_by_the_checkpoint(self):
        checkpoint = write_checkpoint()
        self.assertEqual(verify_chain(), [])
        keep = checkpoint.seq - 2
        kept_hash = AuditEvent.objects.get(seq=keep).hash
        with tampering():
            AuditEvent.objects.filter(seq__gt=keep).delete()
            AuditHead.objects.filter(pk=1).update(last_seq=keep, last_hash=kept_hash)
        messages = [p.message for p in verify_chain()]
        self.assertTrue(any("events removed" in m for m in messages), messages)

    def test_a_forged_checkpoint_is_refused(self):
        checkpoint = write_checkpoint()
        document = json.loads(checkpoint.path.read_text())
        document["seq"] = 1
        checkpoint.path.write_text(json.dumps(document))
        self.assertTrue(any("signature" in p.message for p in verify_chain()))

    def test_the_hash_is_not_a_plain_sha256(self):
        event = AuditEvent.objects.order_by("seq").last()
        self.assertNotEqual(event.hash, plain_hash(event, event.prev_hash))
        self.assertEqual(event.hash, event.compute_hash())

    def test_the_upgrade_reseals_an_old_plain_chain_and_refuses_a_broken_one(self):
        migration = __import__("audit.migrations.0003_keyed_chain", fromlist=["reseal"])
        events = list(AuditEvent.objects.order_by("seq"))
        with tampering():
            prev = GENESIS_HASH
            for event in events:  # the chain as the old version wrote it
                new = plain_hash(event, prev)
                AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=new)
                prev = new
            AuditHead.objects.filter(pk=1).update(last_hash=prev)
            self.assertTrue(verify_chain())  # not valid under the key yet
            migration.reseal(django_apps, None)
        self.assertEqual(verify_chain(), [])
        self.rewrite_without_the_key()
        with tampering(), self.assertRaises(RuntimeError):
            # An already-changed trail under the old rule stops the upgrade.
            AuditEvent.objects.filter(seq=events[1].seq).update(object_repr="changed")
            migration.reseal(django_apps, None)


@unittest.skipUnless(connection.vendor == "postgresql", "the trigger is PostgreSQL's")
class AppendOnlyTriggerTests(PeopleTestCase):
    def test_postgresql_refuses_update_and_delete_of_audit_events(self):
        actions.update_park(actor=self.clerk, park=self.park, focus="x")
        event = AuditEvent.objects.order_by("seq").last()
        for statement in (
            "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with (
                self.subTest(statement=statement),
                self.assertRaises(DatabaseError),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [event.pk])


class CheckpointAfterRestoreTests(PeopleTestCase):
    def test_checkpoints_of_events_after_a_restored_backup_are_moved_aside_not_deleted(self):
        from audit.checkpoints import set_aside_beyond

        folder = Path(tempfile.mkdtemp())
        with override_settings(AUDIT_CHECKPOINT_DIR=folder):
            actions.update_park(actor=self.clerk, park=self.park, focus="before the backup")
            kept = write_checkpoint()
            actions.update_park(actor=self.clerk, park=self.park, focus="after the backup")
            later = write_checkpoint()
            moved = set_aside_beyond(kept.seq)
            self.assertEqual([p.name for p in moved], [later.path.name])
            self.assertTrue(kept.path.exists())
            self.assertTrue(moved[0].exists())


class CheckpointJobTests(PeopleTestCase):
    def test_the_nightly_job_writes_a_checkpoint(self):
        from core import jobs

        folder = Path(tempfile.mkdtemp())
        self.assertIn("audit.checkpoint", jobs.KINDS)
        self.assertIsNotNone(jobs.KINDS["audit.checkpoint"].schedule)
        with override_settings(AUDIT_CHECKPOINT_DIR=folder):
            actions.update_park(actor=self.clerk, park=self.park, focus="signed tonight")
            run = jobs.submit("audit.checkpoint", "audit.checkpoint:test", {})
            run.refresh_from_db()
            self.assertEqual(run.status, "done", run.message)
            self.assertEqual(len(list(folder.glob("checkpoint-*.json"))), 1)
