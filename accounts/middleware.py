from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.signals import LOGIN_AT_KEY
from core.masking import exports_masked_for, mask_personal_numbers_in_text, masks_whole_responses


class SessionTimeoutMiddleware:
    """Ends a session a fixed time after log-in, however busy it was (the idle time-out
    is the session cookie's age, renewed on every request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(LOGIN_AT_KEY)
            now = timezone.now().timestamp()
            if started is None or now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


# What a read-only person may still post: leaving, choosing the page language, and asking for
# the year's annual report (a POST since it starts work, but it only reads the data).
READ_ONLY_ALLOWED_VIEWS = frozenset({"accounts:logout", "set_language", "dashboard:report_for_year"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _api_token_user(request: HttpRequest):
    """The person behind an ``Authorization: Bearer`` token (the API authenticates later, in
    the view, so the middleware looks the token up itself)."""
    from accounts.models import ApiToken

    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    found = (
        ApiToken.objects.active()
        .select_related("user", "user__organisation")
        .filter(digest=ApiToken.digest_of(raw.strip()), user__is_active=True)
        .first()
    )
    return found.user if found else None


def refuse_read_only_writes(request: HttpRequest, view_name: str) -> HttpResponse | None:
    """County leadership reads and never writes: every request but GET/HEAD/OPTIONS is refused
    with 403 (pages and API alike), except logging out and switching the language. One check
    here instead of one in every predicate, so a new page cannot forget it."""
    if request.method in SAFE_METHODS or view_name in READ_ONLY_ALLOWED_VIEWS:
        return None
    user = request.user if request.user.is_authenticated else None
    if user is None and request.path.startswith("/api/"):
        user = _api_token_user(request)
    if user is None or not getattr(user, "is_leadership", False):
        return None
    reason = _("County leadership reads the platform and changes nothing.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason}, status=403)
    raise PermissionDenied(reason)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs log-in unless its view is marked ``login_not_required``. The API
    answers for itself (token or session, 401 otherwise). Read-only people (county
    leadership) are refused every write here, before any view runs."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Exports built for this request mask personal numbers at the source (XLSX cells),
        # for the same readers whose text responses are masked below.
        with exports_masked_for(getattr(request, "user", None)):
            return super().__call__(request)  # type: ignore[return-value]  # a sync middleware: the base class answers an awaitable only in async mode

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        refused = refuse_read_only_writes(request, match.view_name if match else "")
        if refused is not None:
            return refused
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Pages and API answers for county leadership carry no full ID or mobile number, wherever
        on the page one would appear (an audit trail's before/after included)."""
        user = getattr(request, "user", None)
        if user is None or not masks_whole_responses(user) or response.streaming:
            return response
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(("text/html", "application/json", "text/csv", "text/plain")):
            return response
        charset = response.charset or "utf-8"
        masked = mask_personal_numbers_in_text(response.content.decode(charset, errors="replace"))
        response.content = masked.encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


NO_SECOND_FACTOR_KEY = "ipcounty_no_second_factor"
# Pages a person who still owes the second factor may open: giving it, setting it up, leaving.
SECOND_FACTOR_VIEWS = frozenset(
    {"accounts:verify", "accounts:second_factor", "accounts:logout", "accounts:login", "set_language", "core:healthz"}
)


class SecondFactorMiddleware:
    """After the password, the second factor: a person with an authenticator gives a code before
    anything else; one who must have one (office, police, court, when required) sets it up
    first. A session that has not given it reaches no page and no API answer. API tokens are
    not sessions and are unaffected (they are issued, scoped and revoked on the account page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from accounts import secondfactor

        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_VIEWS:
            return None
        # Whether the person has an authenticator is noted at log-in (accounts/signals.py), not
        # looked up per request; one set up later is asked for from the next log-in (the set-up
        # itself verifies this session).
        noted = request.session.get(NO_SECOND_FACTOR_KEY)
        has_device = secondfactor.has_second_factor(user) if noted is None else not noted
        request.session[NO_SECOND_FACTOR_KEY] = not has_device
        if has_device:
            target, reason = "accounts:verify", _("Give the code from your authenticator app first.")
        elif secondfactor.is_required_for(user):
            target, reason = "accounts:second_factor", _("Set up your authenticator app first.")
        else:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=401)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
