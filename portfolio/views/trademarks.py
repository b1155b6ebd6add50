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
from portfolio.choices import TrademarkStatus
from portfolio.forms import TrademarkForm
from portfolio.models import Trademark
from portfolio.permissions import can_edit_portfolio, can_import

EXPORT_HEADERS = [
    "注册号/申请号",
    "商标",
    "商标类型",
    "权利人",
    "国际分类",
    "类似群",
    "申请日",
    "注册日",
    "到期日",
    "商标状态",
    "驰名商标",
]


def trademark_list(request: AuthenticatedRequest) -> HttpResponse:
    marks = Trademark.objects.for_user(request.user).select_related("owner").prefetch_related("goods")
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    nice = request.GET.get("nice", "")
    if query:
        marks = marks.filter(Q(mark_text__icontains=query) | Q(number__icontains=query))
    if status in TrademarkStatus.values:
        marks = marks.filter(status=status)
    owner = request.GET.get("owner", "")
    if owner.isdigit():
        marks = marks.filter(owner__pk=int(owner))
    if nice.isdigit():
        marks = marks.filter(goods__nice_class=int(nice)).distinct()
    fmt = requested_format(request)
    if fmt:
        rows = (
            [
                m.number,
                m.mark_text,
                m.get_kind_display(),
                m.owner.name,
                ";".join(str(c) for c in m.nice_classes),
                ";".join(g.group_code for g in m.goods.all()),
                m.filing_date,
                m.registration_date,
                m.expiry_date,
                m.get_status_display(),
                m.is_well_known,
            ]
            for m in marks
        )
        return export_response(fmt, "trademarks", EXPORT_HEADERS, rows)
    return render(
        request,
        "portfolio/trademark_list.html",
        {
            "page": paginate(request, marks),
            "q": query,
            "status": status,
            "nice": nice,
            "statuses": TrademarkStatus.choices,
            "can_import": can_import(request.user),
            "can_add": request.user.is_office or request.user.kind == "enterprise",
        },
    )


def trademark_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mark = get_object_or_404(Trademark.objects.for_user(request.user).select_related("owner"), pk=pk)
    return render(
        request,
        "portfolio/trademark_detail.html",
        {
            "mark": mark,
            "goods": mark.goods.all(),
            "can_edit": can_edit_portfolio(request.user, mark.owner),
            "history": history(mark) if request.user.is_office else None,
        },
    )


def trademark_create(request: HttpRequest) -> HttpResponse:
    form = TrademarkForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("image"):
            data.pop("image", None)  # no image chosen: the field keeps its empty default
        number, owner = data.pop("number"), data.pop("owner")
        mark = call_action(form, lambda: actions.add_trademark(actor=request.user, number=number, owner=owner, **data))
        if mark is not None:
            messages.success(request, _("Trademark %(mark)s added.") % {"mark": mark.mark_text})
            return redirect("portfolio:trademark_detail", pk=mark.pk)
    return render(request, "form.html", {"form": form, "title": _("Add a trademark"), "multipart": True})


def trademark_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mark = get_object_or_404(Trademark.objects.for_user(request.user).select_related("owner"), pk=pk)
    require(can_edit_portfolio(request.user, mark.owner))
    form = TrademarkForm(request.POST or None, request.FILES or None, instance=mark, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("image"):
            data.pop("image", None)
        updated = call_action(form, lambda: actions.update_trademark(actor=request.user, trademark=mark, **data))
        if updated is not None:
            messages.success(request, _("Changes saved."))
            return redirect("portfolio:trademark_detail", pk=updated.pk)
    return render(
        request, "form.html", {"form": form, "title": _("Edit %(name)s") % {"name": mark.mark_text}, "multipart": True}
    )


def trademark_image(request: HttpRequest, pk: int) -> HttpResponse:
    """The mark's image, served through for_user (media files are not public)."""
    from django.http import FileResponse, Http404

    mark = get_object_or_404(Trademark.objects.for_user(request.user), pk=pk)
    if not mark.image:
        raise Http404
    return FileResponse(mark.image.open("rb"))  # type: ignore[return-value]  # a FileResponse is a streaming response, not an HttpResponse
