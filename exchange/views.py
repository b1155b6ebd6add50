from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from audit.trail import record
from core.exporting import export_response, requested_format
from core.permissions import office_only, require
from core.views_helpers import call_action, paginate
from exchange import actions
from exchange.choices import DealKind, DealStatus, MatchStatus, NeedStatus, OfferMode, OfferStatus
from exchange.figures import exchange_figures
from exchange.forms import (
    CancelForm,
    DealForm,
    IdleOfferForm,
    MeetingForm,
    NeedForm,
    OfferForm,
    PaidForm,
    RegisterForm,
    SignForm,
)
from exchange.matching import idle_patents, value_score
from exchange.models import Deal, Match, Need, Offer
from exchange.permissions import (
    can_change_offer,
    can_move_deal,
    can_offer,
    can_post_need,
    can_run_exchange,
    can_take_open_licence,
)
from exchange.workflow import next_steps
from financing.scoring import indicator_rows
from registry.models import Enterprise

STEP_FORMS: dict[str, type[forms.Form]] = {
    DealStatus.SIGNED: SignForm,
    DealStatus.REGISTERED: RegisterForm,
    DealStatus.PAID: PaidForm,
    DealStatus.CANCELLED: CancelForm,
}


def offer_list(request: HttpRequest) -> HttpResponse:
    offers = Offer.objects.for_user(request.user).select_related("organisation")
    mode, status = request.GET.get("mode", ""), request.GET.get("status", OfferStatus.LISTED)
    if mode in OfferMode.values:
        offers = offers.filter(mode=mode)
    if status in OfferStatus.values:
        offers = offers.filter(status=status)
    find = request.GET.get("find", "").strip()[:100]
    if find:
        offers = offers.filter(title__icontains=find) | offers.filter(application_number__icontains=find)
    fmt = requested_format(request)
    if fmt:
        rows = [
            [o.application_number, o.title, o.organisation.name, o.get_source_kind_display(), o.get_mode_display(),
             o.get_legal_status_display(), o.royalty_rate, o.lump_sum, o.licence_years, o.get_status_display()]
            for o in offers
        ]  # fmt: skip
        headers = [
            "申请号",
            "名称",
            "提供方",
            "来源",
            "方式",
            "法律状态",
            "提成比例(%)",
            "年费(元)",
            "期限(年)",
            "状态",
        ]
        return export_response(fmt, "patent-offers", headers, rows)
    return render(
        request,
        "exchange/offer_list.html",
        {
            "page": paginate(request, offers),
            "modes": OfferMode.choices,
            "statuses": OfferStatus.choices,
            "mode": mode,
            "status": status,
            "find": find,
            "can_offer": can_offer(request.user),
        },
    )


def offer_create(request: HttpRequest) -> HttpResponse:
    require(can_offer(request.user))
    if request.user.kind == "enterprise":  # type: ignore[union-attr]  # logged in: require() passed
        return redirect("exchange:idle_offer")
    form = OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        offer = call_action(form, lambda: actions.list_offer(actor=request.user, **data))
        if offer is not None:
            messages.success(request, _("The patent is listed on the exchange."))
            return redirect("exchange:offer_detail", pk=offer.pk)
    return render(request, "form.html", {"form": form, "title": _("List a patent")})


def idle_offer(request: HttpRequest) -> HttpResponse:
    """An enterprise lists one of its idle patents (the office picks the enterprise)."""
    require(can_offer(request.user))
    enterprises = Enterprise.objects.for_user(request.user)
    enterprise = None
    if request.user.is_office:  # type: ignore[union-attr]  # logged in
        chosen = request.GET.get("enterprise", "")
        enterprise = get_object_or_404(enterprises, pk=int(chosen)) if chosen.isdigit() else None
    else:
        enterprise = enterprises.first()
    if enterprise is None:
        raise Http404
    today = timezone.localdate()
    patents = idle_patents(enterprise, today)
    form = IdleOfferForm(request.POST or None, patents=patents)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        offer = call_action(
            form, lambda: actions.offer_idle_patent(actor=request.user, enterprise=enterprise, on=today, **data)
        )
        if offer is not None:
            messages.success(request, _("The patent is listed on the exchange."))
            return redirect("exchange:offer_detail", pk=offer.pk)
    return render(request, "exchange/idle_offer.html", {"form": form, "patents": patents, "enterprise": enterprise})


