"""Heavy read-only reports read from a streaming replica of the database (docs/deployment.md).

``DATABASE_REPLICA_URL`` adds a ``replica`` database alias and makes it ``REPORTS_DATABASE``;
unset, the reports read the primary like everything else. Only reads made while a report is
being gathered go to the replica: the pages named in ``REPLICA_READ_VIEWS`` (GET and HEAD, through
``ReportReadsMiddleware``) and code wrapped in ``reading_reports()``. Everything else reads the
primary, and so does a read inside a transaction (whoever writes reads what it wrote). Writes
always go to the primary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


def reports_database() -> str:
    """The alias the reports read: the replica when one is configured, else the primary."""
    alias = getattr(settings, "REPORTS_DATABASE", DEFAULT_DB_ALIAS)
    return alias if alias in connections.settings else DEFAULT_DB_ALIAS


@contextmanager
def reading_reports() -> Iterator[None]:
    """The reads within read a report's figures: from the replica when there is one."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


class ReplicaRouter:
    """Django's database router (``DATABASE_ROUTERS``)."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if not _reading_reports.get():
            return None
        alias = reports_database()
        if alias == DEFAULT_DB_ALIAS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        return alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read there may point at one read here.
        both = {DEFAULT_DB_ALIAS, reports_database()}
        return True if {obj1._state.db, obj2._state.db} <= both else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        # A replica follows the primary's schema by replication; nothing is migrated on it.
        return None if db == DEFAULT_DB_ALIAS else False


class ReportReadsMiddleware:
    """Reads of the report pages named in ``REPLICA_READ_VIEWS`` (URL names) from the replica.
    Last in ``MIDDLEWARE``: the person and their session are read from the primary first (a
    session just made at log-in may not have reached the replica yet)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reading_reports.reset(token)

    def process_view(self, request: HttpRequest, view: Callable, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or match is None:
            return
        if match.view_name not in getattr(settings, "REPLICA_READ_VIEWS", ()):
            return
        if reports_database() == DEFAULT_DB_ALIAS:
            return
        getattr(request.user, "pk", None)  # the person (and the session) from the primary
        request._replica_token = _reading_reports.set(True)  # type: ignore[attr-defined]
