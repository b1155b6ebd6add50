"""Helpers the protection pages share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from deadlines import NEAR, PAST, PAUSED


def time_left(left: dt.timedelta | None) -> str:
    """Time left (or overdue) in days and hours, as a person reads it."""
    if left is None:
        return ""
    seconds = int(left.total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    days, hours = seconds // 86400, (seconds % 86400) // 3600
    text = (
        _("%(d)s d %(h)s h") % {"d": days, "h": hours}
        if days
        else _("%(h)s h %(m)s min")
        % {
            "h": hours,
            "m": (seconds % 3600) // 60,
        }
    )
    return _("%(time)s overdue") % {"time": text} if overdue else text


def flag_label(flag: str) -> str:
    return {PAST: _("past due"), NEAR: _("near due"), PAUSED: _("paused")}.get(flag, _("on time"))


def hours(delta: dt.timedelta | None) -> str:
    if delta is None:
        return ""
    return f"{delta.total_seconds() / 3600:.1f}"


def run_step(request: HttpRequest, action: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run an action from a POSTed step; show what went wrong, or ``done``, and go back."""
    try:
        action()
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not take this step."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


def form_errors(form: forms.Form) -> list[str]:
    return [
        f"{form.fields[f].label if f in form.fields else ''} {e}".strip() for f, es in form.errors.items() for e in es
    ]
