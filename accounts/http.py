"""The request type of a page or API call behind ``LoginRequiredMiddleware``."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request whose user has logged in: ``accounts.middleware.LoginRequiredMiddleware`` sends
    everyone else to the log-in page before a view runs (and the API's token auth stands in for
    it), so views annotated with this read ``request.user`` as a User, never AnonymousUser. For
    type checking only: Django still builds a plain HttpRequest."""

    user: User
