from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from core.actions import FIRST_YEAR, LAST_YEAR
from core.exporting import export_response, requested_format
from core.permissions import require
from core.views_helpers import call_action, int_filter, paginate
from cultivation import actions
from cultivation.choices import BrandStage, EventKind
from cultivation.conflicts import brand_conflicts
from cultivation.forms import KeyBrandEditForm, KeyBrandForm, ParticipationForm, TrainingForm
from cultivation.models import KeyBrand, Participation, Training
from cultivation.permissions import can_manage_cultivation, can_move_brand
from cultivation.workflow import next_steps
from portfolio.models import Trademark


def _require_manager(request: HttpRequest) -> None:
    require(can_manage_cultivation(request.user))


def _form_page(request: HttpRequest, form, run, message: str, detail: str, title: str) -> HttpResponse:
    """The create and edit pages: run the action on a valid form, then show the saved object."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = call_action(form, lambda: run(data))
        if saved is not None:
            messages.success(request, message)
            return redirect(detail, pk=saved.pk)
    return render(request, "form.html", {"form": form, "title": title})


def counts_per_year(trainings) -> list[dict]:
    """Per year: trainings, competitions, and participants at each."""
    rows: dict[int, dict] = {}
    per_event = (
        trainings.annotate(year=ExtractYear("held_on"))
        .values("year", "kind")
        .annotate(events=Count("pk", distinct=True), people=Count("participations"))
    )
    for r in per_event:
        row = rows.setdefault(
            r["year"], {"year": r["year"], "trainings": 0, "competitions": 0, "trained": 0, "competed": 0}
        )
        if r["kind"] == EventKind.TRAINING:
            row["trainings"], row["trained"] = r["events"], r["people"]
        else:
            row["competitions"], row["competed"] = r["events"], r["people"]
    return [rows[y] for y in sorted(rows, reverse=True)]


def training_list(request: HttpRequest) -> HttpResponse:
    visible = Training.objects.for_user(request.user)
    trainings = visible.annotate(n=Count("participations")).order_by("-held_on", "title")
    year, kind = int_filter(request, "year", None, FIRST_YEAR, LAST_YEAR), request.GET.get("kind", "")
    if year is not None:
        trainings = trainings.filter(held_on__year=year)
    if kind in EventKind.values:
        trainings = trainings.filter(kind=kind)
    fmt = requested_format(request)
    if fmt:
        rows = [
            [t.held_on, t.get_kind_display(), t.title, t.organiser, t.get_level_display(), t.place, t.n]
            for t in trainings
        ]
        headers = ["日期", "类别", "名称", "主办单位", "级别", "地点", "参加人数"]
        return export_response(fmt, "trainings", headers, rows)
    return render(
        request,
        "cultivation/training_list.html",
        {
            "page": paginate(request, trainings),
            "per_year": counts_per_year(visible),
            "kinds": EventKind.choices,
            "year": year,
            "kind": kind,
            "can_manage": can_manage_cultivation(request.user),
        },
    )


def training_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _form_page(
        request,
        TrainingForm(request.POST or None),
        lambda data: actions.create_training(actor=request.user, **data),
        _("Saved."),
        "cultivation:training_detail",
        _("New training or competition"),
    )


def training_detail(request: AuthenticatedRequest, pk: int, form: ParticipationForm | None = None) -> HttpResponse:
    """The training and who took part. ``form`` is a participant form just sent and refused:
    shown again as typed, with what is wrong beside the field."""
    training = get_object_or_404(Training.objects.for_user(request.user), pk=pk)
    participations = training.participations.select_related("talent__organisation")
    if not request.user.is_office:
        participations = participations.filter(talent__organisation_id=request.user.organisation_id)
    manage = can_manage_cultivation(request.user)
    return render(
        request,
        "cultivation/training_detail.html",
        {
            "training": training,
            "participations": participations,
            "form": (form or ParticipationForm(user=request.user)) if manage else None,
            "can_manage": manage,
        },
    )


def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_object_or_404(Training.objects.for_user(request.user), pk=pk)
    _require_manager(request)
    return _form_page(
        request,
        # The form edits its own copy: the action compares against the training as saved.
        TrainingForm(request.POST or None, instance=get_object_or_404(Training.objects.for_user(request.user), pk=pk)),
        lambda data: actions.update_training(actor=request.user, training=training, **data),
        _("Changes saved."),
        "cultivation:training_detail",
        str(training),
    )


@require_POST
def participation_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training = get_object_or_404(Training.objects.for_user(request.user), pk=pk)
    _require_manager(request)
    form = ParticipationForm(request.POST, user=request.user)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if call_action(form, lambda: actions.record_participation(actor=request.user, training=training, **data)):
            messages.success(request, _("Participant recorded."))
            return redirect("cultivation:training_detail", pk=pk)
    return training_detail(request, pk, form=form)


@require_POST
def participation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Participation.objects.filter(training__in=Training.objects.for_user(request.user)), pk=pk)
    _require_manager(request)
    actions.remove_participation(actor=request.user, participation=row)
    messages.success(request, _("Participant removed."))
    return redirect("cultivation:training_detail", pk=row.training_id)


def brand_list(request: HttpRequest) -> HttpResponse:
    brands = (
        KeyBrand.objects.for_user(request.user)
        .select_related("owner")
        .prefetch_related(Prefetch("trademarks", queryset=Trademark.objects.order_by("number")))
    )
    goal, stage = request.GET.get("goal", ""), request.GET.get("stage", "")
    if goal:
        brands = brands.filter(goal=goal)
    if stage:
        brands = brands.filter(stage=stage)
    fmt = requested_format(request)
    if fmt:
        rows = [
            [
                b.name,
                b.owner.name,
                "、".join(m.number for m in b.trademarks.all()),
                b.get_goal_display(),
                b.get_stage_display(),
                b.target_year,
            ]
            for b in brands
        ]
        return export_response(
            fmt, "key-brands", ["品牌", "权利人", "商标注册号", "培育目标", "进展", "目标年度"], rows
        )
    return render(
        request,
        "cultivation/brand_list.html",
        {
            "brands": paginate(request, brands),
            "goal": goal,
            "stage": stage,
            "goals": KeyBrand._meta.get_field("goal").choices,
            "stages": BrandStage.choices,
            "can_manage": can_manage_cultivation(request.user),
        },
    )


def brand_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _form_page(
        request,
        KeyBrandForm(request.POST or None, user=request.user),
        lambda data: actions.add_key_brand(actor=request.user, **data),
        _("The brand is on the list and on the protected-mark watch."),
        "cultivation:brand_detail",
        _("Add a key brand"),
    )


def brand_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    brand = get_object_or_404(KeyBrand.objects.for_user(request.user).select_related("owner", "protected_mark"), pk=pk)
    trademarks = brand.trademarks.prefetch_related("goods").order_by("number")
    steps = [
        (target, BrandStage(target).label, can_move_brand(request.user, brand, target))
        for target in next_steps(brand.stage)
    ]
    return render(
        request,
        "cultivation/brand_detail.html",
        {
            "brand": brand,
            "trademarks": trademarks,
            "conflicts": brand_conflicts(request.user, brand),
            "history": brand.steps.select_related("actor"),
            "steps": steps if request.user.is_office else [],
            "can_manage": can_manage_cultivation(request.user),
        },
    )


def brand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    brand = get_object_or_404(KeyBrand.objects.for_user(request.user).select_related("owner"), pk=pk)
    _require_manager(request)
    initial = {
        "goal": brand.goal,
        "trademarks": ", ".join(brand.trademarks.values_list("number", flat=True)),
        "target_year": brand.target_year,
        "note": brand.note,
    }
    return _form_page(
        request,
        KeyBrandEditForm(request.POST or None, initial=initial, user=request.user),
        lambda data: actions.update_key_brand(actor=request.user, brand=brand, **data),
        _("Changes saved."),
        "cultivation:brand_detail",
        str(brand),
    )


@require_POST
def brand_move(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    brand = get_object_or_404(KeyBrand.objects.for_user(request.user), pk=pk)
    if stage not in BrandStage.values:
        raise Http404
    require(can_move_brand(request.user, brand, stage))
    try:
        actions.move_key_brand(actor=request.user, brand=brand, to_stage=stage, note=request.POST.get("note", ""))
        messages.success(request, _("Progress recorded."))
    except actions.ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cultivation:brand_detail", pk=pk)
