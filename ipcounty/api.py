"""The JSON API: one NinjaAPI, one router per app, token or session authentication.
The OpenAPI document is at /api/openapi.json."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from accounts.models import ApiToken, ApiTokenScope
from audit.trail import record_refusal
from core.api_schema import TextParser
from core.ratelimits import limit, too_many

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token issued on the person's profile page."""

    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.active()
            .select_related("user", "user__organisation")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        limit(request, "api_token", lambda _group, _request: found.digest)
        if found.scope != ApiTokenScope.WRITE and request.method not in SAFE_METHODS:
            raise PermissionDenied(_("This token may only read. Issue a read-and-write token to change records."))
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="ipcounty API",
    version="1",
    description="The district IP platform's JSON API. Every endpoint sees what the caller's organisation may see.",
    auth=[ApiTokenAuth(), django_auth],
    urls_namespace="api",
    parser=TextParser(),
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "invalid input", "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja turns any error of the body parser into a 400 "Cannot parse request body"; the
    # parser's own refusals (core.api_schema.TextParser) are 422s that say what to fix.
    if isinstance(exc.__cause__, ValidationError):
        return validation_error(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Ratelimited)
def rate_limited(request: HttpRequest, exc: Ratelimited) -> HttpResponse:
    return too_many(request, exc)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    record_refusal(request, str(exc))
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


def _register_routers() -> None:
    from accounts.api import router as accounts_router
    from cultivation.api import router as cultivation_router
    from dashboard.api import router as dashboard_router
    from exchange.api import router as exchange_router
    from financing.api import router as financing_router
    from incentives.api import router as incentives_router
    from landscape.api import router as landscape_router
    from portfolio.api import router as portfolio_router
    from protection.api import router as protection_router
    from registry.api import router as registry_router
    from similarity.api import router as similarity_router

    api.add_router("/", accounts_router)
    api.add_router("/", registry_router)
    api.add_router("/", portfolio_router)
    api.add_router("/", similarity_router)
    api.add_router("/", incentives_router)
    api.add_router("/", financing_router)
    api.add_router("/", protection_router)
    api.add_router("/", landscape_router)
    api.add_router("/", cultivation_router)
    api.add_router("/", exchange_router)
    api.add_router("/", dashboard_router)


_register_routers()
