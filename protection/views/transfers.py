from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.trail import history
from core.views_helpers import paginate
from protection import actions
from protection.choices import PoliceLimit, TransferStatus
from protection.clocks import district_goal, met_district_goal, transfer_step, transfer_working_time
from protection.figures import transfer_stats
from protection.forms import AcceptForm, PoliceExtensionForm, SendForm
from protection.models import Transfer
from protection.permissions import can_extend_police_answer, can_record_handover, can_take_transfer_step
from protection.views.common import Refusal, duration, flag_label, hours, post_step, shown_steps, time_left
from protection.workflow import TRANSFER_TRANSITIONS

STEP_LABELS = {
    TransferStatus.APPROVED: gettext_lazy("Approve the transfer"),
    TransferStatus.NOT_APPROVED: gettext_lazy("Do not approve"),
    TransferStatus.SENT: gettext_lazy("Send to the police"),
    TransferStatus.ACCEPTED: gettext_lazy("Accept the case"),
    TransferStatus.REFUSED: gettext_lazy("Refuse, with reasons"),
    TransferStatus.RECONSIDERATION: gettext_lazy("Ask the police to reconsider"),
    TransferStatus.REFUSED_FINAL: gettext_lazy("Refuse after reconsideration"),
    TransferStatus.PROCURATORATE: gettext_lazy("Ask the procuratorate to supervise instead"),
}
# Steps whose note is required (a reason the other side reads).
NOTE_REQUIRED = {
    TransferStatus.NOT_APPROVED,
    TransferStatus.REFUSED,
    TransferStatus.RECONSIDERATION,
    TransferStatus.REFUSED_FINAL,
    TransferStatus.PROCURATORATE,
}


def _timing(transfer: Transfer, now) -> dict:
    """How long the transfer has taken, in clock hours and in working time, against the goal."""
    end = transfer.accepted_at or now
    working = transfer_working_time(transfer, now)
    return {
        "elapsed_hours": hours(end - transfer.proposed_at),
        "working_hours": hours(working),
        "elapsed": duration(end - transfer.proposed_at),
        "working": duration(working),
        "goal_met": met_district_goal(transfer),
        "goal_running": transfer.accepted_at is None
        and transfer.status not in (TransferStatus.NOT_APPROVED, TransferStatus.REFUSED_FINAL),
        "goal_missed_so_far": working > district_goal(transfer.proposed_at),
    }


def transfer_list(request: HttpRequest) -> HttpResponse:
    transfers = Transfer.objects.for_user(request.user).select_related("case", "police")
    status = request.GET.get("status", "")
    if status in TransferStatus.values:
        transfers = transfers.filter(status=status)
    page = paginate(request, transfers)
    now = timezone.now()
    rows = []
    for transfer in page:
        step = transfer_step(transfer, now)
        rows.append(
            {
                "transfer": transfer,
                "step": step,
                "left": time_left(step.clock.left) if step else "",
                "flag": flag_label(step.clock.flag) if step else "",
                **_timing(transfer, now),
            }
        )
    return render(
        request,
        "protection/transfer_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": TransferStatus.choices,
            "stats": transfer_stats(Transfer.objects.for_user(request.user)),
        },
    )


def _step_form(transfer: Transfer, target: str, data=None) -> forms.Form | None:
    if target == TransferStatus.SENT:
        return SendForm(data, case=transfer.case)
    if target == TransferStatus.ACCEPTED:
        return AcceptForm(data)
    return None


def transfer_detail(request: AuthenticatedRequest, pk: int, refusal: Refusal | None = None) -> HttpResponse:
    transfer = get_object_or_404(
        Transfer.objects.for_user(request.user).select_related("case", "police", "proposed_by"), pk=pk
    )
    now = timezone.now()
    step = transfer_step(transfer, now)
    steps = []
    for target in TRANSFER_TRANSITIONS.get(transfer.status, {}):
        decision = can_take_transfer_step(request.user, transfer, target)
        steps.append(
            (
                target,
                STEP_LABELS[target],  # type: ignore[index]  # the table is keyed by the same status strings
                decision,
                _step_form(transfer, target) if decision else None,
                target in NOTE_REQUIRED,
            )
        )
    return render(
        request,
        "protection/transfer_detail.html",
        {
            "transfer": transfer,
            "case": transfer.case,
            "step": step,
            "left": time_left(step.clock.left) if step else "",
            "flag": flag_label(step.clock.flag) if step else "",
            "steps": shown_steps(steps, refusal),
            "can_hand_over": can_record_handover(request.user, transfer),
            "police_limits": [
                (level, label, PoliceExtensionForm())
                for level, label in PoliceLimit.choices
                if can_extend_police_answer(request.user, transfer, level)
            ],
            "documents": transfer.documents.all(),
            "changes": transfer.changes.select_related("actor"),
            "history": history(transfer) if request.user.is_office else None,
            **_timing(transfer, now),
        },
    )


@require_POST
def transfer_handover(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_object_or_404(Transfer.objects.for_user(request.user).select_related("case"), pk=pk)
    return post_step(
        request,
        None,
        lambda: actions.record_items_handover(actor=request.user, transfer=transfer),
        _("The hand-over of the seized items is recorded."),
        reverse("protection:transfer_detail", args=[transfer.pk]),
    )


@require_POST
def transfer_police_limit(request: HttpRequest, pk: int, level: str) -> HttpResponse:
    """The police station records a longer limit for its decision (公通字〔2017〕25号 art. 16)."""
    transfer = get_object_or_404(Transfer.objects.for_user(request.user).select_related("case"), pk=pk)
    if level not in PoliceLimit.values:
        raise Http404
    return post_step(
        request,
        PoliceExtensionForm(request.POST),
        lambda **data: actions.record_police_extension(actor=request.user, transfer=transfer, level=level, **data),
        _("The longer limit is recorded: %(limit)s.") % {"limit": PoliceLimit(level).label},
        reverse("protection:transfer_detail", args=[transfer.pk]),
    )


@require_POST
def transfer_step_view(request: AuthenticatedRequest, pk: int, target: str) -> HttpResponse:
    transfer = get_object_or_404(Transfer.objects.for_user(request.user).select_related("case"), pk=pk)
    if target not in TransferStatus.values:
        raise Http404
    return post_step(
        request,
        _step_form(transfer, target, request.POST),
        lambda **data: actions.transition_transfer(actor=request.user, transfer=transfer, to_status=target, **data),
        _("The transfer is now: %(status)s.") % {"status": TransferStatus(target).label},
        reverse("protection:transfer_detail", args=[transfer.pk]),
        with_note=True,
        show_again=lambda refusal: transfer_detail(request, pk, refusal),
        target=target,
    )
