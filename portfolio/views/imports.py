from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from core.exporting import export_response
from core.permissions import require
from core.views_helpers import paginate
from portfolio import actions
from portfolio.forms import SourceForm, UploadForm
from portfolio.importing.runner import IMPORTERS, OFFICIAL_KINDS, import_permission
from portfolio.models import ImportJob
from portfolio.permissions import can_import, can_import_official_data


def import_list(request: HttpRequest) -> HttpResponse:
    jobs = ImportJob.objects.for_user(request.user).select_related("created_by")
    return render(
        request,
        "portfolio/import_list.html",
        {
            "page": paginate(request, jobs),
            "can_import": can_import(request.user),
            "can_import_official": can_import_official_data(request.user),
        },
    )


def import_new(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    if kind not in IMPORTERS:
        raise Http404
    official = kind in OFFICIAL_KINDS
    require(import_permission(kind)(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    source_form = SourceForm(request.POST or None) if official else None
    if request.method == "POST" and form.is_valid() and (source_form is None or source_form.is_valid()):
        extra = source_form.cleaned_data if source_form is not None else {}
        job = actions.start_import(
            actor=request.user,
            kind=kind,
            upload=form.cleaned_data["file"],
            source=extra.get("source") or "",
            source_date=extra.get("source_date"),
        )
        return redirect("portfolio:import_detail", pk=job.pk)
    return render(
        request,
        "portfolio/import_new.html",
        {
            "form": form,
            "source_form": source_form,
            "official": official,
            "kind": kind,
            "kind_label": ImportJob.Kind(kind).label,
            # The Chinese synonyms of each heading (the English ones are for files, not pages).
            "columns": [(c, [a for a in c.aliases if not a.isascii()]) for c in IMPORTERS[kind].COLUMNS],
        },
    )


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
    # A registered importer names the list its records go to (the exchange's offers).
    list_url = getattr(IMPORTERS.get(job.kind), "LIST_URL", "")
    return render(
        request, "portfolio/import_detail.html", {"job": job, "list_url": reverse(list_url) if list_url else ""}
    )


def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "percent": job.percent,
            "processed": job.processed_rows,
            "total": job.total_rows,
            "finished": job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED),
        }
    )


def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty template with one example row, in the columns the importer reads."""
    if kind not in IMPORTERS or fmt not in ("csv", "xlsx"):
        raise Http404
    columns = IMPORTERS[kind].COLUMNS
    headers = [c.header for c in columns]
    example = [c.example for c in columns]
    messages.info(request, _("Template downloaded."))
    return export_response(fmt, f"{kind}-template", headers, [example])
