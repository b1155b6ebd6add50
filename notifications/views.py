from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from core.permissions import require
from core.ratelimits import limit, per_person
from core.signals import export_requested
from core.views_helpers import call_action, paginate
from notifications import actions
from notifications.due import lapsed_between
from notifications.exports import deadlines_for, deadlines_ics, portfolio_xlsx
from notifications.forms import AnnuityPaidForm, ContactForm, FeeReductionForm, InboxChannelForm
from notifications.models import AnnuityPayment, Contact, Delivery, Message, Preference
from notifications.permissions import can_manage_contacts, can_mark_annuity_paid, can_read_inbox, can_see_lapsed
from portfolio import actions as portfolio_actions
from portfolio.models import FeeReduction, Patent
from registry.models import Enterprise


def _own(queryset, request: AuthenticatedRequest):
    """Rows of the person's own organisation only (the office's inbox is the office's, not
    every enterprise's)."""
    return queryset.filter(organisation_id=request.user.organisation_id)


def inbox(request: AuthenticatedRequest) -> HttpResponse:
    require(can_read_inbox(request.user))
    rows = _own(Message.objects.all(), request)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return render(
        request,
        "notifications/inbox.html",
        {"page": paginate(request, rows), "unread_only": unread_only,
         "unread": _own(Message.objects.filter(read_at__isnull=True), request).count()},
    )  # fmt: skip


@require_POST
def inbox_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(_own(Message.objects.all(), request), pk=pk)
    actions.mark_read(actor=request.user, messages=Message.objects.filter(pk=message.pk))
    if message.link and url_has_allowed_host_and_scheme(message.link, allowed_hosts=None):
        return redirect(message.link)
    return redirect("notifications:inbox")


@require_POST
def inbox_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = actions.mark_read(actor=request.user, messages=Message.objects.all())
    messages.success(request, _("%(n)d messages marked read.") % {"n": count})
    return redirect("notifications:inbox")


def contacts(request: AuthenticatedRequest) -> HttpResponse:
    require(can_read_inbox(request.user))
    organisation = request.user.organisation
    preference = Preference.objects.filter(organisation=organisation).first()
    channel_form = InboxChannelForm(initial={"by_inbox": preference.by_inbox if preference else True})
    return render(
        request,
        "notifications/contacts.html",
        {
            "contacts": _own(Contact.objects.all(), request),
            "channel_form": channel_form,
            "can_manage": can_manage_contacts(request.user, organisation),
            "deliveries": _own(Delivery.objects.all(), request)[:50],
        },
    )


@require_POST
def channels(request: AuthenticatedRequest) -> HttpResponse:
    organisation = request.user.organisation
    require(can_manage_contacts(request.user, organisation))
    form = InboxChannelForm(request.POST)
    if form.is_valid():
        actions.set_inbox(actor=request.user, organisation=organisation, by_inbox=form.cleaned_data["by_inbox"])
        messages.success(request, _("Changes saved."))
    return redirect("notifications:contacts")


def contact_create(request: AuthenticatedRequest) -> HttpResponse:
    organisation = request.user.organisation
    require(can_read_inbox(request.user))
    require(can_manage_contacts(request.user, organisation))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        contact = call_action(form, lambda: actions.add_contact(actor=request.user, organisation=organisation, **data))
        if contact is not None:
            messages.success(request, _("%(name)s added.") % {"name": contact.name})
            return redirect("notifications:contacts")
    return render(request, "form.html", {"form": form, "title": _("Add a contact person")})


def contact_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(_own(Contact.objects.all(), request), pk=pk)
    require(can_manage_contacts(request.user, contact.organisation))
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        contact.refresh_from_db()
        updated = call_action(form, lambda: actions.update_contact(actor=request.user, contact=contact, **changes))
        if updated is not None:
            messages.success(request, _("Changes saved."))
            return redirect("notifications:contacts")
    return render(request, "form.html", {"form": form, "title": _("Edit %(name)s") % {"name": contact.name}})


@require_POST
def contact_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(_own(Contact.objects.all(), request), pk=pk)
    actions.remove_contact(actor=request.user, contact=contact)
    messages.success(request, _("%(name)s removed.") % {"name": contact.name})
    return redirect("notifications:contacts")


def my_deadlines(request: AuthenticatedRequest) -> HttpResponse:
    enterprise = Enterprise.objects.for_user(request.user).filter(organisation_id=request.user.organisation_id).first()
    if enterprise is None:
        raise Http404
    return _deadlines_page(request, enterprise)


def deadlines(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _deadlines_page(request, get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk))


