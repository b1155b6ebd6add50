from __future__ import annotations

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions, secondfactor
from accounts.choices import SERVING_KINDS
from accounts.forms import ApiTokenForm, CodeForm, LinkOrganisationForm
from accounts.http import AuthenticatedRequest
from accounts.models import ApiToken, District, Organisation, User, districts_of
from accounts.permissions import can_link_districts, can_manage_people
from audit.trail import history
from core.actions import require
from core.ratelimits import limit
from core.views_helpers import call_action, paginate


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        # Slow down guessing spread over many user names (per address) and over many addresses
        # (per user name); django-axes still locks a user name out after five failures.
        limit(request, "login_address", "ip")
        limit(request, "login_user", "post:username")
        return super().post(request, *args, **kwargs)


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


def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.for_user(request.user), pk=pk)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "members": organisation.users.order_by("username"),
            "can_manage": bool(can_manage_people(request.user, organisation)) and not request.user.is_leadership,
            "enrolled": set(
                TOTPDevice.objects.filter(user__organisation=organisation, confirmed=True).values_list(
                    "user_id", flat=True
                )
            ),
            "history": history(organisation) if request.user.is_office else None,
        },
    )


def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "tokens": request.user.api_tokens.all(),
            "new_token": request.session.pop("new_token", None),
            "has_second_factor": secondfactor.has_second_factor(request.user),
        },
    )


