"""The one step helper of every workflow (loans, award applications, cases, transfers,
mediations, watch hits, key brands). Each app keeps its transition table in its own
``workflow.py`` and checks the step with its permission predicate; this writes what every
step leaves behind: the status-change row (healthchecks' ``Flip``) and the object's new status.
The caller saves the object and writes the audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from core.models import StatusChange


def take_step(
    obj: models.Model,
    to_status: str,
    *,
    history: type[StatusChange],
    owner: str,
    actor,
    note: str = "",
    at: dt.datetime | None = None,
    field: str = "status",
) -> StatusChange:
    """Record ``obj`` going from its current ``field`` to ``to_status`` in ``history`` (whose
    foreign key to ``obj`` is ``owner``), by ``actor`` (None, or an unsaved user, for the
    system), and move ``obj`` to the new status without saving it. ``at`` backdates the row to
    the step's own moment, which the history shows instead of the moment it was written."""
    values: dict[str, Any] = {
        owner: obj,
        "from_status": getattr(obj, field),
        "to_status": to_status,
        "actor": actor if getattr(actor, "pk", None) else None,
        "note": note,
    }
    change = history._default_manager.create(**values)
    if at is not None:
        # ``at`` is stamped on create (auto_now_add), so the step's own moment is set after.
        history._default_manager.filter(pk=change.pk).update(at=at)
        change.at = at
    setattr(obj, field, to_status)
    return change
