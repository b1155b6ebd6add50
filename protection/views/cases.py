from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.trail import history
from core.exporting import export_response, requested_format
from core.permissions import require
from core.views_helpers import paginate
from portfolio.models import GeographicalIndication, Patent, SpecialSign, Trademark
from protection import actions
from protection.choices import CaseStatus, LeadSource, RightKind
from protection.clocks import case_step
from protection.forms import (
    ComplaintForm,
    DecideForm,
    EvidenceForm,
    ExtendForm,
    ExtendFurtherForm,
    FiguresForm,
    FileForm,
    LeadForm,
    PartyForm,
    PauseForm,
    ProposeForm,
)
from protection.models import Case
from protection.permissions import (
    can_edit_case,
    can_enter_lead,
    can_extend_decision,
    can_extend_decision_further,
    can_extend_filing,
    can_pause,
    can_propose_transfer,
    can_take_case_step,
    can_upload_evidence,
)
from protection.thresholds import thresholds_met
from protection.views.common import Refusal, flag_label, form_errors, post_step, run_step, shown_steps, time_left
from protection.workflow import CASE_TRANSITIONS
from registry.models import Enterprise
from similarity.models import ProtectedMark, WatchHit
from similarity.reasons import describe_all

STEP_LABELS = {
    CaseStatus.FILED: gettext_lazy("File the case"),
    CaseStatus.NOT_FILED: gettext_lazy("Do not file"),
    CaseStatus.INVESTIGATING: gettext_lazy("Start the investigation"),
    CaseStatus.DECIDED: gettext_lazy("Approve the penalty decision"),
    CaseStatus.CLOSED: gettext_lazy("Close the case"),
}
STEP_FORMS: dict[str, type[forms.Form]] = {CaseStatus.FILED: FileForm, CaseStatus.DECIDED: DecideForm}


def _note_required(case: Case, target: str) -> bool:
    return target == CaseStatus.NOT_FILED or (target == CaseStatus.CLOSED and case.status != CaseStatus.DECIDED)


def _case(request: HttpRequest, pk: int) -> Case:
    return get_object_or_404(Case.objects.for_user(request.user), pk=pk)


def _with_clock(cases, now):
    rows = []
    for case in cases:
        step = case_step(case, now)
        rows.append(
            {
                "case": case,
                "step": step,
                "left": time_left(step.clock.left) if step else "",
                "flag": flag_label(step.clock.flag) if step else "",
            }
        )
    return rows


def case_list(request: AuthenticatedRequest) -> HttpResponse:
    cases = (
        Case.objects.for_user(request.user)
        .select_related("complainant")
        .prefetch_related("pauses", "further_extensions")
    )
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    fmt = requested_format(request)
    if fmt:
        return _export(fmt, cases.select_related("patent", "trademark", "geographical_indication", "special_sign"))
    page = paginate(request, cases)
    workflow = [
        (CaseStatus(source).label, CaseStatus(target).label, "、".join(sorted(who)))
        for source, targets in CASE_TRANSITIONS.items()
        for target, who in targets.items()
    ]
    return render(
        request,
        "protection/case_list.html",
        {
            "page": page,
            "rows": _with_clock(page, timezone.now()),
            "status": status,
            "statuses": CaseStatus.choices,
            "workflow": workflow,
            "can_enter": can_enter_lead(request.user) or request.user.kind == "enterprise",
        },
    )


def _export(fmt: str, cases) -> HttpResponse:
    headers = [
        _("case number"),
        _("source"),
        _("status"),
        _("what was reported"),
        _("party investigated"),
        _("right infringed"),
        _("offence"),
        _("illegal business volume (yuan)"),
        _("illegal gain (yuan)"),
        _("fine (yuan)"),
        _("confiscated (yuan)"),
        _("lead received at"),
        _("filed at"),
        _("decided at"),
        _("closed at"),
    ]
    local = timezone.localtime
    rows = (
        [
            c.number,
            c.get_source_display(),
            c.get_status_display(),
            c.summary,
            c.respondent_name,
            f"{c.get_right_kind_display()} {c.right_label}".strip(),
            c.get_offence_display(),
            c.business_volume,
            c.illegal_gain,
            c.fine,
            c.confiscated_value,
            local(c.received_at),
            *(local(m) if m else None for m in (c.filed_at, c.decided_at, c.closed_at)),
        ]
        for c in cases
    )
    return export_response(fmt, "enforcement-cases", headers, rows)


