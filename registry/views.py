from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from audit.trail import history, record_security_event
from core.masking import sees_personal_numbers
from core.permissions import require
from core.views_helpers import call_action, paginate
from registry import actions
from registry.forms import EnterpriseFilterForm, EnterpriseForm, ParkForm, TalentForm
from registry.models import Enterprise, Park, Talent
from registry.permissions import can_edit_enterprise, can_manage_registry


def _history_for(request: AuthenticatedRequest, obj):
    """Only the office reads an object's audit history."""
    return history(obj) if request.user.is_office else None


def enterprise_suggest(request: HttpRequest) -> JsonResponse:
    """Up to 20 enterprises whose name holds, or whose credit code begins with, what was typed:
    only those the person may see (for_user), so an outside organisation finds nothing."""
    typed = request.GET.get("q", "").strip()[:60]
    found = Enterprise.objects.none()
    if typed:
        found = Enterprise.objects.for_user(request.user).filter(
            Q(name__icontains=typed) | Q(uscc__startswith=typed.upper())
        )
    rows = found.order_by("name").values("pk", "name", "uscc")[:20]
    return JsonResponse({"results": [{"id": r["pk"], "name": r["name"], "uscc": r["uscc"]} for r in rows]})


def talent_suggest(request: HttpRequest) -> JsonResponse:
    """Up to 20 people of the talent pool whose name, field or organisation holds what was typed:
    only those the person may see (for_user). Each answer says who the person is (kind, field,
    organisation); never an ID or phone number."""
    typed = request.GET.get("q", "").strip()[:60]
    found = Talent.objects.none()
    if typed:
        found = Talent.objects.for_user(request.user).filter(
            Q(name__icontains=typed) | Q(field__icontains=typed) | Q(organisation__name__icontains=typed)
        )
    rows = found.select_related("organisation").order_by("name", "pk")[:20]
    return JsonResponse(
        {
            "results": [
                {
                    "id": t.pk,
                    "name": t.name,
                    "detail": " · ".join(str(part) for part in (t.get_kind_display(), t.field, t.organisation) if part),
                }
                for t in rows
            ]
        }
    )


def enterprise_list(request: HttpRequest) -> HttpResponse:
    enterprises = Enterprise.objects.for_user(request.user).select_related("park")
    filters = EnterpriseFilterForm(request.GET or None, user=request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            enterprises = enterprises.filter(Q(name__icontains=data["q"]) | Q(uscc__icontains=data["q"].upper()))
        if data["street"]:
            enterprises = enterprises.filter(street_code=data["street"])
        if data["park"]:
            enterprises = enterprises.filter(park=data["park"])
        if data["kind"]:
            enterprises = enterprises.filter(owner_kind=data["kind"])
        if data["flag"]:
            enterprises = enterprises.filter(**{f"is_{data['flag']}": True})
    return render(
        request,
        "registry/enterprise_list.html",
        {
            "page": paginate(request, enterprises),
            "filters": filters,
            "can_add": can_manage_registry(request.user),
        },
    )


def enterprise_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user).select_related("park"), pk=pk)
    if enterprise.id_number and sees_personal_numbers(request.user):
        record_security_event(
            actor=request.user, action="security.personal_number_view", request=request, obj=enterprise
        )
    return render(
        request,
        "registry/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "id_number": enterprise.id_number_for(request.user),
            "can_edit": can_edit_enterprise(request.user, enterprise),
            "talent": Talent.objects.for_user(request.user).filter(organisation_id=enterprise.organisation_id),
            "history": _history_for(request, enterprise),
        },
    )


def enterprise_create(request: HttpRequest) -> HttpResponse:
    require(can_manage_registry(request.user))
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        enterprise = call_action(form, lambda: actions.register_enterprise(actor=request.user, **data))
        if enterprise is not None:
            messages.success(request, _("Enterprise %(name)s registered.") % {"name": enterprise.name})
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(request, "form.html", {"form": form, "title": _("Register an enterprise")})


