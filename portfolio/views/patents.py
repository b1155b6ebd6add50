from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from audit.trail import history
from core.exporting import export_response, requested_format
from core.permissions import require
from core.views_helpers import call_action, paginate
from portfolio import actions
from portfolio.fees import fee_phrase, next_annuity
from portfolio.forms import PatentFilterForm, PatentForm
from portfolio.models import FeeReduction, Patent, PatentLicence
from portfolio.permissions import can_edit_portfolio, can_import

EXPORT_HEADERS = [
    "申请号",
    "专利类型",
    "名称",
    "申请人",
    "发明人",
    "申请日",
    "公开号",
    "公开日",
    "授权公告号",
    "授权日",
    "IPC分类号",
    "法律状态",
    "权利要求数",
    "PCT申请",
    "海外同族",
    "海外同族已授权",
    "年费缴至年度",
    "届满日",
    "权利人",
]


def patent_list(request: AuthenticatedRequest) -> HttpResponse:
    patents = Patent.objects.for_user(request.user).prefetch_related("owners")
    filters = PatentFilterForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            patents = patents.filter(
                Q(title__icontains=data["q"])
                | Q(application_number__icontains=data["q"])
                | Q(main_ipc__istartswith=data["q"])
            )
        if data["patent_type"]:
            patents = patents.filter(patent_type=data["patent_type"])
        if data["status"]:
            patents = patents.filter(status=data["status"])
    owner = request.GET.get("owner", "")
    if owner.isdigit():
        patents = patents.filter(owners__pk=int(owner))
    fmt = requested_format(request)
    if fmt:
        rows = (
            [
                p.application_number,
                p.get_patent_type_display(),
                p.title,
                p.applicants,
                p.inventors,
                p.filing_date,
                p.publication_number,
                p.publication_date,
                p.grant_number,
                p.grant_date,
                "; ".join(p.ipc_codes),
                p.get_status_display(),
                p.claims_count,
                p.is_pct,
                p.has_foreign_family,
                p.foreign_family_granted,
                p.annuity_paid_year,
                p.expiry_date,
                "、".join(o.name for o in p.owners.all()),
            ]
            for p in patents
        )
        return export_response(fmt, "patents", EXPORT_HEADERS, rows)
    return render(
        request,
        "portfolio/patent_list.html",
        {
            "page": paginate(request, patents),
            "filters": filters,
            "can_import": can_import(request.user),
            "can_add": request.user.is_office or request.user.kind == "enterprise",
            # Licences the enterprise took to others' patents (recorded with CNIPA); the
            # office sees them on each enterprise's page instead.
            "licences": []
            if request.user.is_office
            else PatentLicence.objects.for_user(request.user).select_related("licensee")[:50],
        },
    )


def patent_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    patent = get_object_or_404(Patent.objects.for_user(request.user), pk=pk)
    owners = list(patent.owners.all())
    allowed = all(can_edit_portfolio(request.user, o) for o in owners) if owners else request.user.is_office
    reduction = FeeReduction.objects.filter(patent=patent).first()
    return render(
        request,
        "portfolio/patent_detail.html",
        {
            "patent": patent,
            "owners": owners,
            "can_edit": allowed,
            "history": history(patent) if request.user.is_office else None,
            "status_events": list(patent.status_events.order_by("day", "pk")),
            "next_annuity": fee_phrase(next_annuity(patent, reduction.share if reduction else None)),
            "fee_reduction": reduction,
        },
    )


def patent_create(request: HttpRequest) -> HttpResponse:
    form = PatentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owners = list(data.pop("owners"))
        number = data.pop("application_number")
        patent = call_action(
            form, lambda: actions.add_patent(actor=request.user, application_number=number, owners=owners, **data)
        )
        if patent is not None:
            messages.success(request, _("Patent %(number)s added.") % {"number": patent.application_number})
            return redirect("portfolio:patent_detail", pk=patent.pk)
    return render(request, "form.html", {"form": form, "title": _("Add a patent")})


def patent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    patent = get_object_or_404(Patent.objects.for_user(request.user), pk=pk)
    owners = list(patent.owners.all())
    for owner in owners:
        require(can_edit_portfolio(request.user, owner))
    form = PatentForm(request.POST or None, instance=patent, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        new_owners = list(data.pop("owners"))
        updated = call_action(
            form, lambda: actions.update_patent(actor=request.user, patent=patent, owners=new_owners, **data)
        )
        if updated is not None:
            messages.success(request, _("Changes saved."))
            return redirect("portfolio:patent_detail", pk=updated.pk)
    return render(
        request, "form.html", {"form": form, "title": _("Edit %(name)s") % {"name": patent.application_number}}
    )
