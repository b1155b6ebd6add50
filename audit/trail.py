"""Writing and checking the audit trail. Actions call ``record`` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast
from django.utils import timezone

from audit.blocks import BLOCK_SUFFIX, block_document, block_seqs, check_block_records, is_block, record_entry
from audit.models import GENESIS_HASH, AuditBlockRecord, AuditEvent, AuditHead, canonical_json, chain_hash
from core.bulk import BulkWriter, Same, Values, insert_columns


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


def record_security_event(
    *,
    actor: Any,
    action: str,
    request: Any = None,
    obj: models.Model | None = None,
    object_repr: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Put a security event in the trail in a transaction of its own: a log-in, a failed log-in,
    a refusal, an export, a look at a full ID number. These are reads or attempts, not changes,
    so no action's transaction is there to carry them. ``detail`` holds what the office needs to
    follow the event up (the path, the address); never a password or the personal number."""
    after = dict(detail or {})
    if request is not None:
        after.setdefault("path", request.path)
        after.setdefault("address", request.META.get("REMOTE_ADDR", ""))
    with transaction.atomic():
        return record(
            actor=actor,
            action=action,
            obj=obj,
            object_type="" if obj is not None else "security",
            object_id="" if obj is not None else "-",
            object_repr=object_repr,
            after=after,
        )


def record_refusal(request: Any, reason: str) -> AuditEvent:
    """A refused page or API call (403): who tried what, and why not."""
    user = getattr(request, "user", None)
    return record_security_event(
        actor=user if user is not None and user.is_authenticated else "anonymous",
        action="security.denied",
        request=request,
        detail={"method": request.method, "reason": reason[:300]},
    )


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
    def of(cls, action: str, obj: models.Model, before=None, after=None) -> Change:
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


class ChainAppender:
    """Appends many events to the chain with one lock of its head (bulk imports).

    ``add`` takes the canonical JSON texts of ``before`` and ``after``, so an importer that
    already holds its values as plain text spells each document once, and can prepare the
    events while the database is still busy with the rows they describe; ``add_block`` appends
    one event for a whole block of imported records (``audit/blocks.py``). ``flush`` inserts the events
    prepared so far (through a ``core.bulk.BulkWriter`` when given); ``write`` inserts the rest
    and moves the head. Open it inside the transaction that makes the changes."""

    def __init__(self, *, actor: Any) -> None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("audit events must be appended inside the action's transaction")
        self.head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        user = actor if getattr(actor, "pk", None) else None
        self.actor_id = user.pk if user else None
        self.actor_name = (user.get_username() if user else str(actor or "system"))[:150]
        self.at = timezone.now()
        self.seq, self.prev_hash = self.head.last_seq, self.head.last_hash
        self.rows: list[tuple[Any, ...]] = []
        self._segments: list[tuple[list[Values], int]] = []
        self._block_records: list[tuple[int, str, list[str]]] = []  # (block's seq, object type, ids)
        self.written = 0
        # The header's canonical JSON in key order, split around the parts that vary per event;
        # test_chain checks that it spells exactly what canonical_json(event.header()) does.
        self._header_actor = f',"actor":{canonical_json(self.actor_id)},"actor_name":{canonical_json(self.actor_name)}'
        self._header_at = f',"at":{canonical_json(self.at.isoformat())}'

    def add(
        self, action: str, object_type: str, object_id: str, object_repr: str, before: str | None, after: str | None
    ) -> None:
        """One event; ``before`` and ``after`` are canonical JSON text (``canonical_json``) or None."""
        self.seq += 1
        header = "".join(
            (
                '{"action":',
                _json_string(action),
                self._header_actor,
                self._header_at,
                ',"object_id":',
                _json_string(object_id),
                ',"object_repr":',
                _json_string(object_repr),
                ',"object_type":',
                _json_string(object_type),
                ',"prev_hash":"',
                self.prev_hash,
                '","seq":',
                str(self.seq),
                "}",
            )
        )
        digest = chain_hash(header, "null" if before is None else before, "null" if after is None else after)
        self.rows.append(
            (
                self.seq,
                self.at,
                self.actor_id,
                self.actor_name,
                action,
                object_type,
                object_id,
                object_repr,
                before,
                after,
                self.prev_hash,
                digest,
            )
        )
        self.prev_hash = digest

    def add_block(
        self,
        action: str,
        object_type: str,
        object_ids: list[str],
        rows: list[int],
        fields: list[str],
        values: list[str],
        object_repr: str = "",
    ) -> None:
        """One event for a block of imported records (``audit/blocks.py``): record i has the id
        ``object_ids[i]``, came from row ``rows[i]`` of the file, and its values are
        ``values[i]``, the canonical JSON text of a list in the order of ``fields``. Each record
        reads in its history as an event ``action`` of its own; ``flush`` also writes the index
        rows that lead there."""
        if not object_ids:
            return
        document = block_document(fields, object_ids, rows, values)
        self.add(action + BLOCK_SUFFIX, object_type, "", object_repr[:200], None, document)
        self._block_records.append((self.seq, object_type, object_ids))

    def _seal_rows(self) -> None:
        if self.rows:
            self._segments.append(([list(column) for column in zip(*self.rows, strict=True)], len(self.rows)))
            self.rows = []

    def flush(self, writer: BulkWriter | None = None) -> int:
        """Insert the events prepared so far (through ``writer`` when given); the head moves
        only on ``write``."""
        self._seal_rows()
        count = 0
        for columns, rows in self._segments:
            count += insert_columns(AuditEvent, AUDIT_FIELDS, columns, rows, writer)
        self._segments = []
        for seq, object_type, object_ids in self._block_records:
            insert_columns(
                AuditBlockRecord,
                ["seq", "object_type", "object_id"],
                [Same(seq), Same(object_type), object_ids],
                len(object_ids),
                writer,
            )
        self._block_records = []
        self.written += count
        return count

    def write(self) -> int:
        """Insert the prepared events and move the chain head past them; returns how many
        events this appender wrote in all."""
        self.flush()
        if self.written:
            self.head.last_seq, self.head.last_hash = self.seq, self.prev_hash
            self.head.save(update_fields=["last_seq", "last_hash"])
        return self.written


