"""Who owns an imported patent now: the names the matching could not place wait on the clerk's
queue (linked to the patents that name them), and a published transfer (专利权的转移, a change
of the owner's name) moves a patent to its new owners.

A transfer's new owners are matched like the owners of a database export (a clerk's earlier
decision, then the registry's names exactly or normalised); the old owners' links end; a new
owner left over waits on the queue, and the clerk's decision gives it the patent. Only the
latest transfer of a patent counts: an older one imported later changes nothing."""

from __future__ import annotations

import re
from typing import Any

from audit.trail import Change, record_many
from core.bulk import insert_rows
from portfolio.importing.owners import OwnerIndex, normalise_name, resolve, split_names
from portfolio.models import (
    ImportJob,
    OwnerDecision,
    OwnerName,
    Patent,
    PatentOwnerName,
    PatentStatusEvent,
    StatusEventKind,
)

# The published details of a transfer, as CNIPA's gazette writes them: "变更事项:专利权人
# 变更前权利人:甲公司 变更后权利人:乙公司 变更事项:地址 … 登记生效日:2019.03.12", and the
# older prose "专利权人由甲公司变更为乙公司". A value ends where the next label starts.
_LABELS = r"变更事项|变更前|变更后|登记生效日|地址|IPC|专利号|申请日|授权公告日"
_ITEM = re.compile(r"变更事项\s*[:：]")
_OWNER_ITEM = re.compile(r"^\s*(?:专利权人|专利申请权人|申请人|权利人|专利权人名称)")
_AFTER = re.compile(rf"变更后(?:的)?(?:专利权人|申请人|权利人)?\s*[:：]\s*(?P<names>.+?)\s*(?=(?:{_LABELS})|$)", re.S)
_PROSE = re.compile(
    r"(?:专利权人|专利申请权人|申请人|权利人)由\s*.+?\s*变更为\s*(?P<names>.+?)\s*(?=[。\n]|地址|登记生效日|$)", re.S
)


def new_owners_in(detail: str) -> str:
    """The new owners a transfer's published details name ('' when they name none), several
    separated by ';' as the databases write them."""
    if not detail:
        return ""
    parts = _ITEM.split(detail)
    if len(parts) > 1:
        # Only the change of the owner (变更事项:专利权人); an address change has the same labels.
        owner_parts = [part for part in parts[1:] if _OWNER_ITEM.match(part)]
        parts = owner_parts
    for part in parts:
        found = _AFTER.search(part) or _PROSE.search(part)
        if found:
            return ";".join(split_names(found.group("names").strip(" ;；,，。")))
    return ""


def queue_waiting(names_by_patent: dict[int, set[str]], index: OwnerIndex, job: ImportJob | None) -> set[int]:
    """Put the names no one could match on the queue (once per normalised name, with
    suggestions) and link each patent to the names it waits for, so that the clerk's decision
    reaches the patent. Returns the ids of the queued names still waiting for a decision."""
    names = {name for found in names_by_patent.values() for name in found}
    if not names:
        return set()
    by_key: dict[str, str] = {}
    for name in sorted(names):
        by_key.setdefault(normalise_name(name), name)
    known = dict(OwnerName.objects.filter(key__in=list(by_key)).values_list("key", "pk"))
    new = [
        OwnerName(name=name[:300], key=key[:300], suggestions=index.suggest(name), first_job=job)
        for key, name in by_key.items()
        if key not in known
    ]
    OwnerName.objects.bulk_create(new, batch_size=500)
    known = dict(OwnerName.objects.filter(key__in=list(by_key)).values_list("key", "pk"))
    links = {
        (patent, known[normalise_name(name)]) for patent, found in names_by_patent.items() for name in found
    }  # fmt: skip
    ids = sorted({pk for _patent, pk in links})
    for start in range(0, len(ids), 900):
        links -= set(
            PatentOwnerName.objects.filter(owner_name_id__in=ids[start : start + 900]).values_list(
                "patent_id", "owner_name_id"
            )
        )
    insert_rows(PatentOwnerName, ["patent", "owner_name"], sorted(links))
    return set(OwnerName.objects.filter(pk__in=ids, decision=OwnerDecision.PENDING).values_list("pk", flat=True))


def apply_transfers(
    new_events: list[PatentStatusEvent], *, actor: Any, job: ImportJob | None, index: OwnerIndex | None = None
) -> tuple[set[int], int]:
    """Move each patent whose latest transfer is among ``new_events`` to that transfer's new
    owners. Returns the ids of the patents whose owners changed and how many names now wait
    on the queue. Runs inside the import's transaction; one audit event per patent."""
    from portfolio.importing.exports import load_decisions, load_index

    transfers = [e for e in new_events if e.kind == StatusEventKind.TRANSFER and e.new_owners]
    if not transfers:
        return set(), 0
    fresh = {(e.patent_id, e.day, e.detail) for e in transfers}
    latest: dict[int, PatentStatusEvent] = {}
    stored = PatentStatusEvent.objects.filter(
        patent_id__in={e.patent_id for e in transfers}, kind=StatusEventKind.TRANSFER
    ).exclude(new_owners="")
    for event in stored.order_by("day", "pk"):
        latest[event.patent_id] = event
    moving = {pk: e for pk, e in latest.items() if (pk, e.day, e.detail) in fresh}
    if not moving:
        return set(), 0
    names_of = {pk: split_names(e.new_owners) for pk, e in moving.items()}
    all_names = {name for names in names_of.values() for name in names}
    index = index or load_index()
    resolution = resolve(all_names, index, load_decisions({normalise_name(n) for n in all_names}))
    through = Patent.owners.through
    owners_now: dict[int, set[int]] = {pk: set() for pk in moving}
    for patent_id, enterprise_id in through.objects.filter(patent_id__in=list(moving)).values_list(
        "patent_id", "enterprise_id"
    ):
        owners_now[patent_id].add(enterprise_id)
    # The names a patent waited for before the transfer are no longer its owners' names.
    PatentOwnerName.objects.filter(patent_id__in=list(moving)).delete()
    waiting = {pk: {n for n in names if n in resolution.waiting} for pk, names in names_of.items()}
    pending = queue_waiting({pk: names for pk, names in waiting.items() if names}, index, job)
    changed: set[int] = set()
    changes: list[Change] = []
    patents = Patent.objects.in_bulk(list(moving))
    for pk, event in moving.items():
        after = {resolution.matched[n] for n in names_of[pk] if n in resolution.matched}
        before = owners_now[pk]
        if after == before and not waiting[pk]:
            continue
        ended, added = before - after, after - before
        if ended:
            through.objects.filter(patent_id=pk, enterprise_id__in=ended).delete()
        insert_rows(through, ["patent", "enterprise"], [(pk, e) for e in sorted(added)])
        if after != before:
            changed.add(pk)
        changes.append(
            Change.of(
                "patent.owners_transfer",
                patents[pk],
                before={"owners": sorted(before)},
                after={
                    "owners": sorted(after),
                    "waiting_for_matching": sorted(waiting[pk]),
                    "outside_district": sorted(n for n in names_of[pk] if n in resolution.outside),
                    "event_day": event.day.isoformat(),
                    "new_owners_as_published": event.new_owners,
                },
            )
        )
    record_many(actor=actor, changes=changes)
    return changed, len(pending)
