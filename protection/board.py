"""The overdue board: every open step a person can see, with its due moment and flag."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines import NEAR, OK, PAST, PAUSED
from protection.choices import OPEN_CASE_STATUSES, MediationStatus, TransferStatus
from protection.clocks import Step, case_step, mediation_step, transfer_step
from protection.models import Case, Mediation, Transfer

FLAG_ORDER = {PAST: 0, NEAR: 1, PAUSED: 2, OK: 3}


@dataclass(frozen=True)
class Row:
    kind: str
    label: str
    url: str
    step: Step
    who: str

    @property
    def flag(self) -> str:
        return self.step.clock.flag


def _case_rows(user, now: dt.datetime) -> list[Row]:
    if not (user.is_office or user.kind == "enterprise"):
        return []
    rows = []
    cases = (
        Case.objects.for_user(user)
        .filter(status__in=OPEN_CASE_STATUSES)
        .prefetch_related("pauses", "further_extensions")
    )
    for case in cases:
        step = case_step(case, now)
        if step is not None:
            url = reverse("protection:case_detail", args=[case.pk])
            rows.append(
                Row(str(_("Enforcement case")), f"{case.number} {case.summary[:30]}", url, step, _("the office"))
            )
    return rows


def _transfer_rows(user, now: dt.datetime) -> list[Row]:
    rows = []
    for transfer in Transfer.objects.for_user(user).select_related("case", "police"):
        step = transfer_step(transfer, now)
        if step is None:
            continue
        police_acts = transfer.status in (TransferStatus.SENT, TransferStatus.RECONSIDERATION)
        who = transfer.police.name if police_acts else _("the office")
        url = reverse("protection:transfer_detail", args=[transfer.pk])
        rows.append(
            Row(str(_("Transfer to the police")), f"{transfer.case.number} → {transfer.police.name}", url, step, who)
        )
    return rows


def _mediation_rows(user, now: dt.datetime) -> list[Row]:
    rows = []
    for mediation in Mediation.objects.for_user(user).select_related("body", "court", "applicant"):
        step = mediation_step(mediation, now)
        if step is None:
            continue
        who = mediation.applicant_name if mediation.status == MediationStatus.AGREED else mediation.body.name
        url = reverse("protection:mediation_detail", args=[mediation.pk])
        rows.append(Row(str(_("Mediation")), str(mediation), url, step, who))
    return rows


def open_steps(user, now: dt.datetime | None = None, everything: bool = False) -> list[Row]:
    """The steps near or past due (or all open steps), most urgent first. A window the office
    or a party may use (asking for reconsideration, judicial confirmation) is no step once it
    closed (see ``clocks``)."""
    now = now or timezone.now()
    rows = _case_rows(user, now) + _transfer_rows(user, now) + _mediation_rows(user, now)
    if not everything:
        rows = [r for r in rows if r.flag in (NEAR, PAST)]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda r: (FLAG_ORDER.get(r.flag, 9), r.step.clock.due or far))


def office_counts(user, now: dt.datetime | None = None) -> dict[str, int]:
    """How many of the steps the user can see are near and past due (for a badge in the menu)."""
    rows = open_steps(user, now)
    return {"near": sum(r.flag == NEAR for r in rows), "past": sum(r.flag == PAST for r in rows)}
