from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.trail import history
from core.permissions import require
from core.views_helpers import paginate
from protection import actions
from protection.choices import MediationKind, MediationStatus
from protection.clocks import mediation_step
from protection.figures import mediation_stats
from protection.forms import (
    AgreementForm,
    AssignForm,
    ConfirmationForm,
    MediationExtensionForm,
    MediationForm,
    ReferralForm,
    SessionForm,
)
from protection.models import Mediation
from protection.permissions import (
    can_extend_mediation_term,
    can_open_mediation,
    can_record_session,
    can_take_mediation_step,
)
from protection.views.common import Refusal, flag_label, post_step, shown_steps, time_left
from protection.workflow import MEDIATION_TRANSITIONS
from registry.models import Enterprise

STEP_LABELS = {
    MediationStatus.ACCEPTED: gettext_lazy("Accept the mediation"),
    MediationStatus.DECLINED: gettext_lazy("Decline, with reasons"),
    MediationStatus.IN_SESSION: gettext_lazy("Assign the mediator"),
    MediationStatus.AGREED: gettext_lazy("Record the signed agreement"),
    MediationStatus.FAILED: gettext_lazy("Record that mediation failed"),
    MediationStatus.CONFIRMATION: gettext_lazy("Apply for judicial confirmation"),
    MediationStatus.CONFIRMED: gettext_lazy("Record that the court confirmed the agreement"),
    MediationStatus.CONFIRMATION_REFUSED: gettext_lazy("Record that the court refused confirmation"),
}
NOTE_REQUIRED = {MediationStatus.DECLINED, MediationStatus.FAILED, MediationStatus.CONFIRMATION_REFUSED}


def mediation_list(request: AuthenticatedRequest) -> HttpResponse:
    mediations = Mediation.objects.for_user(request.user).select_related("body", "court", "mediator")
    kind = request.GET.get("kind", "")
    if kind in MediationKind.values:
        mediations = mediations.filter(kind=kind)
    page = paginate(request, mediations)
    now = timezone.now()
    rows = []
    for mediation in page:
        step = mediation_step(mediation, now)
        days = None
        if mediation.concluded_at:
            days = f"{(mediation.concluded_at - mediation.applied_at).total_seconds() / 86400:.1f}"
        rows.append(
            {
                "m": mediation,
                "step": step,
                "left": time_left(step.clock.left) if step else "",
                "flag": flag_label(step.clock.flag) if step else "",
                "days": days,
            }
        )
    user = request.user
    return render(
        request,
        "protection/mediation_list.html",
        {
            "page": page,
            "rows": rows,
            "kind": kind,
            "kinds": MediationKind.choices,
            "can_apply": user.kind == "enterprise" or (user.is_office and user.has_role("clerk")),
            "can_refer": user.kind == "court",
            "stats": mediation_stats(Mediation.objects.for_user(user)),
        },
    )


def mediation_new(request: AuthenticatedRequest) -> HttpResponse:
    """An enterprise (or a clerk) applies for people's mediation; a court refers a dispute."""
    user = request.user
    is_court = user.is_authenticated and user.kind == "court"
    is_enterprise = user.is_authenticated and user.kind == "enterprise"
    require(can_open_mediation(user))
    form = (ReferralForm if is_court else MediationForm)(request.POST or None)
    if is_enterprise:
        del form.fields["applicant_name"]  # the enterprise applies in its own name
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if is_court:
                mediation = actions.refer_to_mediation(actor=user, court=user.organisation, **data)
            else:
                applicant = None
                if user.kind == "enterprise":
                    applicant = Enterprise.objects.filter(organisation_id=user.organisation_id).first()  # type: ignore[misc]  # the stubs refuse None in a lookup; an enterprise's people have an organisation
                mediation = actions.apply_for_mediation(actor=user, applicant=applicant, **data)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Sent to %(body)s.") % {"body": mediation.body.name})
            return redirect("protection:mediation_detail", mediation.pk)
    title = _("Refer a dispute to pre-litigation mediation") if is_court else _("Apply for people's mediation")
    return render(request, "form.html", {"form": form, "title": title, "back": "protection:mediation_list"})


