from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.trail import history
from core.money import ZERO
from core.views_helpers import call_action, paginate
from funds import ledger
from incentives import actions
from incentives.choices import ApplicationStatus
from incentives.forms import ObjectionForm, PaymentForm, ResolveForm, StepForm
from incentives.models import Application, Objection, Payment, Programme
from incentives.permissions import can_object, can_pay, can_resolve_objection, can_take_step
from incentives.workflow import TRANSITIONS, next_steps


def application_list(request: HttpRequest) -> HttpResponse:
    applications = Application.objects.for_user(request.user).select_related("programme", "enterprise")
    status = request.GET.get("status", "")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return render(
        request,
        "incentives/application_list.html",
        {
            "page": paginate(request, applications),
            "status": status,
            "statuses": ApplicationStatus.choices,
            "workflow": workflow_rows(),
        },
    )


def workflow_rows() -> list[tuple[str, str, str]]:
    """The transition table as the page shows it: from, to, and who may take the step."""
    from accounts.choices import Role

    return [
        (
            str(ApplicationStatus(source).label),
            str(ApplicationStatus(target).label),
            "、".join(str(Role(r).label) for r in sorted(roles)),
        )
        for source, targets in TRANSITIONS.items()
        for target, roles in targets.items()
    ]


def application_detail(request: AuthenticatedRequest, pk: int, bound: dict | None = None) -> HttpResponse:
    """The application's page. ``bound`` holds a form just sent and refused (``"payment"``,
    ``"step:<target>"``, ``"resolve:<objection pk>"``): shown again as typed, with what is wrong
    beside the field."""
    bound = bound or {}
    application = get_object_or_404(
        Application.objects.for_user(request.user).select_related("programme", "enterprise"), pk=pk
    )
    steps = [
        (
            target,
            ApplicationStatus(target).label,
            can_take_step(request.user, application, target),
            bound.get(f"step:{target}") or _step_form(target),
        )
        for target in next_steps(application.status)
    ]
    objections = [
        (o, bound.get(f"resolve:{o.pk}") or _resolve_form(o.pk))
        for o in application.objections.select_related("raised_by", "resolved_by")
    ]
    balances = ledger.application_balances(application)
    outstanding = sum((c for c, _p in balances.values()), ZERO)
    return render(
        request,
        "incentives/application_detail.html",
        {
            "application": application,
            "lines": application.lines.select_related("item"),
            "changes": application.changes.select_related("actor"),
            "objections": objections,
            "payments": application.payments.select_related("paid_by"),
            "steps": steps if request.user.is_office else [],
            "objection_form": ObjectionForm() if can_object(request.user, application) else None,
            "can_resolve": can_resolve_objection(request.user),
            "payment_form": (bound.get("payment") or PaymentForm(initial={"amount": outstanding}))
            if application.status == ApplicationStatus.APPROVED and can_pay(request.user)
            else None,
            "outstanding": outstanding,
            "paid": sum((p for _c, p in balances.values()), ZERO),
            "history": history(application) if request.user.is_office else None,
        },
    )


def _step_form(target: str, data=None) -> StepForm:
    form = StepForm(data, auto_id=f"id_step_{target}_%s")
    if target == ApplicationStatus.REJECTED:
        form.fields["note"].help_text = _("reason (required)")
    return form


def _resolve_form(objection_pk: int, data=None) -> ResolveForm:
    return ResolveForm(data, auto_id=f"id_resolve_{objection_pk}_%s")


def _send(request: AuthenticatedRequest, pk: int, name: str, form, action, done: str) -> HttpResponse:
    """Run a step form's action; done: back to the page with ``done``; refused: the page again
    with the form as typed and the reason beside its field (or above the form)."""
    if form.is_valid():
        try:
            result = call_action(form, lambda: action(**form.cleaned_data))
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not take this step."))
        else:
            if result is not None:
                messages.success(request, done)
                return redirect("incentives:application_detail", pk=pk)
    return application_detail(request, pk, bound={name: form})


def _run(request: HttpRequest, pk: int, work) -> HttpResponse:
    try:
        work()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("incentives:application_detail", pk=pk)


@require_POST
def take_step(request: AuthenticatedRequest, pk: int, target: str) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    if target not in ApplicationStatus.values:
        raise Http404
    return _send(
        request,
        pk,
        f"step:{target}",
        _step_form(target, request.POST),
        lambda note: actions.transition_application(
            actor=request.user, application=application, to_status=target, note=note
        ),
        _("Done: %(status)s.") % {"status": ApplicationStatus(target).label},
    )


@require_POST
def object_to(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone logged in may object during the notice, so the application is found among those
    in notice of the person's district(s) rather than through for_user."""
    application = get_object_or_404(in_public_notice(request.user), pk=pk)

    def work() -> None:
        actions.raise_objection(actor=request.user, application=application, text=request.POST.get("text", ""))
        messages.success(request, _("Your objection was recorded; the office will look into it."))

    try:
        work()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    if Application.objects.for_user(request.user).filter(pk=pk).exists():
        return redirect("incentives:application_detail", pk=pk)
    return redirect("incentives:public_notice")


@require_POST
def resolve(request: AuthenticatedRequest, pk: int, objection_pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    objection = get_object_or_404(Objection, pk=objection_pk, application=application)
    return _send(
        request,
        pk,
        f"resolve:{objection.pk}",
        _resolve_form(objection.pk, request.POST),
        lambda upheld, resolution: actions.resolve_objection(
            actor=request.user, objection=objection, upheld=upheld, resolution=resolution
        ),
        _("Objection resolved."),
    )


@require_POST
def pay(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            paid = call_action(
                form,
                lambda: actions.record_payment(
                    actor=request.user,
                    application=application,
                    amount=form.cleaned_data["amount"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    reference=form.cleaned_data["reference"],
                ),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if paid is not None:
                messages.success(request, _("Payment recorded."))
                return redirect("incentives:application_detail", pk=pk)
    # Refused: the page again with the amount and reference as typed (and the same key, so a
    # second press still pays once) and the reason beside the amount.
    return application_detail(request, pk, bound={"payment": form})


@require_POST
def reverse(request: HttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    payment = get_object_or_404(Payment, pk=payment_pk, application=application)
    return _run(
        request,
        pk,
        lambda: actions.reverse_payment(actor=request.user, payment=payment, note=request.POST.get("note", "")),
    )


def in_public_notice(user) -> QuerySet[Application]:
    """The applications in public notice to programmes of ``user``'s district(s): a district's
    公示 is for the people of that district."""
    return Application.objects.filter(
        status=ApplicationStatus.PUBLIC_NOTICE, programme__in=Programme.objects.for_user(user)
    )


def public_notice(request: HttpRequest) -> HttpResponse:
    """The 公示 list: every application in public notice in the person's district(s), for anyone
    logged in there; printable."""
    applications = (
        in_public_notice(request.user)
        .select_related("programme", "enterprise")
        .prefetch_related("lines__item")
        .order_by("programme", "enterprise__name")
    )
    return render(
        request, "incentives/public_notice.html", {"applications": applications, "objection_form": ObjectionForm()}
    )
