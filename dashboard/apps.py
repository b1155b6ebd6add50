from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("County dashboard")

    def ready(self) -> None:
        # Every audited change, and an import finishing (its rows are audited in bulk, without
        # signals), makes the districts' figures stale (dashboard.snapshots).
        from django.db.models.signals import post_save

        from audit.models import AuditEvent
        from portfolio.models import ImportJob

        post_save.connect(_audited_change, sender=AuditEvent, dispatch_uid="dashboard.snapshots.audit")
        post_save.connect(_import_saved, sender=ImportJob, dispatch_uid="dashboard.snapshots.import")


def _stale_after_commit(person: Any) -> None:
    """The districts of ``person`` (every district for the system or a person without one)
    are stale once the change is committed: a refresh that started before the commit and read
    the records as they were does not clear it."""
    from django.db import transaction

    from dashboard.snapshots import mark_stale

    codes = getattr(person, "district_codes", None) if person is not None else None
    transaction.on_commit(lambda: mark_stale(codes or None))


def _audited_change(instance: Any = None, created: bool = True, **kwargs: Any) -> None:
    if created and not str(getattr(instance, "action", "")).startswith("security."):
        _stale_after_commit(instance.actor)


def _import_saved(instance: Any = None, **kwargs: Any) -> None:
    if instance.status == instance.Status.DONE:
        _stale_after_commit(instance.created_by)
