"""The clerk's owner-matching queue: the owner names imports could not match, with
suggestions, and the decisions taken (the aliases the next imports apply)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from core.views_helpers import paginate
from portfolio import matching
from portfolio.forms import MatchForm
from portfolio.models import OwnerDecision, OwnerName


def owner_queue(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_office:
        raise Http404  # the queue is the office's: to anyone else it does not exist
    names = OwnerName.objects.for_user(request.user).select_related("enterprise")
    shown = request.GET.get("show", "pending")
    if shown == "decided":
        names = names.exclude(decision=OwnerDecision.PENDING).order_by("-decided_at", "pk")
    else:
        names = names.filter(decision=OwnerDecision.PENDING)
    return render(request, "portfolio/owner_queue.html", {"page": paginate(request, names), "shown": shown})


def owner_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    owner_name = get_object_or_404(OwnerName.objects.for_user(request.user), pk=pk)
    form = MatchForm(request.POST or None, user=request.user)
    if owner_name.decision == OwnerDecision.PENDING and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == MatchForm.MATCH:
                count = matching.match_owner(actor=request.user, owner_name=owner_name, enterprise=data["enterprise"])
            elif data["decision"] == MatchForm.NEW:
                _enterprise, count = matching.register_owner(
                    actor=request.user, owner_name=owner_name, uscc=data["uscc"]
                )
            else:
                count = matching.mark_outside(actor=request.user, owner_name=owner_name, note=data["note"])
        except ValidationError as exc:
            form.add_error("uscc", exc.messages)
        else:
            messages.success(
                request,
                _("Decision kept for the next imports; %(count)d patents got their owner.") % {"count": count},
            )
            return redirect("portfolio:owner_queue")
    patents = owner_name.patent_links.select_related("patent").order_by("patent__application_number")[:50]
    return render(
        request,
        "portfolio/owner_decide.html",
        {"owner_name": owner_name, "form": form, "patents": [link.patent for link in patents]},
    )
