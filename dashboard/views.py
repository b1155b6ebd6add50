from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.districts import home_district
from accounts.models import District
from core.exporting import export_response, requested_format
from core.permissions import require
from core.views_helpers import call_action, paginate
from dashboard import actions, snapshots
from dashboard.choices import ReportStatus
from dashboard.figures import build_dashboard, trend_years
from dashboard.forms import PopulationForm, TargetForm
from dashboard.models import AnnualReport, DistrictTarget
from dashboard.permissions import can_read_dashboard, can_read_rollup, can_set_district_figures
from dashboard.report import funds_chart, start_report, trend_charts
from dashboard.rollup import build_rollup, peers_of, standing_of
from registry import actions as registry_actions
from registry.models import DistrictPopulation

# The dashboard is recomputed at most this often per year and language (seconds): "live"
# within a minute, and fifty people opening it at once cost one computation.
CACHE_SECONDS = 60
# A report asked for again within this many seconds is the same report, not a new one.
REPORT_FRESH_SECONDS = 600
SECTION_TITLES = {
    "creation": gettext_lazy("Creation"),
    "brands": gettext_lazy("Trademarks and brands"),
    "financing": gettext_lazy("Use: pledge financing"),
    "funds": gettext_lazy("Subsidy and award funds"),
    "protection": gettext_lazy("Protection"),
    "cultivation": gettext_lazy("Talent cultivation"),
    "exchange": gettext_lazy("Use: patent transfer and licensing"),
}


def _cache_key(year: int, language: str, district_code: str) -> str:
    return f"dashboard:{district_code}:{year}:{language}"


def forget_cached_dashboards() -> None:
    """Targets or population changed: the next view recomputes every year."""
    from django.conf import settings

    this_year = timezone.localdate().year
    codes = list(District.objects.values_list("code", flat=True))
    cache.delete_many(
        [
            _cache_key(y, language, district)
            for y in range(2000, this_year + 1)
            for language, _n in settings.LANGUAGES
            for district in codes
        ]
    )


def _require_reader(request: HttpRequest) -> None:
    require(can_read_dashboard(request.user))


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year else this_year


def dashboard(request: HttpRequest) -> HttpResponse:
    """The county's indicators for a year, each with its three-year trend and target."""
    _require_reader(request)
    year = _year(request)
    district = home_district(request.user)
    key = _cache_key(year, get_language(), district.code)
    context = cache.get(key)
    if context is None:
        found = snapshots.read({district.code}, trend_years(year))
        board = build_dashboard(year, district, found.values[district.code], found.top[district.code][year])
        charts = trend_charts(board)
        context = {
            "board": board,
            "sections": [
                (name, SECTION_TITLES[name], [(row, charts[row.code]) for row in rows]) for name, rows in board.sections
            ],
            "funds_chart": funds_chart(board),
            "standing": standing_of(district, year),
            # When the snapshot was computed (None: computed live for this page), and whether
            # records changed since (a refresh is on its way).
            "computed_at": found.computed_at,
            "stale": found.stale,
        }
        cache.set(key, context, CACHE_SECONDS)
    this_year = timezone.localdate().year
    return render(
        request,
        "dashboard/dashboard.html",
        {
            **context,
            "year_choices": list(range(this_year, this_year - 6, -1)),
            "can_set": can_set_district_figures(request.user),
        },
    )


def targets(request: HttpRequest) -> HttpResponse:
    """Targets and population per year; the office's clerks and leader change them."""
    _require_reader(request)
    district = home_district(request.user)
    can_set = can_set_district_figures(request.user)
    target_form = TargetForm(request.POST if "t-indicator" in request.POST else None, prefix="t")
    population_form = PopulationForm(request.POST if "p-population" in request.POST else None, prefix="p")
    if request.method == "POST":
        require(can_set)
        form, action = (
            (target_form, actions.set_target)
            if "t-indicator" in request.POST
            else (population_form, registry_actions.set_population)
        )
        if form.is_valid():
            data = dict(form.cleaned_data)
            if call_action(form, lambda: action(actor=request.user, district=district, **data)) is not None:
                forget_cached_dashboards()
                messages.success(request, _("Saved."))
                return redirect("dashboard:targets")
    return render(
        request,
        "dashboard/targets.html",
        {
            "targets": DistrictTarget.objects.filter(district=district),
            "population": DistrictPopulation.objects.filter(district=district),
            "target_form": target_form if can_set else None,
            "population_form": population_form if can_set else None,
        },
    )


