"""Writing and checking the audit trail. Actions call ``record`` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from audit.models import GENESIS_HASH, AuditEvent, AuditHead, canonical_json, chain_hash


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The object's own fields as JSON-ready values (foreign keys as ids)."""
    skip = set(exclude)
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        data[field.attname] = _jsonable(field.value_from_object(obj))
    return data


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the action's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    user = actor if getattr(actor, "pk", None) else None
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=user,
        actor_name=(user.get_username() if user else str(actor or "system"))[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.last_seq = event.seq
    head.last_hash = event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class Change:
    """One change for ``record_many``: what ``record`` takes, for bulk writes. ``before`` and
    ``after`` must already be JSON-ready (see ``snapshot`` and ``jsonable``)."""

    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @classmethod
    def of(cls, action: str, obj: models.Model, before=None, after=None) -> Change:  # type: ignore[no-untyped-def]
        return cls(action, obj._meta.label_lower, str(obj.pk), str(obj)[:200], before, after)


jsonable = _jsonable

AUDIT_FIELDS = [
    "seq",
    "at",
    "actor",
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


def record_many(*, actor: Any, changes: list[Change]) -> int:
    """Append many events at once (bulk imports): one lock of the chain head, hashes chained
    in order, rows written with the bulk path. Must run inside the action's transaction.
    ``before``/``after`` may hold dates; they are stored as ISO text."""
    from core.bulk import RawJson, insert_rows

    if not changes:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside the action's transaction")
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    user = actor if getattr(actor, "pk", None) else None
    actor_id = user.pk if user else None
    actor_name = (user.get_username() if user else str(actor or "system"))[:150]
    now = timezone.now()
    at = now.isoformat()
    prev_hash, seq = head.last_hash, head.last_seq
    rows = []
    for change in changes:
        seq += 1
        header = canonical_json(
            {
                "seq": seq,
                "at": at,
                "actor": actor_id,
                "actor_name": actor_name,
                "action": change.action,
                "object_type": change.object_type,
                "object_id": change.object_id,
                "object_repr": change.object_repr,
                "prev_hash": prev_hash,
            }
        )
        before, after = canonical_json(change.before), canonical_json(change.after)
        digest = chain_hash(header, before, after)
        rows.append(
            (
                seq,
                now,
                actor_id,
                actor_name,
                change.action,
                change.object_type,
                change.object_id,
                change.object_repr,
                RawJson(before) if change.before is not None else None,
                RawJson(after) if change.after is not None else None,
                prev_hash,
                digest,
            )
        )
        prev_hash = digest
    insert_rows(AuditEvent, AUDIT_FIELDS, rows)
    head.last_seq, head.last_hash = seq, prev_hash
    head.save(update_fields=["last_seq", "last_hash"])
    return len(rows)


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    message: str


def verify_chain() -> list[ChainProblem]:
    """Walk the chain in order and report every break: a row whose hash does not match its
    contents (edited), a row whose predecessor link is wrong (deleted or reordered), a gap
    in the sequence, and a head that does not match the last row (rows cut off the end)."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    last_seq = 0
    last_hash = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            problems.append(ChainProblem(event.seq, f"expected sequence {expected_seq}, found {event.seq}"))
        if event.prev_hash != expected_prev:
            problems.append(ChainProblem(event.seq, "link to the previous event is broken"))
        if event.compute_hash() != event.hash:
            problems.append(ChainProblem(event.seq, "contents do not match the stored hash (edited)"))
        expected_prev = event.hash
        expected_seq = event.seq + 1
        last_seq, last_hash = event.seq, event.hash
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (last_seq, last_hash):
        problems.append(ChainProblem(None, f"chain head says {head_seq} events, the table ends at {last_seq}"))
    return problems
