"""Rate limits (django-ratelimit, counted in the cache): log-in attempts per address and per user
name, API calls per token, searches, exports and uploads per person. Past a limit the answer is
429 with a page (or JSON) that says when to try again; nothing is written.

The counts live in the default cache: one shared Redis (``CACHE_URL=redis://…``) for an office
with several web processes, the process's own memory otherwise (each process then counts for
itself, which still bounds a flood to the number of processes times the rate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage, is_ratelimited
from django_ratelimit.exceptions import Ratelimited

Key = str | Callable[[str, HttpRequest], str]


def rate(name: str) -> str:
    return settings.RATE_LIMITS[name]


def limit(request: HttpRequest, name: str, key: Key) -> None:
    """Count this request against the named limit; raise Ratelimited once it is past it."""
    if is_ratelimited(request, group=f"ipcounty.{name}", key=key, rate=rate(name), increment=True):
        raise Ratelimited(name)


def per_person(_group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def too_many(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("Too many requests in a short time. Wait a few minutes and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429, headers={"Retry-After": "60"})
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = "60"
    return response


class RateLimitMiddleware:
    """Uploads count per person, whatever the form: a request that carried files is counted
    after it ran, and a person past the limit gets 429 for the next multipart request (the
    body is not parsed here, so each view's upload limits apply first). A Ratelimited raised by
    any view (log-in, search, export) becomes the 429 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        multipart = request.method == "POST" and request.content_type == "multipart/form-data"
        if multipart and _uploads(request, increment=False):
            return too_many(request)
        response = self.get_response(request)
        # Only a body the view parsed has files to count; an untouched one is never parsed here.
        if multipart and getattr(request, "_files", None):
            _uploads(request, increment=True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, Ratelimited):
            return too_many(request, exception)
        return None


def _uploads(request: HttpRequest, *, increment: bool) -> bool:
    """Whether the person is past the upload limit (counting this upload when `increment`)."""
    usage = get_usage(request, group="ipcounty.upload", key=per_person, rate=rate("upload"), increment=increment)
    if not usage:
        return False
    # Before the request, "past the limit" means the allowance is used up already.
    return bool(usage["should_limit"] if increment else usage["count"] >= usage["limit"])
