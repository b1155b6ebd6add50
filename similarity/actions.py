"""Every change the similarity app makes: the outside-mark corpus, the protected list and the
watch hits' review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.districts import acting_district
from accounts.models import District, Organisation, default_district_code
from audit.trail import Change, _jsonable, record, record_many, snapshot
from core.actions import check_status, require
from core.workflow import take_step
from portfolio.models import GeographicalIndication, SpecialSign, Trademark
from refdata import lookups
from similarity.choices import CROSS_CLASS_KINDS, ProtectedKind, WatchStatus
from similarity.models import CorpusImport, CorpusMark, ProtectedMark, WatchHit, WatchHitStatusChange
from similarity.permissions import can_keep_protected_list, can_transition_hit

# Marks that no longer stand do not earn protection from the watch.
DEAD_TRADEMARK_STATUSES = ("expired", "cancelled", "invalidated", "rejected")
CORPUS_FIELDS = (
    "mark_text",
    "holder_name",
    "nice_classes",
    "groups",
    "filing_date",
    "publication_date",
    "status",
    "source",
)


def _change(action: str, obj, before=None, after=None) -> Change:
    """An audit change for ``record_many`` (``Change.of`` where the trail has it)."""
    if hasattr(Change, "of"):
        return Change.of(action, obj, _jsonable(before), _jsonable(after))
    return Change(action, obj, before, after)


# --- the corpus of outside marks -------------------------------------------------------------


@transaction.atomic
def write_corpus(records, *, actor, file_name: str, source: str) -> CorpusImport:
    """Write checked corpus rows: create new numbers, update changed ones, leave identical ones
    alone. One audit event for the file, with before/after of every updated mark; the index and
    the watch follow after commit."""
    require(can_keep_protected_list(actor))
    batch = CorpusImport.objects.create(
        file_name=file_name[:200], source=source[:100], created_by=actor if getattr(actor, "pk", None) else None
    )
    numbers = [r.values["number"] for r in records]
    existing: dict[str, CorpusMark] = {}
    for start in range(0, len(numbers), 900):
        for stored in CorpusMark.objects.filter(number__in=numbers[start : start + 900]):
            existing[stored.number] = stored
    to_create: list[CorpusMark] = []
    to_update: list[CorpusMark] = []
    updates: list[Any] = []
    for rec in records:
        mark = existing.get(rec.values["number"])
        if mark is None:
            to_create.append(CorpusMark(last_import=batch, **rec.values))
            continue
        if all(getattr(mark, k) == rec.values[k] for k in CORPUS_FIELDS):
            continue
        before = {k: getattr(mark, k) for k in CORPUS_FIELDS}
        for key in CORPUS_FIELDS:
            setattr(mark, key, rec.values[key])
        mark.last_import = batch
        to_update.append(mark)
        updates.append({"number": mark.number, "before": before, "after": {k: rec.values[k] for k in CORPUS_FIELDS}})
    created = CorpusMark.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        CorpusMark.objects.bulk_update(to_update, [*CORPUS_FIELDS, "last_import"], batch_size=1000)
    batch.total_rows = len(records)
    batch.created_count, batch.updated_count = len(created), len(to_update)
    batch.unchanged_count = len(records) - len(created) - len(to_update)
    batch.save(update_fields=["total_rows", "created_count", "updated_count", "unchanged_count"])
    record(actor=actor, action="corpus.import", obj=batch, after={**snapshot(batch), "updates": updates})
    changed_ids = [m.pk for m in created] + [m.pk for m in to_update]
    from similarity import index

    index.record_changes(index.corpus_index_id(pk) for pk in changed_ids)
    if changed_ids:
        transaction.on_commit(lambda: _after_corpus_write(changed_ids, source))
    return batch


def _after_corpus_write(corpus_ids: list[int], source: str) -> None:
    from similarity import index, logos, watch

    index.catch_up(force=True)
    logos.refresh([index.corpus_index_id(i) for i in corpus_ids])
    watch.check_indexed_marks([index.corpus_index_id(i) for i in corpus_ids], source_label=source)


# --- the protected list ----------------------------------------------------------------------


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0


def _desired_entries(today: dt.date) -> list[tuple[str, int, dict[str, Any], bool]]:
    """(source field, source pk, values, still protected) for every source of the list."""
    out = []
    owner_districts = Organisation.districts.through.objects.filter(organisation_id=OuterRef("owner__organisation_id"))
    marks = (
        Trademark.objects.filter(is_well_known=True)
        .exclude(status__in=DEAD_TRADEMARK_STATUSES)
        .select_related("owner")
        .prefetch_related("goods")
        .annotate(owner_district=Subquery(owner_districts.values("district_id")[:1]))
    )
    default = default_district_code()
    for tm in marks:
        values = {
            # A well-known mark is watched by the office of its owner's district.
            "district_id": tm.owner_district or default,
            "name": tm.mark_text,
            "kind": ProtectedKind.WELL_KNOWN,
            "holder_name": tm.owner.name,
            "nice_classes": sorted({g.nice_class for g in tm.goods.all()}),
            "groups": sorted({g.group_code for g in tm.goods.all()}),
            "cross_class": True,
        }
        out.append(("trademark", tm.pk, values, True))
    for gi in GeographicalIndication.objects.select_related("holder"):
        values = {
            "name": gi.name,
            "kind": ProtectedKind.GEOGRAPHICAL_INDICATION,
            "holder_name": gi.holder_name or (gi.holder.name if gi.holder else ""),
            "nice_classes": [gi.nice_class] if gi.nice_class else [],
            "groups": [],
            "cross_class": False,
        }
        out.append(("geographical_indication", gi.pk, values, True))
    for sign in SpecialSign.objects.all():
        values = {
            "name": sign.name,
            "kind": ProtectedKind.SPECIAL_SIGN,
            "holder_name": sign.holder_name,
            "nice_classes": [],
            "groups": [],
            "cross_class": True,
        }
        out.append(("special_sign", sign.pk, values, sign.protected_until is None or sign.protected_until >= today))
    return out


@transaction.atomic
def sync_protected_list(*, actor) -> SyncResult:
    """Refresh the list from its sources: well-known marks of the portfolio, geographical
    indications and special signs. Entries whose source is gone or no longer protected stop
    being watched (they are kept for their hits); entries added by hand are left alone."""
    require(can_keep_protected_list(actor))
    result = SyncResult()
    current = list(ProtectedMark.objects.select_for_update().filter(is_manual=False))
    by_source: dict[tuple[str, int], ProtectedMark] = {}
    for listed in current:
        for attr in ("trademark_id", "geographical_indication_id", "special_sign_id"):
            if getattr(listed, attr):
                by_source[(attr.removesuffix("_id"), getattr(listed, attr))] = listed
    seen: set[int] = set()
    changes: list[Change] = []
    for source, pk, values, protected in _desired_entries(timezone.localdate()):
        entry = by_source.get((source, pk))
        if entry is None:
            if not protected:
                continue
            entry = ProtectedMark.objects.create(**values, **{f"{source}_id": pk})
            changes.append(_change("protected_mark.sync_add", entry, None, snapshot(entry)))
            result.created += 1
            seen.add(entry.pk)
            continue
        seen.add(entry.pk)
        wanted = {**values, "is_active": protected}
        if all(getattr(entry, k) == v for k, v in wanted.items()):
            result.unchanged += 1
            continue
        before = snapshot(entry)
        for key, value in wanted.items():
            setattr(entry, key, value)
        entry.save()
        changes.append(_change("protected_mark.sync_update", entry, before, snapshot(entry)))
        result.updated += 1
    for entry in current:
        if entry.pk not in seen and entry.is_active:
            before = snapshot(entry)
            entry.is_active = False
            entry.save(update_fields=["is_active", "updated_at"])
            changes.append(_change("protected_mark.sync_deactivate", entry, before, snapshot(entry)))
            result.deactivated += 1
    record_many(actor=actor, changes=changes)
    return result


def _clean_goods(classes: Sequence[int | str], groups: Sequence[str]) -> tuple[list[int], list[str]]:
    try:
        cleaned_groups = sorted({lookups.validate_group(g) for g in groups})
    except ValidationError as exc:
        raise ValidationError({"groups": exc.messages}) from None
    try:
        cleaned_classes = {lookups.validate_nice_class(c) for c in classes}
    except ValidationError as exc:
        raise ValidationError({"nice_classes": exc.messages}) from None
    cleaned_classes |= {lookups.group_class(g) for g in cleaned_groups}
    return sorted(cleaned_classes), cleaned_groups


@transaction.atomic
def add_protected_mark(
    *,
    actor,
    name: str,
    kind: str = ProtectedKind.KEY_BRAND,
    nice_classes: Sequence[int | str] | None = None,
    groups: list[str] | None = None,
    holder_name: str = "",
    cross_class: bool | None = None,
    note: str = "",
    district: District | None = None,
) -> ProtectedMark:
    """Put a mark on the protected list by hand: a key brand of the district, or a well-known
    mark, GI or special sign the portfolio does not hold."""
    require(can_keep_protected_list(actor))
    classes, cleaned_groups = _clean_goods(nice_classes or [], groups or [])
    entry = ProtectedMark(
        district=acting_district(actor, district),
        name=name.strip(),
        kind=kind,
        nice_classes=classes,
        groups=cleaned_groups,
        holder_name=holder_name.strip(),
        cross_class=kind in CROSS_CLASS_KINDS if cross_class is None else cross_class,
        note=note.strip(),
        is_manual=True,
    )
    entry.full_clean()
    entry.save()
    record(actor=actor, action="protected_mark.add", obj=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def set_protected_mark_watched(*, actor, protected_mark: ProtectedMark, watched: bool) -> ProtectedMark:
    """Stop or resume watching one entry (its hits stay)."""
    require(can_keep_protected_list(actor))
    entry = ProtectedMark.objects.select_for_update().get(pk=protected_mark.pk)
    before = snapshot(entry)
    entry.is_active = watched
    entry.save(update_fields=["is_active", "updated_at"])
    record(
        actor=actor,
        action="protected_mark.watch" if watched else "protected_mark.unwatch",
        obj=entry,
        before=before,
        after=snapshot(entry),
    )
    return entry


# --- watch hits --------------------------------------------------------------------------------


@dataclass
class Finding:
    """A new mark found similar to a protected mark, before it is written as a hit."""

    protected_mark_id: int
    source_kind: str
    source_label: str
    mark_text: str
    score: float
    reasons: list[dict]
    number: str = ""
    holder_name: str = ""
    nice_classes: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    source_type_id: int | None = None
    source_id: int | None = None
    publication_date: dt.date | None = None


@transaction.atomic
def record_watch_findings(findings: list[Finding], *, actor=None) -> list[WatchHit]:
    """Write findings as watch hits. A mark already found for the same protected mark updates
    its hit while the hit is still new; a decided hit is left as decided."""
    if not findings:
        return []
    keyed = [f for f in findings if f.source_id is not None]
    existing: dict[tuple[int, int | None, int | None], WatchHit] = {}
    for start in range(0, len(keyed), 500):
        chunk = keyed[start : start + 500]
        rows = WatchHit.objects.select_for_update().filter(
            protected_mark_id__in={f.protected_mark_id for f in chunk}, source_id__in={f.source_id for f in chunk}
        )
        for row in rows:
            existing[(row.protected_mark_id, row.source_type_id, row.source_id)] = row
    hits: list[WatchHit] = []
    to_create: list[WatchHit] = []
    changes: list[Any] = []
    for f in findings:
        values = {
            "source_kind": f.source_kind,
            "source_label": f.source_label[:200],
            "mark_text": f.mark_text[:200],
            "number": f.number,
            "holder_name": f.holder_name[:300],
            "nice_classes": f.nice_classes,
            "groups": f.groups,
            "score": Decimal(str(round(f.score, 1))),
            "reasons": f.reasons,
            "publication_date": f.publication_date,
        }
        hit = existing.get((f.protected_mark_id, f.source_type_id, f.source_id)) if f.source_id is not None else None
        if hit is None:
            to_create.append(
                WatchHit(
                    protected_mark_id=f.protected_mark_id,
                    source_type_id=f.source_type_id,
                    source_id=f.source_id,
                    **values,
                )
            )
            continue
        if hit.status == WatchStatus.NEW and any(getattr(hit, k) != v for k, v in values.items()):
            before = snapshot(hit)
            for key, value in values.items():
                setattr(hit, key, value)
            hit.save()
            changes.append(_change("watch_hit.update", hit, before, snapshot(hit)))
        hits.append(hit)
    created = WatchHit.objects.bulk_create(to_create, batch_size=1000)
    changes += [_change("watch_hit.found", hit, None, snapshot(hit)) for hit in created]
    record_many(actor=actor, changes=changes)
    return hits + created


@transaction.atomic
def transition_watch_hit(*, actor, hit: WatchHit, to_status: str, note: str) -> WatchHit:
    """Confirm a conflict, dismiss a hit, or reopen a decided one; the step, who took it and
    why are kept as a status change and in the audit trail."""
    check_status(WatchStatus, to_status)
    hit = WatchHit.objects.select_for_update().get(pk=hit.pk)
    require(can_transition_hit(actor, hit, to_status))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why, in a sentence: the next person reads it.")})
    before = snapshot(hit)
    take_step(hit, to_status, history=WatchHitStatusChange, owner="hit", actor=actor, note=note[:1000])
    person = actor if getattr(actor, "pk", None) else None
    if to_status == WatchStatus.NEW:
        hit.decided_by, hit.decided_at, hit.decision_note = None, None, ""
    else:
        hit.decided_by, hit.decided_at, hit.decision_note = person, timezone.now(), note[:1000]
    hit.save()
    record(actor=actor, action="watch_hit.transition", obj=hit, before=before, after={**snapshot(hit), "note": note})
    return hit