@require_POST
def token_issue(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        _token, raw = actions.issue_api_token(
            actor=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        # Shown once on the next page, never stored in clear.
        request.session["new_token"] = raw
        messages.success(request, _("Token issued. Copy it now: it will not be shown again."))
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("accounts:profile")


@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    actions.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")


# --- password, sessions and the second factor -------------------------------------------------


def _next_or_home(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home:home")


def password_change(request: AuthenticatedRequest) -> HttpResponse:
    """The person's own new password (the old one first); other sessions stay as they are."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_password = form.cleaned_data["new_password1"]
        call_action(form, lambda: actions.change_password(actor=request.user, new_password=new_password))
        if not form.errors:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
def logout_everywhere(request: AuthenticatedRequest) -> HttpResponse:
    actions.log_out_everywhere(actor=request.user)
    logout(request)
    messages.success(request, _("You are logged out on every browser and device. Log in again here."))
    return redirect(settings.LOGIN_URL)


def verify(request: AuthenticatedRequest) -> HttpResponse:
    """After the password: the code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified():  # type: ignore[attr-defined]  # django_otp's OTPMiddleware adds is_verified to the user
        return redirect(_next_or_home(request))
    device = secondfactor.authenticator(user)
    if device is None:
        return redirect(f"{reverse('accounts:second_factor')}?{urlencode({'next': _next_or_home(request)})}")
    form = CodeForm(request.POST or None)
    allowed, why = device.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not allowed and why and "locked_until" in why:
        # django-otp doubles the wait after each wrong code: say so instead of "wrong code".
        wait = max(1, int((why["locked_until"] - timezone.now()).total_seconds()) + 1)
        form.add_error("code", _("Too many wrong codes. Wait %(seconds)s seconds and try again.") % {"seconds": wait})
    elif request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip().replace(" ", "")
        used = django_otp.verify_token(user, device.persistent_id, code)
        recovery = secondfactor.recovery_device(user)
        if used is None and recovery is not None:
            used = django_otp.verify_token(user, recovery.persistent_id, code)
        if used is not None:
            django_otp.login(request, used)
            request.session.cycle_key()  # a new session id once the second factor is given
            if used is recovery:
                messages.warning(
                    request,
                    _("You used a recovery code; %(n)s are left. Renew them on your account page.")
                    % {"n": secondfactor.remaining_recovery_codes(user)},
                )
            return redirect(_next_or_home(request))
        form.add_error("code", _("That code is not right. Type the six digits the app shows now."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_or_home(request)})


def second_factor(request: AuthenticatedRequest) -> HttpResponse:
    """Set up the authenticator app (scan, then type its first code), see the recovery codes once,
    renew them."""
    user = request.user
    codes = request.session.pop("recovery_codes", None)
    if secondfactor.has_second_factor(user) and request.method == "GET":
        return render(
            request,
            "accounts/second_factor.html",
            {
                "enrolled": True,
                "codes": codes,
                "remaining": secondfactor.remaining_recovery_codes(user),
                "required": secondfactor.is_required_for(user),
                "next": _next_or_home(request),
            },
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = actions.start_authenticator(actor=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_codes = call_action(
            form, lambda: actions.confirm_authenticator(actor=user, device=device, code=form.cleaned_data["code"])
        )
        if new_codes is not None:
            django_otp.login(request, device)
            request.session.cycle_key()
            request.session["recovery_codes"] = new_codes
            messages.success(request, _("Your authenticator is set up. From now on you give a code at every log-in."))
            return redirect(f"{reverse('accounts:second_factor')}?{urlencode({'next': _next_or_home(request)})}")
    return render(
        request,
        "accounts/second_factor.html",
        {
            "enrolled": False,
            "form": form,
            "qr": secondfactor.qr_svg(device),
            "secret": secondfactor.secret_for_typing(device),
            "required": secondfactor.is_required_for(user),
            "next": _next_or_home(request),
        },
    )


@require_POST
def recovery_codes_renew(request: AuthenticatedRequest) -> HttpResponse:
    if not secondfactor.has_second_factor(request.user):
        return redirect("accounts:second_factor")
    request.session["recovery_codes"] = actions.renew_recovery_codes(actor=request.user)
    messages.success(request, _("New recovery codes made; the old ones no longer work."))
    return redirect("accounts:second_factor")


@require_POST
def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """The office resets a person's second factor (a lost phone)."""
    visible = Organisation.objects.for_user(request.user)
    person = get_object_or_404(User.objects.filter(organisation__in=visible), pk=pk)
    require(can_manage_people(request.user, person.organisation))
    actions.reset_second_factor(actor=request.user, user=person)
    messages.success(request, _("%(name)s sets up a new authenticator at the next log-in.") % {"name": person.username})
    return redirect("accounts:organisation_detail", pk=person.organisation_id)


def _linkable_districts(user) -> QuerySet[District]:
    """The districts whose serving organisations ``user`` links: the office's own, every one
    for the system administrator. Another district is a 404, like a missing one."""
    require(can_link_districts(user))
    if user.is_superuser and user.organisation_id is None:
        return District.objects.all()
    return District.objects.filter(pk__in=districts_of(user))


def district_list(request: AuthenticatedRequest) -> HttpResponse:
    """The districts the person links organisations to, with how many serve each."""
    districts = (
        _linkable_districts(request.user)
        .annotate(serving=Count("organisations", filter=Q(organisations__kind__in=SERVING_KINDS)))
        .order_by("code")
    )
    return render(request, "accounts/district_list.html", {"page": paginate(request, districts)})


def district_detail(request: AuthenticatedRequest, pk: str, bound: LinkOrganisationForm | None = None) -> HttpResponse:
    """Who serves the district (banks, valuation agencies, mediation bodies, police, courts),
    each with the other districts it serves; link another, or unlink one."""
    district = get_object_or_404(_linkable_districts(request.user), pk=pk)
    serving = (
        Organisation.objects.filter(districts=district, kind__in=SERVING_KINDS)
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("code")))
        .order_by("kind", "name")
    )
    return render(
        request,
        "accounts/district_detail.html",
        {"district": district, "serving": serving, "form": bound or LinkOrganisationForm(district=district)},
    )


@require_POST
def district_link(request: AuthenticatedRequest, pk: str) -> HttpResponse:
    district = get_object_or_404(_linkable_districts(request.user), pk=pk)
    form = LinkOrganisationForm(request.POST, district=district)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        done = call_action(
            form, lambda: actions.link_to_district(actor=request.user, organisation=organisation, district=district)
        )
        if done is not None:
            messages.success(
                request,
                _("%(organisation)s now serves %(district)s.")
                % {"organisation": organisation.name, "district": district.name},
            )
            return redirect("accounts:district_detail", pk=district.pk)
    return district_detail(request, pk, bound=form)


@require_POST
def district_unlink(request: AuthenticatedRequest, pk: str, organisation_id: int) -> HttpResponse:
    district = get_object_or_404(_linkable_districts(request.user), pk=pk)
    organisation = get_object_or_404(
        Organisation.objects.filter(districts=district, kind__in=SERVING_KINDS), pk=organisation_id
    )
    try:
        actions.unlink_from_district(actor=request.user, organisation=organisation, district=district)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(organisation)s no longer serves %(district)s.")
            % {"organisation": organisation.name, "district": district.name},
        )
    return redirect("accounts:district_detail", pk=district.pk)