def _deadlines_page(request: AuthenticatedRequest, enterprise: Enterprise) -> HttpResponse:
    today = timezone.localdate()
    rows = deadlines_for(enterprise, today)
    payable = {}
    for row in rows:
        if row.patent_id is not None and row.year is not None and row.patent_id not in payable:
            payable[row.patent_id] = row.year
    payments = AnnuityPayment.objects.filter(patent__owners=enterprise).select_related("patent")[:20]
    return render(
        request,
        "notifications/deadlines.html",
        {"enterprise": enterprise, "rows": rows, "payments": payments, "today": today},
    )


def _download(request: AuthenticatedRequest, fmt: str) -> None:
    limit(request, "export", per_person)
    export_requested.send(sender=_download, request=request, fmt=fmt)  # audited (audit/receivers.py)


def export_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)
    _download(request, "xlsx")
    response = HttpResponse(
        portfolio_xlsx(enterprise, timezone.localdate()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="portfolio-{enterprise.pk}.xlsx"'
    return response


def export_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)
    _download(request, "ics")
    body = deadlines_ics(enterprise, timezone.localdate(), request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deadlines-{enterprise.pk}.ics"'
    return response


def annuity_paid(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    patent = get_object_or_404(Patent.objects.for_user(request.user), pk=pk)
    require(can_mark_annuity_paid(request.user, patent))
    due = patent.next_annuity_due()
    year = max(patent.annuity_paid_year, patent.grant_year or 0) + 1
    form = AnnuityPaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        payment = call_action(
            form,
            lambda: actions.mark_annuity_paid(
                actor=request.user, patent=patent, year=year, receipt_number=data["receipt_number"],
                paid_on=data["paid_on"],
            ),
        )  # fmt: skip
        if payment is not None:
            messages.success(
                request, _("The annuity for year %(year)d of %(number)s is recorded as paid.")
                % {"year": year, "number": patent.application_number},
            )  # fmt: skip
            owner = Enterprise.objects.for_user(request.user).filter(patents=patent).first()
            if owner is not None:
                return redirect("notifications:deadlines_of", pk=owner.pk)
            return redirect("portfolio:patent_detail", pk=patent.pk)
    title = _("Mark the annuity for year %(year)d of %(number)s paid") % {
        "year": year, "number": patent.application_number,
    }  # fmt: skip
    return render(request, "notifications/annuity_paid.html", {"form": form, "title": title, "patent": patent,
                                                                "due": due, "year": year})  # fmt: skip


def fee_reduction(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record (or remove) the patent's approved fee reduction, which the annuity amounts use."""
    patent = get_object_or_404(Patent.objects.for_user(request.user), pk=pk)
    require(can_mark_annuity_paid(request.user, patent))
    current = FeeReduction.objects.filter(patent=patent).first()
    initial = (
        {"share": current.share, "approved_on": current.approved_on, "reference": current.reference} if current else {}
    )
    form = FeeReductionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_action(
            form,
            lambda: portfolio_actions.set_fee_reduction(
                actor=request.user, patent=patent, share=data["share"], approved_on=data["approved_on"],
                reference=data["reference"],
            ) or True,
        )  # fmt: skip
        if done is not None:
            messages.success(
                request, _("The fee reduction of %(number)s is recorded.") % {"number": patent.application_number}
            )
            owner = Enterprise.objects.for_user(request.user).filter(patents=patent).first()
            if owner is not None:
                return redirect("notifications:deadlines_of", pk=owner.pk)
            return redirect("portfolio:patent_detail", pk=patent.pk)
    title = _("Fee reduction of %(number)s") % {"number": patent.application_number}
    return render(request, "notifications/fee_reduction.html", {"form": form, "title": title, "patent": patent})


def _month(text: str, today: dt.date) -> dt.date:
    """The first day of the month asked for (YYYY-MM), else of last month."""
    try:
        first = dt.datetime.strptime(text, "%Y-%m").date()
        if 1900 < first.year < 2200:
            return first
    except ValueError:
        pass
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    return last_month_end.replace(day=1)


def lapsed(request: AuthenticatedRequest) -> HttpResponse:
    require(can_see_lapsed(request.user))
    today = timezone.localdate()
    first = _month(request.GET.get("month", ""), today)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    rows = lapsed_between(first, next_month - dt.timedelta(days=1), user=request.user)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "notifications/lapsed.html",
        {"rows": paginate(request, rows, per_page=50), "total": len(rows),
         "month": first, "previous": f"{previous:%Y-%m}", "next": f"{next_month:%Y-%m}",
         "url": reverse("notifications:lapsed")},
    )  # fmt: skip