def resolve_right(user, kind: str, reference: str) -> dict:
    """The record a typed reference names that ``user`` may see, else the protected mark of that
    name (the office's list), else the reference kept as text. Patents and marks come through
    ``for_user``: an enterprise's complaint links only its own rights, never another
    enterprise's by its number. Geographical indications and special signs are public."""
    reference = reference.strip()
    found: tuple[str, Model | None] | None = None
    if reference:
        if kind == RightKind.PATENT:
            found = ("patent", Patent.objects.for_user(user).filter(application_number=reference).first())
        elif kind == RightKind.TRADEMARK:
            found = ("trademark", Trademark.objects.for_user(user).filter(number=reference).first())
        elif kind == RightKind.GI:
            found = ("geographical_indication", GeographicalIndication.objects.filter(name=reference).first())
        elif kind == RightKind.SPECIAL_SIGN:
            found = ("special_sign", SpecialSign.objects.filter(name=reference).first())
    if found and found[1] is not None:
        return {found[0]: found[1]}
    protected = ProtectedMark.objects.for_user(user).filter(name=reference).first() if reference else None
    if protected is not None:
        return {"protected_mark": protected}
    return {"right_text": reference}


def case_new(request: HttpRequest) -> HttpResponse:
    """The office enters a lead; an enterprise files a complaint in its own name."""
    user = request.user
    own = None
    if user.is_authenticated and user.kind == "enterprise":
        own = Enterprise.objects.filter(organisation_id=user.organisation_id).first()  # type: ignore[misc]  # the stubs refuse None in a lookup; an enterprise's people have an organisation
        if own is None:
            raise Http404
    require(can_enter_lead(user, own))
    form_class = ComplaintForm if own else LeadForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        right = resolve_right(user, data["right_kind"], data.pop("right_reference"))
        complainant = own
        if not own:
            uscc = data.pop("complainant_uscc").strip().upper()
            if uscc:
                complainant = Enterprise.objects.filter(uscc=uscc).first()
                if complainant is None:
                    form.add_error("complainant_uscc", _("No enterprise has this USCC in the registry."))
        if not form.errors:
            try:
                case = actions.enter_lead(
                    actor=user,
                    source=data.pop("source", LeadSource.COMPLAINT),
                    complainant=complainant,
                    **data,
                    **right,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Lead %(number)s recorded.") % {"number": case.number})
                return redirect("protection:case_detail", case.pk)
    title = _("File a complaint") if own else _("New lead")
    return render(request, "form.html", {"form": form, "title": title, "back": "protection:case_list"})


def case_detail(request: AuthenticatedRequest, pk: int, refusal: Refusal | None = None) -> HttpResponse:
    case = get_object_or_404(
        Case.objects.for_user(request.user).select_related(
            "complainant", "patent", "trademark", "geographical_indication", "special_sign", "protected_mark"
        ),
        pk=pk,
    )
    user, now = request.user, timezone.now()
    step = case_step(case, now)
    steps = []
    for target in CASE_TRANSITIONS.get(case.status, {}):
        form_class = STEP_FORMS.get(target)
        steps.append((target, STEP_LABELS[target], can_take_case_step(user, case, target), form_class))  # type: ignore[index]  # the table is keyed by the same status strings
    met = thresholds_met(case, today=timezone.localdate()) if user.is_office else []  # the facts' day
    hits = []
    if user.is_office:
        hits = [
            (hit, describe_all(hit.reasons))
            for hit in WatchHit.objects.filter(
                source_type=ContentType.objects.get_for_model(Case), source_id=case.pk
            ).select_related("protected_mark")
        ]
    figures_form = FiguresForm(initial={name: getattr(case, name) for name in FiguresForm.base_fields})
    # The time-limit forms: the one just refused as typed, its reasons naming no field above it.
    limit_forms: dict[str, forms.Form] = {
        "pause": PauseForm(auto_id="id_pause_%s"),
        "extend": ExtendForm(auto_id="id_extend_%s"),
        "extend_further": ExtendFurtherForm(auto_id="id_extend_further_%s"),
    }
    if refusal is not None and refusal.target in limit_forms and refusal.form is not None:
        for reason in refusal.errors:
            refusal.form.add_error(None, reason)
        limit_forms[refusal.target] = refusal.form
    return render(
        request,
        "protection/case_detail.html",
        {
            "case": case,
            "step": step,
            "left": time_left(step.clock.left) if step else "",
            "flag": flag_label(step.clock.flag) if step else "",
            "steps": shown_steps(
                [(t, label, d, f() if f and d else None, _note_required(case, t)) for t, label, d, f in steps], refusal
            ),
            "officers": case.officers.all(),
            "parties": case.parties.all(),
            "pauses": case.pauses.all(),
            "evidence": case.evidence.select_related("uploaded_by") if user.is_office else case.evidence.none(),
            "own_evidence": case.evidence.filter(uploaded_by__organisation_id=user.organisation_id)
            if not user.is_office
            else None,
            "transfers": case.transfers.select_related("police") if user.is_office else [],
            "met": met,
            "hits": hits,
            "can_edit": can_edit_case(user, case),
            "figures_form": figures_form,
            "party_form": PartyForm(),
            "can_upload": can_upload_evidence(user, case),
            "evidence_form": EvidenceForm(),
            "can_pause": can_pause(user, case),
            "open_pause": next((p for p in case.pauses.all() if p.ended_at is None), None),
            "pause_form": limit_forms["pause"],
            "extend_form": limit_forms["extend"],
            "extend_further_form": limit_forms["extend_further"],
            "can_extend_filing": can_extend_filing(user, case),
            "can_extend_decision": can_extend_decision(user, case),
            "can_extend_further": can_extend_decision_further(user, case),
            "further_extensions": list(case.further_extensions.all()),
            "can_propose": can_propose_transfer(user, case, bool(met), on_suspicion=True) if user.is_office else None,
            "propose_form": ProposeForm(),
            "changes": case.changes.select_related("actor"),
            "history": history(case) if user.is_office else None,
        },
    )


@require_POST
def case_step_view(request: AuthenticatedRequest, pk: int, target: str) -> HttpResponse:
    case = _case(request, pk)
    if target not in CaseStatus.values:
        raise Http404
    form_class = STEP_FORMS.get(target)
    return post_step(
        request,
        form_class(request.POST) if form_class else None,
        lambda **data: actions.transition_case(actor=request.user, case=case, to_status=target, **data),
        _("The case is now: %(status)s.") % {"status": CaseStatus(target).label},
        _detail(case),
        with_note=True,
        show_again=lambda refusal: case_detail(request, pk, refusal),
        target=target,
    )


def _detail(case: Case) -> str:
    return reverse("protection:case_detail", args=[case.pk])


@require_POST
def case_figures(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return post_step(
        request,
        FiguresForm(request.POST),
        lambda **data: actions.update_case(actor=request.user, case=case, **data),
        _("Figures saved."),
        _detail(case),
    )


@require_POST
def case_party(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return post_step(
        request,
        PartyForm(request.POST),
        lambda **data: actions.add_party(actor=request.user, case=case, **data),
        _("Party added."),
        _detail(case),
    )


@require_POST
def case_pause(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if request.POST.get("resume"):
        return run_step(
            request, lambda: actions.resume_case(actor=request.user, case=case), _("Time limit resumed."), _detail(case)
        )
    return post_step(
        request,
        PauseForm(request.POST, auto_id="id_pause_%s"),
        lambda reason: actions.pause_case(actor=request.user, case=case, reason=reason),
        _("Time limit paused."),
        _detail(case),
        show_again=lambda refusal: case_detail(request, pk, refusal),
        target="pause",
    )


@require_POST
def case_extend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    extend = actions.extend_filing if case.status == CaseStatus.LEAD else actions.extend_decision
    return post_step(
        request,
        ExtendForm(request.POST, auto_id="id_extend_%s"),
        lambda note: extend(actor=request.user, case=case, note=note),
        _("Time limit extended."),
        _detail(case),
        show_again=lambda refusal: case_detail(request, pk, refusal),
        target="extend",
    )


@require_POST
def case_extend_further(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The heads' collective decision to extend the decision limit again, with its new date."""
    case = _case(request, pk)
    return post_step(
        request,
        ExtendFurtherForm(request.POST, auto_id="id_extend_further_%s"),
        lambda decision, new_due: actions.extend_decision_further(
            actor=request.user, case=case, decision=decision, new_due=new_due
        ),
        _("Time limit extended."),
        _detail(case),
        show_again=lambda refusal: case_detail(request, pk, refusal),
        target="extend_further",
    )


@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return post_step(
        request,
        EvidenceForm(request.POST, request.FILES),
        lambda file, **data: actions.upload_evidence(actor=request.user, case=case, upload=file, **data),
        _("Evidence stored; its SHA-256 is recorded."),
        _detail(case),
    )


@require_POST
def transfer_propose(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        for message in form_errors(form):
            messages.error(request, message)
        return redirect(_detail(case))
    try:
        transfer = actions.propose_transfer(actor=request.user, case=case, **form.cleaned_data)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(_detail(case))
    messages.success(request, _("Transfer proposed: the head decides within 3 days."))
    return redirect("protection:transfer_detail", transfer.pk)
