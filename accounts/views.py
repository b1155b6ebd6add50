from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import actions
from accounts.forms import ApiTokenForm
from accounts.models import ApiToken, Organisation
from audit.trail import history
from core.views_helpers import paginate


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.for_user(request.user)
    kind = request.GET.get("kind", "")
    if kind:
        organisations = organisations.filter(kind=kind)
    return render(
        request,
        "accounts/organisation_list.html",
        {"page": paginate(request, organisations), "kind": kind, "kinds": Organisation._meta.get_field("kind").choices},
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.for_user(request.user), pk=pk)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "members": organisation.users.order_by("username"),
            "history": history(organisation) if request.user.is_office else None,
        },
    )


def profile(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm()
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": request.user.api_tokens.all(), "new_token": request.session.pop("new_token", None)},
    )


@require_POST
def token_issue(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        _token, raw = actions.issue_api_token(actor=request.user, name=form.cleaned_data["name"])
        # Shown once on the next page, never stored in clear.
        request.session["new_token"] = raw
        messages.success(request, _("Token issued. Copy it now: it will not be shown again."))
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("accounts:profile")


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    actions.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")