def _step_form(mediation: Mediation, target: str, data=None):
    if target == MediationStatus.IN_SESSION:
        return AssignForm(data, body=mediation.body)
    if target == MediationStatus.AGREED:
        return AgreementForm(data)
    if target == MediationStatus.CONFIRMATION:
        return ConfirmationForm(data)
    return None


def mediation_detail(request: AuthenticatedRequest, pk: int, refusal: Refusal | None = None) -> HttpResponse:
    mediation = get_object_or_404(
        Mediation.objects.for_user(request.user).select_related("body", "court", "applicant", "mediator"), pk=pk
    )
    step = mediation_step(mediation, timezone.now())
    steps = []
    for target in MEDIATION_TRANSITIONS.get(mediation.status, {}):
        decision = can_take_mediation_step(request.user, mediation, target)
        form = _step_form(mediation, target) if decision else None
        steps.append((target, STEP_LABELS[target], decision, form, target in NOTE_REQUIRED))  # type: ignore[index]  # the table is keyed by the same status strings
    # The extension form: as typed when it was just refused, its reasons naming no field above it.
    extend_form = MediationExtensionForm(auto_id="id_extend_%s")
    if refusal is not None and refusal.target == "extend" and refusal.form is not None:
        for reason in refusal.errors:
            refusal.form.add_error(None, reason)
        extend_form = refusal.form  # type: ignore[assignment]  # the refused form is this form, as typed
    return render(
        request,
        "protection/mediation_detail.html",
        {
            "m": mediation,
            "step": step,
            "left": time_left(step.clock.left) if step else "",
            "flag": flag_label(step.clock.flag) if step else "",
            "steps": shown_steps(steps, refusal if refusal is None or refusal.target != "extend" else None),
            "can_extend": can_extend_mediation_term(request.user, mediation),
            "extend_form": extend_form,
            "extensions": mediation.term_extensions.all(),
            "sessions": mediation.sessions.all(),
            "can_record_session": can_record_session(request.user, mediation),
            "session_form": SessionForm(),
            "changes": mediation.changes.select_related("actor"),
            "history": history(mediation) if request.user.is_office else None,
        },
    )


@require_POST
def mediation_step_view(request: AuthenticatedRequest, pk: int, target: str) -> HttpResponse:
    mediation = get_object_or_404(Mediation.objects.for_user(request.user).select_related("body"), pk=pk)
    if target not in MediationStatus.values:
        raise Http404
    return post_step(
        request,
        _step_form(mediation, target, request.POST),
        lambda **data: actions.transition_mediation(actor=request.user, mediation=mediation, to_status=target, **data),
        _("The mediation is now: %(status)s.") % {"status": MediationStatus(target).label},
        reverse("protection:mediation_detail", args=[mediation.pk]),
        with_note=True,
        show_again=lambda refusal: mediation_detail(request, pk, refusal),
        target=target,
    )


@require_POST
def mediation_session(request: HttpRequest, pk: int) -> HttpResponse:
    mediation = get_object_or_404(Mediation.objects.for_user(request.user), pk=pk)
    return post_step(
        request,
        SessionForm(request.POST),
        lambda **data: actions.record_session(actor=request.user, mediation=mediation, **data),
        _("Session recorded."),
        reverse("protection:mediation_detail", args=[mediation.pk]),
    )


@require_POST
def mediation_extend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Both parties agreed to go on mediating: the body records it with the new last day."""
    mediation = get_object_or_404(Mediation.objects.for_user(request.user), pk=pk)
    return post_step(
        request,
        MediationExtensionForm(request.POST, auto_id="id_extend_%s"),
        lambda **data: actions.extend_mediation_term(actor=request.user, mediation=mediation, **data),
        _("Mediation term extended."),
        reverse("protection:mediation_detail", args=[mediation.pk]),
        show_again=lambda refusal: mediation_detail(request, pk, refusal),
        target="extend",
    )
