"""Signed checkpoints of the audit chain's head, kept outside the database.

`write_checkpoint()` (nightly, and on demand with `manage.py audit_checkpoint`) writes the head's
sequence number and hash to a small JSON file signed with the chain key. `verify_audit` then checks
that every checkpointed event is still in the table with the same hash: deleting the newest events
and moving the head back, or rewriting the chain, is caught even by someone holding the database.
Copy the checkpoint folder off the machine with the backups (docs/backup.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from audit.keys import mac
from audit.models import AuditEvent, AuditHead


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    path: Path


def _payload(seq: int, digest: str, at: str) -> bytes:
    return json.dumps({"seq": seq, "hash": digest, "at": at}, sort_keys=True).encode()


def folder() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def write_checkpoint() -> Checkpoint | None:
    """Sign the current head; None while the trail is empty."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.last_seq == 0:
        return None
    at = timezone.now().isoformat()
    document = {"seq": head.last_seq, "hash": head.last_hash, "at": at}
    document["mac"] = mac(_payload(head.last_seq, head.last_hash, at))
    folder().mkdir(parents=True, exist_ok=True)
    path = folder() / f"checkpoint-{head.last_seq:012d}.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=1), encoding="utf-8")
    temporary.replace(path)
    return Checkpoint(head.last_seq, head.last_hash, at, path)


def set_aside_beyond(seq: int) -> list[Path]:
    """After a restore the chain ends where the backup ended: checkpoints of later events speak of
    a chain that is no longer there. They are moved (never deleted) into a dated sub-folder, and
    the restore says so."""
    moved: list[Path] = []
    if not folder().is_dir():
        return moved
    aside = folder() / f"superseded-{timezone.now().strftime('%Y%m%dT%H%M%S')}"
    for path in sorted(folder().glob("checkpoint-*.json")):
        try:
            later = int(json.loads(path.read_text(encoding="utf-8"))["seq"]) > seq
        except (ValueError, KeyError, TypeError):
            continue
        if later:
            aside.mkdir(exist_ok=True)
            moved.append(path.replace(aside / path.name))
    return moved


def check_checkpoints() -> list[str]:
    """Every problem the checkpoints show: a forged or unreadable file, a checkpointed event
    missing or with another hash, a head behind a checkpoint."""
    problems: list[str] = []
    if not folder().is_dir():
        return problems
    head = AuditHead.objects.filter(pk=1).first()
    head_seq = head.last_seq if head else 0
    for path in sorted(folder().glob("checkpoint-*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            seq, digest, at = int(document["seq"]), str(document["hash"]), str(document["at"])
        except (ValueError, KeyError, TypeError):
            problems.append(f"{path.name}: not a readable checkpoint")
            continue
        if document.get("mac") != mac(_payload(seq, digest, at)):
            problems.append(f"{path.name}: the signature does not match (forged, or another chain key)")
            continue
        if head_seq < seq:
            problems.append(f"{path.name}: the chain ends at {head_seq}, before checkpoint {seq} (events removed)")
        stored = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
        if stored is None:
            problems.append(f"{path.name}: event {seq} is missing")
        elif stored != digest:
            problems.append(f"{path.name}: event {seq} has another hash than at the checkpoint (rewritten)")
    return problems