def offer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.for_user(request.user).select_related("organisation", "patent"), pk=pk)
    today = timezone.localdate()
    score = value_score(offer, today)
    indicators = indicator_rows(score.as_json())  # the legal status in words, unknowns said
    own_needs = (
        Need.objects.for_user(request.user).filter(status=NeedStatus.OPEN)
        if not request.user.is_office
        else Need.objects.none()
    )
    deals = Deal.objects.for_user(request.user).filter(offer=offer).select_related("acquirer")
    return render(
        request,
        "exchange/offer_detail.html",
        {
            "offer": offer,
            "score": score.score,
            "indicators": indicators,
            "remaining": offer.remaining_years(today),
            "can_change": can_change_offer(request.user, offer),
            "can_take": can_take_open_licence(request.user, offer),
            "own_needs": own_needs,
            "deals": deals,
        },
    )


@require_POST
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.for_user(request.user), pk=pk)
    require(can_change_offer(request.user, offer))
    actions.withdraw_offer(actor=request.user, offer=offer)
    messages.success(request, _("The offer is withdrawn."))
    return redirect("exchange:offer_detail", pk=pk)


@require_POST
def offer_take(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise takes an open licence on the declared terms."""
    offer = get_object_or_404(Offer.objects.for_user(request.user), pk=pk)
    require(can_take_open_licence(request.user, offer))
    enterprise = Enterprise.objects.for_user(request.user).first()
    if enterprise is None:
        raise Http404
    need_id = request.POST.get("need", "")
    need = Need.objects.for_user(request.user).filter(pk=int(need_id)).first() if need_id.isdigit() else None
    try:
        deal = actions.take_open_licence(actor=request.user, offer=offer, acquirer=enterprise, need=need)
    except actions.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exchange:offer_detail", pk=pk)
    messages.success(request, _("You took the open licence; the deal goes on to the contract and its recordal."))
    return redirect("exchange:deal_detail", pk=deal.pk)


def need_list(request: HttpRequest) -> HttpResponse:
    needs = Need.objects.for_user(request.user).select_related("enterprise")
    status = request.GET.get("status", "")
    if status in NeedStatus.values:
        needs = needs.filter(status=status)
    return render(
        request,
        "exchange/need_list.html",
        {
            "page": paginate(request, needs),
            "status": status,
            "statuses": NeedStatus.choices,
            "can_post": can_post_need(request.user),
        },
    )


def need_create(request: HttpRequest) -> HttpResponse:
    require(can_post_need(request.user))
    form = NeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        need = call_action(form, lambda: actions.post_need(actor=request.user, **data))
        if need is not None:
            messages.success(request, _("The need is posted and matched against the offers."))
            return redirect("exchange:need_detail", pk=need.pk)
    return render(request, "form.html", {"form": form, "title": _("Post a technology need")})


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need.objects.for_user(request.user).select_related("enterprise"), pk=pk)
    matches = (
        Match.objects.for_user(request.user)
        .filter(need=need)
        .exclude(status=MatchStatus.DISMISSED)
        .select_related("offer__organisation")
        .order_by("rank")
    )
    return render(
        request,
        "exchange/need_detail.html",
        {
            "need": need,
            "matches": matches,
            "can_run": can_run_exchange(request.user),
            "deals": need.deals.select_related("offer"),
        },
    )


@require_POST
def need_rematch(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need.objects.for_user(request.user), pk=pk)
    require(can_post_need(request.user, need.enterprise))
    actions.refresh_matches(need)
    messages.success(request, _("Matched again against the listed offers."))
    return redirect("exchange:need_detail", pk=pk)


def board(request: HttpRequest) -> HttpResponse:
    """The office's match board: every open need's matches, best first."""
    require(can_run_exchange(request.user))
    matches = (
        Match.objects.for_user(request.user)
        .filter(need__status=NeedStatus.OPEN, offer__status=OfferStatus.LISTED)
        .exclude(status=MatchStatus.DISMISSED)
        .select_related("need__enterprise", "offer__organisation")
        .order_by("-status", "-score", "pk")
    )
    return render(request, "exchange/board.html", {"page": paginate(request, matches), "meeting_form": MeetingForm()})


@require_POST
def match_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(Match.objects.for_user(request.user), pk=pk)
    require(can_run_exchange(request.user))
    form = MeetingForm(request.POST)
    if form.is_valid():
        actions.arrange_meeting(
            actor=request.user,
            match=match,
            meeting_at=form.cleaned_data["meeting_at"],
            place=form.cleaned_data["place"],
        )
        messages.success(request, _("Meeting arranged."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("exchange:board")


@require_POST
def match_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(Match.objects.for_user(request.user), pk=pk)
    require(can_run_exchange(request.user))
    actions.set_match_aside(actor=request.user, match=match)
    messages.success(request, _("Match set aside."))
    return redirect("exchange:board")


def match_deal(request: HttpRequest, pk: int) -> HttpResponse:
    """The office opens a deal from a match."""
    match = get_object_or_404(Match.objects.for_user(request.user).select_related("need__enterprise", "offer"), pk=pk)
    require(can_run_exchange(request.user))
    initial = {"kind": DealKind.TRANSFER if match.offer.mode == OfferMode.TRANSFER else DealKind.NON_EXCLUSIVE_LICENCE}
    if match.offer.mode == OfferMode.OPEN_LICENCE:
        initial["kind"] = DealKind.OPEN_LICENCE
    form = DealForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        deal = call_action(
            form,
            lambda: actions.open_deal(
                actor=request.user, offer=match.offer, acquirer=match.need.enterprise, need=match.need, **data
            ),
        )
        if deal is not None:
            messages.success(request, _("The deal is open."))
            return redirect("exchange:deal_detail", pk=deal.pk)
    title = _("Deal: %(offer)s for %(enterprise)s") % {"offer": match.offer, "enterprise": match.need.enterprise}
    return render(request, "form.html", {"form": form, "title": title})


def deal_list(request: HttpRequest) -> HttpResponse:
    deals = Deal.objects.for_user(request.user).select_related("offer__organisation", "acquirer")
    status = request.GET.get("status", "")
    if status in DealStatus.values:
        deals = deals.filter(status=status)
    return render(
        request,
        "exchange/deal_list.html",
        {"page": paginate(request, deals), "status": status, "statuses": DealStatus.choices},
    )


def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = get_object_or_404(
        Deal.objects.for_user(request.user).select_related("offer__organisation", "acquirer", "acquired_patent"), pk=pk
    )
    steps = [
        (target, DealStatus(target).label, can_move_deal(request.user, deal, target), STEP_FORMS[target]())
        for target in next_steps(deal.status)
    ]
    return render(
        request,
        "exchange/deal_detail.html",
        {"deal": deal, "steps": steps, "history": deal.steps.select_related("actor")},
    )


@require_POST
def deal_step(request: HttpRequest, pk: int, target: str) -> HttpResponse:
    deal = get_object_or_404(Deal.objects.for_user(request.user), pk=pk)
    if target not in STEP_FORMS:
        raise Http404
    require(can_move_deal(request.user, deal, target))
    form = STEP_FORMS[target](request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if call_action(form, lambda: actions.move_deal(actor=request.user, deal=deal, to_status=target, **data)):
            messages.success(request, _("Step recorded."))
            return redirect("exchange:deal_detail", pk=pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("exchange:deal_detail", pk=pk)


def deal_contract(request: HttpRequest, pk: int) -> FileResponse:
    deal = get_object_or_404(Deal.objects.for_user(request.user), pk=pk)
    if not deal.contract:
        raise Http404
    with transaction.atomic():
        record(actor=request.user, action="exchange.deal.contract_download", obj=deal)
    return FileResponse(deal.contract.open("rb"), as_attachment=True, filename=f"deal-{deal.pk}-contract.pdf")


def figures(request: HttpRequest) -> HttpResponse:
    require(office_only(request.user, _("The exchange's figures are the office's.")))
    year = timezone.localdate().year
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        year = int(raw)
    return render(request, "exchange/figures.html", {"year": year, "figures": exchange_figures(year)})
