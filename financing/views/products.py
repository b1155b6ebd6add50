from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from accounts.http import AuthenticatedRequest
from accounts.models import Organisation
from core.permissions import require
from core.views_helpers import call_action, paginate
from financing import actions
from financing.forms import ProductForm
from financing.models import LoanProduct
from financing.permissions import can_apply_for_loan, can_manage_product


def product_list(request: AuthenticatedRequest) -> HttpResponse:
    products = LoanProduct.objects.for_user(request.user).select_related("bank")
    own_bank = request.user.organisation if request.user.kind == OrganisationKind.BANK else None
    return render(
        request, "financing/product_list.html", {"products": paginate(request, products), "own_bank": own_bank}
    )


def product_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(LoanProduct.objects.for_user(request.user).select_related("bank"), pk=pk)
    enterprise = getattr(request.user.organisation, "enterprise", None) if request.user.organisation_id else None
    return render(
        request,
        "financing/product_detail.html",
        {
            "product": product,
            "can_apply": bool(enterprise and product.is_published and can_apply_for_loan(request.user, enterprise)),
            "can_edit": can_manage_product(request.user, product.bank),
        },
    )


def product_create(request: AuthenticatedRequest) -> HttpResponse:
    """A bank publishes a product for itself; the office enters one for a bank (?bank=id)."""
    if request.user.kind == OrganisationKind.BANK:
        bank = request.user.organisation
    else:
        chosen = request.GET.get("bank", "")
        bank = get_object_or_404(Organisation, kind=OrganisationKind.BANK, pk=int(chosen) if chosen.isdigit() else 0)
    require(can_manage_product(request.user, bank))
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        product = call_action(form, lambda: actions.create_product(actor=request.user, bank=bank, **data))
        if product is not None:
            messages.success(request, _("Product published."))
            return redirect("financing:product_detail", pk=product.pk)
    return render(request, "form.html", {"form": form, "title": _("New loan product of %(bank)s") % {"bank": bank}})


def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(LoanProduct.objects.for_user(request.user).select_related("bank"), pk=pk)
    require(can_manage_product(request.user, product.bank))
    # The form edits its own copy: the action compares against the product as saved.
    form = ProductForm(
        request.POST or None, instance=get_object_or_404(LoanProduct.objects.for_user(request.user), pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ProductForm.Meta.fields}
        if call_action(form, lambda: actions.update_product(actor=request.user, product=product, **data)):
            messages.success(request, _("Product saved."))
            return redirect("financing:product_detail", pk=pk)
    return render(request, "form.html", {"form": form, "title": str(product)})