_PLAIN = re.compile(r"[\w .:/\-]*", re.ASCII)


def _json_string(text: str) -> str:
    """``text`` as a JSON string, as canonical_json spells it; ids, actions and type names
    need no escaping, which spares json.dumps for most parts of the header."""
    if _PLAIN.fullmatch(text):
        return f'"{text}"'
    return canonical_json(text)


def record_many(*, actor: Any, changes: list[Change]) -> int:
    """Append many events at once (bulk imports): one lock of the chain head, hashes chained
    in order, rows written with the bulk path. Must run inside the action's transaction.
    ``before``/``after`` may hold dates; they are stored as ISO text."""
    if not changes:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside the action's transaction")
    chain = ChainAppender(actor=actor)
    for change in changes:
        chain.add(
            change.action,
            change.object_type,
            change.object_id,
            change.object_repr,
            None if change.before is None else canonical_json(change.before),
            None if change.after is None else canonical_json(change.after),
        )
    return chain.write()


def history(obj: models.Model) -> list[AuditEvent]:
    """The object's events in order: its own, and each import block that holds it, read as the
    object's own entry (``audit.blocks.record_entry``). Two queries: the blocks' numbers first,
    so that both lookups use their index (an OR with a subquery would scan the whole trail).
    Only what the hashed events say is shown: an index row pointing elsewhere is left out (and
    reported by ``verify_audit``)."""
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    mine = models.Q(object_type=object_type, object_id=object_id)
    seqs = block_seqs(object_type, object_id)
    if seqs:
        mine |= models.Q(seq__in=seqs)
    entries = []
    for event in AuditEvent.objects.filter(mine).select_related("actor").order_by("seq"):
        if is_block(event):
            entry = record_entry(event, object_type, object_id)
            if entry is not None:
                entries.append(entry)
        elif (event.object_type, event.object_id) == (object_type, object_id):  # not an index row's stray seq
            entries.append(event)
    return entries


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
    # The hash covers the stored text of before/after, read as text (not parsed and respelled).
    events = (
        AuditEvent.objects.order_by("id")
        .defer("before", "after")
        .annotate(before_text=Cast("before", models.TextField()), after_text=Cast("after", models.TextField()))
    )
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected_seq:
            problems.append(ChainProblem(event.seq, f"expected sequence {expected_seq}, found {event.seq}"))
        if event.prev_hash != expected_prev:
            problems.append(ChainProblem(event.seq, "link to the previous event is broken"))
        before = "null" if event.before_text is None else event.before_text
        after = "null" if event.after_text is None else event.after_text
        if chain_hash(canonical_json(event.header()), before, after) != event.hash:
            problems.append(ChainProblem(event.seq, "contents do not match the stored hash (edited)"))
        expected_prev = event.hash
        expected_seq = event.seq + 1
        last_seq, last_hash = event.seq, event.hash
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (last_seq, last_hash):
        problems.append(ChainProblem(None, f"chain head says {head_seq} events, the table ends at {last_seq}"))
    problems.extend(ChainProblem(seq, message) for seq, message in check_block_records())
    from audit.checkpoints import check_checkpoints

    problems.extend(ChainProblem(None, message) for message in check_checkpoints())
    return problems