def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)
    require(can_edit_enterprise(request.user, enterprise))
    self_service = not can_manage_registry(request.user)
    form = EnterpriseForm(request.POST or None, instance=enterprise, self_service=self_service, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        enterprise.refresh_from_db()
        updated = call_action(
            form, lambda: actions.update_enterprise(actor=request.user, enterprise=enterprise, **changes)
        )
        if updated is not None:
            messages.success(request, _("Changes saved."))
            return redirect("registry:enterprise_detail", pk=updated.pk)
    return render(request, "form.html", {"form": form, "title": _("Edit %(name)s") % {"name": enterprise.name}})


def park_list(request: HttpRequest) -> HttpResponse:
    parks = Park.objects.for_user(request.user).annotate(enterprise_count=Count("enterprises")).order_by("name")
    return render(
        request,
        "registry/park_list.html",
        {"page": paginate(request, parks), "can_add": can_manage_registry(request.user)},
    )


def park_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    park = get_object_or_404(Park.objects.for_user(request.user), pk=pk)
    return render(
        request,
        "registry/park_detail.html",
        {
            "park": park,
            "enterprises": Enterprise.objects.for_user(request.user).filter(park=park),
            "can_edit": can_manage_registry(request.user),
            "history": _history_for(request, park),
        },
    )


def park_create(request: HttpRequest) -> HttpResponse:
    require(can_manage_registry(request.user))
    form = ParkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        park = call_action(form, lambda: actions.create_park(actor=request.user, **data))
        if park is not None:
            messages.success(request, _("Park %(name)s added.") % {"name": park.name})
            return redirect("registry:park_detail", pk=park.pk)
    return render(request, "form.html", {"form": form, "title": _("Add a park")})


def park_edit(request: HttpRequest, pk: int) -> HttpResponse:
    park = get_object_or_404(Park.objects.for_user(request.user), pk=pk)
    require(can_manage_registry(request.user))
    form = ParkForm(request.POST or None, instance=park, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        park.refresh_from_db()
        updated = call_action(form, lambda: actions.update_park(actor=request.user, park=park, **changes))
        if updated is not None:
            messages.success(request, _("Changes saved."))
            return redirect("registry:park_detail", pk=updated.pk)
    return render(request, "form.html", {"form": form, "title": _("Edit %(name)s") % {"name": park.name}})


def talent_list(request: HttpRequest) -> HttpResponse:
    talent = Talent.objects.for_user(request.user).select_related("organisation")
    query = request.GET.get("q", "").strip()
    if query:
        talent = talent.filter(Q(name__icontains=query) | Q(field__icontains=query))
    return render(
        request,
        "registry/talent_list.html",
        {"page": paginate(request, talent), "q": query, "can_add": can_manage_registry(request.user)},
    )


def talent_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    talent = get_object_or_404(Talent.objects.for_user(request.user).select_related("organisation"), pk=pk)
    if talent.id_number and sees_personal_numbers(request.user):
        record_security_event(actor=request.user, action="security.personal_number_view", request=request, obj=talent)
    return render(
        request,
        "registry/talent_detail.html",
        {
            "talent": talent,
            "id_number": talent.id_number_for(request.user),
            "phone": talent.phone_for(request.user),
            "can_edit": can_manage_registry(request.user),
            "history": _history_for(request, talent),
        },
    )


def talent_create(request: HttpRequest) -> HttpResponse:
    require(can_manage_registry(request.user))
    form = TalentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        talent = call_action(form, lambda: actions.add_talent(actor=request.user, **data))
        if talent is not None:
            messages.success(request, _("%(name)s added to the talent pool.") % {"name": talent.name})
            return redirect("registry:talent_detail", pk=talent.pk)
    return render(request, "form.html", {"form": form, "title": _("Add a person to the talent pool")})


def talent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    talent = get_object_or_404(Talent.objects.for_user(request.user), pk=pk)
    require(can_manage_registry(request.user))
    form = TalentForm(request.POST or None, instance=talent, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        talent.refresh_from_db()
        updated = call_action(form, lambda: actions.update_talent(actor=request.user, talent=talent, **changes))
        if updated is not None:
            messages.success(request, _("Changes saved."))
            return redirect("registry:talent_detail", pk=updated.pk)
    return render(request, "form.html", {"form": form, "title": _("Edit %(name)s") % {"name": talent.name}})