def report_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "dashboard/report_list.html",
        {
            "reports": paginate(request, AnnualReport.objects.for_user(request.user).select_related("requested_by")),
            "year_choices": list(range(this_year, this_year - 6, -1)),
        },
    )


@require_POST
def report_for_year(request: HttpRequest, year: int) -> HttpResponse:
    """Open the year's annual report: the one made in the last few minutes if there is one,
    else a new one generated from the data as it stands now. A POST (with its CSRF token):
    as a GET, any page on another site could make a logged-in reader start the work."""
    _require_reader(request)
    if not actions.MIN_REPORT_YEAR <= year <= timezone.localdate().year:
        raise Http404
    since = timezone.now() - dt.timedelta(seconds=REPORT_FRESH_SECONDS)
    report = (
        AnnualReport.objects.for_user(request.user)
        .filter(year=year, created_at__gte=since)
        .exclude(status=ReportStatus.FAILED)
        .first()
    )
    if report is None:
        report = actions.request_report(actor=request.user, year=year, district=home_district(request.user))
        start_report(report)
    return redirect("dashboard:report_detail", pk=report.pk)


@require_POST
def report_regenerate(request: HttpRequest, year: int) -> HttpResponse:
    """The office asks for a fresh report at once (after correcting data)."""
    _require_reader(request)
    if not actions.MIN_REPORT_YEAR <= year <= timezone.localdate().year:
        raise Http404
    report = actions.request_report(actor=request.user, year=year, district=home_district(request.user))
    start_report(report)
    return redirect("dashboard:report_detail", pk=report.pk)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport.objects.for_user(request.user), pk=pk)
    return render(request, "dashboard/report_detail.html", {"report": report})


def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    report = get_object_or_404(AnnualReport.objects.for_user(request.user), pk=pk)
    return JsonResponse(
        {"status": report.status, "percent": report.progress, "step": report.step, "finished": report.finished}
    )


def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    report = get_object_or_404(AnnualReport.objects.for_user(request.user), pk=pk)
    if fmt not in ("pdf", "xlsx") or report.status != ReportStatus.DONE:
        raise Http404
    stored = report.pdf if fmt == "pdf" else report.xlsx
    name = f"{report.year}年度知识产权工作报告.{fmt}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


def _rollup_districts(request: HttpRequest) -> list[District]:
    """The districts a person's roll-up shows: a bureau's linked districts; for the office and
    the county leadership, their district among the other districts of its city that this
    installation serves (their figures and ranks — the ranking the city publishes — never
    their records). Anyone else gets a 404."""
    user = request.user
    if not can_read_rollup(user):
        raise Http404
    if user.is_office:  # type: ignore[union-attr]  # can_read_rollup let only a logged-in person through
        return peers_of(home_district(user))
    return list(District.objects.filter(code__in=user.district_codes))  # type: ignore[union-attr]  # idem


def rollup(request: HttpRequest) -> HttpResponse:
    """Every visible district's key indicators for a year, ranked by one of them, each against
    its target with its five-year trend; as XLSX with ?export=xlsx."""
    districts = _rollup_districts(request)
    year = _year(request)
    table = build_rollup(year, districts, request.GET.get("sort", ""))
    fmt = requested_format(request)
    if fmt is not None:
        headers = [_("Rank"), _("District"), _("Division code")]
        for _code, label in table.indicators:
            headers += [label, _("Target"), _("Rank")]
        rows = []
        for row in table.rows:
            line: list = [row.cell(table.sort).rank, row.district.name, row.district.code]
            for code, _label in table.indicators:
                cell = row.cell(code)
                line += [cell.value, cell.target, cell.rank]
            rows.append(line)
        return export_response(fmt, f"rollup-{year}", headers, rows)
    this_year = timezone.localdate().year
    own = home_district(request.user) if request.user.is_office else None  # type: ignore[union-attr]
    return render(
        request,
        "dashboard/rollup.html",
        {
            "table": table,
            "own_code": own.code if own else "",
            "year_choices": list(range(this_year, this_year - 6, -1)),
        },
    )


def rollup_district(request: HttpRequest, code: str) -> HttpResponse:
    """One district's roll-up indicators over five years (its trend), for whoever may see it in
    the roll-up."""
    districts = {d.code: d for d in _rollup_districts(request)}
    if code not in districts:
        raise Http404
    year = _year(request)
    table = build_rollup(year, list(districts.values()))
    row = next(r for r in table.rows if r.district.code == code)
    return render(
        request,
        "dashboard/rollup_district.html",
        {"table": table, "row": row, "cells": [(label, row.cell(c)) for c, label in table.indicators]},
    )
