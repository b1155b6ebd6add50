"""The overdue board, evidence downloads and the criminal thresholds page."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from audit.trail import record
from core.exporting import export_response, requested_format
from core.permissions import office_only, require
from core.views_helpers import paginate
from deadlines import NEAR, PAST
from protection import actions, evidence
from protection.board import open_steps
from protection.choices import THRESHOLD_OFFENCES, Measure
from protection.forms import ThresholdForm
from protection.models import CriminalThreshold, EvidenceFile
from protection.permissions import can_manage_thresholds
from protection.views.common import flag_label, time_left


def _local(moment):
    return timezone.localtime(moment) if moment else None


def overdue(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("all") == "1"
    rows = open_steps(request.user, timezone.now(), everything=everything)
    fmt = requested_format(request)
    if fmt:
        headers = [_("urgency"), _("what"), _("step"), _("to be taken by"), _("started"), _("due"), _("time left")]
        table = (
            [
                flag_label(r.flag),
                f"{r.kind}: {r.label}",
                r.step.label,
                r.who,
                _local(r.step.clock.start),
                _local(r.step.clock.due),
                time_left(r.step.clock.left),
            ]
            for r in rows
        )
        return export_response(fmt, "overdue", headers, table)
    return render(
        request,
        "protection/overdue.html",
        {
            # most urgent first, fifty a page; the counts above the table are of every row
            "rows": paginate(
                request,
                [{"row": r, "left": time_left(r.step.clock.left), "flag": flag_label(r.flag)} for r in rows],
                per_page=50,
            ),
            "everything": everything,
            "past": sum(r.flag == PAST for r in rows),
            "near": sum(r.flag == NEAR for r in rows),
        },
    )


def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand out an evidence file the person may see, after checking it is unchanged; every
    download is in the audit trail."""
    item = get_object_or_404(EvidenceFile.objects.for_user(request.user), pk=pk)
    intact = evidence.sha256_of(item.stored_name) == item.sha256
    with transaction.atomic():
        record(
            actor=request.user,
            action="evidence.download" if intact else "evidence.mismatch",
            obj=item,
            after={"sha256": item.sha256, "intact": intact},
        )
    if not intact:
        return HttpResponse(
            _("This file is missing or differs from what was uploaded; the office has been told (audit trail)."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = FileResponse(
        evidence.open_stored(item.stored_name),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]  # a FileResponse is a streaming response, not an HttpResponse


def thresholds(request: AuthenticatedRequest) -> HttpResponse:
    require(office_only(request.user))
    decision = can_manage_thresholds(request.user)
    form = ThresholdForm(request.POST or None)
    if request.method == "POST":
        require(decision)
        if form.is_valid():
            try:
                actions.set_threshold(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The new figure is in force from the day given."))
                return redirect("protection:thresholds")
    # One table per version (the day its figures took effect), newest first; within it the
    # offences in the criminal law's order (arts. 213-218), the plain figures before the repeat ones.
    order = {str(offence.value): n for n, offence in enumerate(THRESHOLD_OFFENCES)}
    measures = {measure: n for n, measure in enumerate(Measure.values)}
    versions = [
        (
            start,
            sorted(
                rows,
                key=lambda t: (
                    order.get(t.offence, len(order)),
                    t.repeat_within_years or 0,
                    t.min_marks,
                    measures.get(t.measure, 0),
                ),
            ),
        )
        for start, rows in groupby(CriminalThreshold.objects.all(), key=lambda t: t.effective_from)
    ]
    return render(
        request,
        "protection/thresholds.html",
        {"versions": versions, "form": form, "can_manage": decision},
    )
