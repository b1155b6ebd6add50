"""Block events: one audit event for a block of records imported together.

A bulk import used to append one event per record (100,000 events of about 830 bytes for a
database export, three quarters of what the server stored for the import). Now it appends one
event per block of ``BLOCK_ROWS`` records, chained and keyed like any other event, whose ``after``
is the block's document::

    {"fields": [...], "ids": ["101", ...], "rows": [2, ...], "values": [[...], ...]}

— the names of the values, then per record its id, the row of the imported file it came from
and its values in the order of ``fields``. The event's action is the per-record action with
``BLOCK_SUFFIX`` (``patent.import.block``), its object type the records' type, its object id
empty. A narrow table, ``AuditBlockRecord``, says which block holds each record, so that
``history()`` still finds the import of a record and shows it as that record's own entry (the
block's sequence number, the file's row, the record's values). ``verify_audit`` checks the
block's hash like any event's, and that the table lists exactly the records of each block.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models
from django.db.models.functions import Cast, StrIndex, Substr

from audit.models import AuditBlockRecord, AuditEvent, canonical_json

BLOCK_SUFFIX = ".block"
# Records per block event: large enough that the events cost nothing beside the records, small
# enough that a record's history page reads a document of a few hundred kilobytes.
BLOCK_ROWS = 1000


def is_block(event: Any) -> bool:
    return str(event.action).endswith(BLOCK_SUFFIX)


def block_document(fields: list[str], ids: list[str], rows: list[int], values: list[str]) -> str:
    """The block's ``after`` as canonical JSON text (what ``canonical_json`` spells for the same
    value); each of ``values`` must be the canonical JSON text of one record's list of values,
    in the order of ``fields`` (an importer spells them column by column, faster than the
    encoder would)."""
    return "".join(
        (
            '{"fields":',
            canonical_json(fields),
            ',"ids":',
            canonical_json(ids),
            ',"rows":',
            canonical_json(rows),
            ',"values":[',
            ",".join(values),
            "]}",
        )
    )


def record_entry(event: AuditEvent, object_type: str, object_id: str) -> AuditEvent | None:
    """The block event read as the event of one of its records: its own action, its values as
    ``after``, and ``block_row`` (the imported file's row) for the display; None if the block
    does not hold that record (its index row was tampered with). The instance is for reading
    only: its fields no longer match the stored hash."""
    document: Any = event.after
    try:
        position = document["ids"].index(object_id)
        values = document["values"][position]
        row = document["rows"][position]
        fields = document["fields"]
        after = dict(zip(fields, values, strict=True))
    except (KeyError, ValueError, IndexError, TypeError, AttributeError):
        return None
    if event.object_type != object_type:
        return None
    event.action = event.action.removesuffix(BLOCK_SUFFIX)
    event.object_id = object_id
    event.before = None
    event.after = after  # type: ignore[assignment]  # the field holds parsed JSON (CanonicalJSONField)
    event.block_row = row  # type: ignore[attr-defined]  # read by audit.display
    return event


def without_block_documents(events: models.QuerySet[AuditEvent]) -> models.QuerySet[AuditEvent]:
    """The events for a page of the whole trail with each block's document left in the database
    (a page of 50 blocks parsed some 13 MB of JSON): a block brings only its file rows, as the
    text "2,3,…" cut out of the stored document (``block_rows``), any other event its ``after``
    as text. ``read_documents`` puts them in place once the page's rows are fetched."""
    block = models.Q(action__endswith=BLOCK_SUFFIX)
    text = models.TextField()
    rows_at = StrIndex("after", models.Value('"rows":[')) + len('"rows":[')
    values_at = StrIndex("after", models.Value('],"values":['))
    return events.defer("after").annotate(
        rows_at=rows_at,
        values_at=values_at,
        after_text=models.Case(
            models.When(block, then=models.Value(None)), default=Cast("after", text), output_field=text
        ),
        block_rows=models.Case(
            # A document without the two marks (tampered with) shows no rows rather than failing.
            models.When(
                block & models.Q(values_at__gte=models.F("rows_at"), rows_at__gt=len('"rows":[')),
                then=Substr("after", rows_at, values_at - rows_at),
            ),
            default=models.Value(None),
            output_field=text,
        ),
    )


def read_documents(events: Iterable[Any]) -> list[Any]:
    """The events of ``without_block_documents``, each with its ``after`` parsed (None for a block)."""
    events = list(events)
    for event in events:
        event.after = None if event.after_text is None else json.loads(event.after_text)
    return events


def block_seqs(object_type: str, object_id: str) -> list[int]:
    """The sequence numbers of the block events that hold this record."""
    return list(
        AuditBlockRecord.objects.filter(object_type=object_type, object_id=object_id).values_list("seq", flat=True)
    )


def check_block_records() -> list[tuple[int, str]]:
    """(sequence number, problem) for every block whose records the index does not list exactly
    (a row removed, added or repointed), and for index rows pointing at no block event.

    Both sides are read in order of sequence number and compared one block at a time, so the
    memory needed is one block's, however long the trail."""
    problems: list[tuple[int, str]] = []
    index = (
        AuditBlockRecord.objects.order_by("seq")
        .values_list("seq", "object_type", "object_id")
        .iterator(chunk_size=5000)
    )
    groups: Iterator[tuple[int, Iterator[tuple[int, str, str]]]] = itertools.groupby(index, key=lambda row: row[0])
    # The document as stored text, parsed here: a tampered text that is not JSON is a problem
    # to report, not an error of the check.
    blocks = (
        AuditEvent.objects.filter(action__endswith=BLOCK_SUFFIX)
        .order_by("seq")
        .annotate(text=Cast("after", models.TextField()))
        .values_list("seq", "object_type", "text")
        .iterator(chunk_size=20)
    )
    current = next(groups, None)
    for seq, object_type, text in blocks:
        while current is not None and current[0] < seq:
            problems.append((current[0], "block index rows point at no block event"))
            current = next(groups, None)
        listed: set[tuple[str, str]] = set()
        try:
            listed = {(object_type, str(object_id)) for object_id in json.loads(text)["ids"]}
        except (ValueError, KeyError, TypeError):
            problems.append((seq, "the block's document lists no records"))
        found: set[tuple[str, str]] = set()
        if current is not None and current[0] == seq:
            found = {(kind, object_id) for _seq, kind, object_id in current[1]}
            current = next(groups, None)
        if found != listed:
            problems.append(
                (
                    seq,
                    f"block index does not match the block's records "
                    f"({len(listed - found)} missing, {len(found - listed)} not in the block)",
                )
            )
    while current is not None:
        problems.append((current[0], "block index rows point at no block event"))
        current = next(groups, None)
    return problems
