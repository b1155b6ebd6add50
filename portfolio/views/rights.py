"""Protected rights that are not an enterprise's own: geographical indications and special signs."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.permissions import require
from core.views_helpers import call_action, paginate
from portfolio import actions
from portfolio.forms import GeographicalIndicationForm, SpecialSignForm
from portfolio.models import GeographicalIndication, SpecialSign
from registry.permissions import can_manage_registry


def protected_rights(request: HttpRequest) -> HttpResponse:
    """Public registers: every logged-in person may read them."""
    return render(
        request,
        "portfolio/protected_rights.html",
        {
            "gis": paginate(
                request, GeographicalIndication.objects.select_related("holder").order_by("name", "pk"), param="gi_page"
            ),
            "signs": paginate(request, SpecialSign.objects.order_by("name", "pk"), param="sign_page"),
            "can_add": can_manage_registry(request.user),
        },
    )


def _create(request: HttpRequest, form_class, action, title: str) -> HttpResponse:
    require(can_manage_registry(request.user))
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        name = data.pop("name")
        created = call_action(form, lambda: action(actor=request.user, name=name, **data))
        if created is not None:
            messages.success(request, _("%(name)s added.") % {"name": created.name})
            return redirect("portfolio:protected_rights")
    return render(request, "form.html", {"form": form, "title": title})


def gi_create(request: HttpRequest) -> HttpResponse:
    return _create(
        request, GeographicalIndicationForm, actions.add_geographical_indication, _("Add a geographical indication")
    )


def special_sign_create(request: HttpRequest) -> HttpResponse:
    return _create(request, SpecialSignForm, actions.add_special_sign, _("Add a special sign"))
