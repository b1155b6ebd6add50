"""The clerk's decisions on owner names the imports could not match: this enterprise, a new
owner registered now, or not in the district. Each decision is a workflow step of the name
(audited), is remembered for the next imports, and reaches at once the patents that name it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.trail import record, snapshot
from core.bulk import insert_rows
from core.permissions import require
from core.workflow import take_step
from portfolio.models import OwnerDecision, OwnerName, OwnerNameChange, Patent, PatentOwnerName
from portfolio.permissions import can_match_owners
from registry.models import Enterprise


def _decide(owner_name: OwnerName, decision: str, enterprise: Enterprise | None, *, actor, note: str = "") -> int:
    before = snapshot(owner_name)
    take_step(
        owner_name, decision, history=OwnerNameChange, owner="owner_name", actor=actor, note=note, field="decision"
    )
    owner_name.enterprise = enterprise
    owner_name.decided_by = actor if getattr(actor, "pk", None) else None
    owner_name.decided_at = timezone.now()
    owner_name.save()
    linked = 0
    if enterprise is not None:
        linked = _link(owner_name, enterprise, actor)
    record(actor=actor, action=f"owner_name.{decision}", obj=owner_name, before=before, after=snapshot(owner_name))
    return linked


def _link(owner_name: OwnerName, enterprise: Enterprise, actor) -> int:
    """Make the enterprise an owner of every patent naming this owner (once)."""
    through = Patent.owners.through
    patents = set(PatentOwnerName.objects.filter(owner_name=owner_name).values_list("patent_id", flat=True))
    already = set(
        through.objects.filter(patent_id__in=patents, enterprise_id=enterprise.pk).values_list("patent_id", flat=True)
    )
    new = sorted(patents - already)
    insert_rows(through, ["patent", "enterprise"], [(pk, enterprise.pk) for pk in new])
    if new:
        record(
            actor=actor,
            action="patent.owner_matched",
            obj=enterprise,
            after={"owner_name": owner_name.name, "patents": new},
        )
    return len(new)


@transaction.atomic
def match_owner(*, actor, owner_name: OwnerName, enterprise: Enterprise) -> int:
    """This name is this registered enterprise (an old name, another spelling); returns the
    number of patents it now owns through the name."""
    require(can_match_owners(actor))
    return _decide(owner_name, OwnerDecision.MATCHED, enterprise, actor=actor)


@transaction.atomic
def register_owner(*, actor, owner_name: OwnerName, uscc: str) -> tuple[Enterprise, int]:
    """The owner is a district enterprise not yet registered: register it under this name."""
    from registry.actions import register_enterprise

    require(can_match_owners(actor))
    enterprise = register_enterprise(actor=actor, uscc=uscc, name=owner_name.name)
    return enterprise, _decide(owner_name, OwnerDecision.NEW, enterprise, actor=actor)


@transaction.atomic
def mark_outside(*, actor, owner_name: OwnerName, note: str = "") -> int:
    """The owner is not of the district: its patents stay without it, and later imports skip it."""
    require(can_match_owners(actor))
    return _decide(owner_name, OwnerDecision.OUTSIDE, None, actor=actor, note=note)
