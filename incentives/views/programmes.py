from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from core.permissions import require
from core.views_helpers import call_action, paginate
from incentives import actions
from incentives.forms import AwardItemForm, ProgrammeForm
from incentives.models import AwardItem, Programme
from incentives.permissions import can_apply, can_manage_programmes
from incentives.rules import eligible_assets
from registry.models import Enterprise


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.for_user(request.user).prefetch_related("items")
    return render(
        request,
        "incentives/programme_list.html",
        {
            "programmes": paginate(request, programmes),
            "can_manage": can_manage_programmes(request.user),
            "today": dt.date.today(),
        },
    )


def programme_create(request: HttpRequest) -> HttpResponse:
    require(can_manage_programmes(request.user))
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        programme = call_action(form, lambda: actions.create_programme(actor=request.user, **data))
        if programme is not None:
            messages.success(request, _("Programme created: now add its award items."))
            return redirect("incentives:programme_detail", pk=programme.pk)
    return render(request, "form.html", {"form": form, "title": _("New programme")})


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every logged-in person of the programme's district may read it: it is a published measure."""
    programme = get_object_or_404(Programme.objects.for_user(request.user), pk=pk)
    form = None
    may_manage = can_manage_programmes(request.user)
    if request.method == "POST":
        require(may_manage)
    if may_manage:
        form = AwardItemForm(request.POST or None, district=programme.district)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            item = call_action(form, lambda: actions.add_award_item(actor=request.user, programme=programme, **data))
            if item is not None:
                messages.success(request, _("Award item added."))
                return redirect("incentives:programme_detail", pk=programme.pk)
    items = programme.items.prefetch_related("splits__source")
    return render(
        request,
        "incentives/programme_detail.html",
        {"programme": programme, "items": items, "form": form, "is_open": programme.is_open(dt.date.today())},
    )


def apply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The enterprise sees what the portfolio qualifies for and ticks what it claims."""
    programme = get_object_or_404(Programme.objects.for_user(request.user), pk=pk)
    if request.user.is_office:
        # An enterprise of the office's own district(s), by its id.
        enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=request.GET.get("enterprise") or 0)
    else:
        enterprise = get_object_or_404(
            Enterprise.objects.for_user(request.user), organisation=request.user.organisation
        )
    require(can_apply(request.user, enterprise))
    offers = [(item, eligible_assets(item, enterprise)) for item in programme.items.all() if not item.refused]
    error = ""
    if request.method == "POST":
        chosen = []
        for value in request.POST.getlist("asset"):
            item_id, _sep, key = value.partition("|")
            item = get_object_or_404(AwardItem, pk=int(item_id), programme=programme)
            chosen.append((item, key))
        from django.core.exceptions import ValidationError

        try:
            application = actions.submit_application(
                actor=request.user, programme=programme, enterprise=enterprise, asset_keys=chosen
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Application submitted."))
            return redirect("incentives:application_detail", pk=application.pk)
    return render(
        request,
        "incentives/apply.html",
        {"programme": programme, "enterprise": enterprise, "offers": offers, "error": error},
    )
