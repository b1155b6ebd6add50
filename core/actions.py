"""Helpers shared by every app's actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

# Actions import the guard from here beside the other helpers; it is the views' guard too.
from core.permissions import require


def apply_changes(obj: models.Model, changes: dict[str, Any], allowed: set[str]) -> None:
    """Set only the named fields; an unknown field is a programming error, not user input."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"fields not editable here: {sorted(unknown)}")
    # A null sent for a field that cannot hold one (``{"focus": null}`` in a PATCH) is the
    # caller's mistake: say so here, because full_clean lets None pass on blank text fields
    # and the database would refuse it with an IntegrityError (a 500).
    nulls = {}
    for name, value in changes.items():
        if value is None and _not_nullable(obj, name):
            nulls[name] = _("This field cannot be null: leave it out to keep its value, or send a value.")
    if nulls:
        raise ValidationError(nulls)
    for name, value in changes.items():
        setattr(obj, name, value)


def _not_nullable(obj: models.Model, name: str) -> bool:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(getattr(field, "concrete", False)) and not field.null


def check_status(choices: type[models.TextChoices], value: str, field: str = "to_status") -> None:
    """Refuse a target state that the workflow does not have (an empty or misspelt
    ``to_status``) as bad input, naming the states there are."""
    if value not in choices.values:
        raise ValidationError(
            {
                field: _("Not a state of this workflow: %(value)s. Use one of: %(choices)s.")
                % {"value": repr(value), "choices": ", ".join(choices.values)}
            }
        )


FIRST_YEAR, LAST_YEAR = 1980, 2100  # China's patent law took effect in 1985


def check_year(year: int | None, field: str = "year") -> None:
    """Refuse a year no record can have (0, negative, 99999) as bad input; Python's dates
    end at 9999 and the figures' date arithmetic failed on them with a 500."""
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {field: _("Give a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}}
        )


def run_scheduled_job_now(*, actor, name: str):
    """Queue a scheduled job out of turn (after fixing what made last night's run fail, say).
    Its usual run still comes at its time."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from core import jobs
    from core.permissions import can_start_background_jobs
    from core.signals import scheduled_job_queued_by_hand

    require(can_start_background_jobs(actor))
    kind = jobs.KINDS.get(name)
    if kind is None or kind.schedule is None:
        raise ValidationError(_("No such scheduled job."))
    now = timezone.now()
    with transaction.atomic():
        run = jobs.submit(name, f"{name}:now:{now:%Y%m%dT%H%M%S%f}", {"due": now.isoformat(), "by_hand": True})
        scheduled_job_queued_by_hand.send(sender=run_scheduled_job_now, actor=actor, run=run)  # audited
    return run
