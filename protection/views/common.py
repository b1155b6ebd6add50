"""Helpers the protection pages share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from deadlines import NEAR, PAST, PAUSED


def duration(delta: dt.timedelta) -> str:
    """A length of time in days and hours (or hours and minutes), as a person reads it."""
    seconds = abs(int(delta.total_seconds()))
    days, hours = seconds // 86400, (seconds % 86400) // 3600
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    return _("%(h)s h %(m)s min") % {"h": hours, "m": (seconds % 3600) // 60}


def time_left(left: dt.timedelta | None) -> str:
    """Time left, or how long overdue."""
    if left is None:
        return ""
    if left.total_seconds() < 0:
        return _("%(time)s overdue") % {"time": duration(left)}
    return duration(left)


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


def post_step(
    request: HttpRequest,
    form: forms.Form | None,
    action: Callable[..., Any],
    done: str,
    back: str,
    with_note: bool = False,
) -> HttpResponse:
    """Validate the POSTed form (when the step has one), then run ``action`` with its data (and
    the note, when asked) through ``run_step``."""
    data: dict[str, Any] = {"note": request.POST.get("note", "")} if with_note else {}
    if form is not None:
        if not form.is_valid():
            for message in form_errors(form):
                messages.error(request, message)
            return redirect(back)
        # Multiple choices come back as querysets; actions take lists.
        data.update({k: list(v) if isinstance(v, QuerySet) else v for k, v in form.cleaned_data.items()})
    return run_step(request, lambda: action(**data), done, back)


def form_errors(form: forms.Form) -> list[str]:
    return [
        f"{form.fields[f].label if f in form.fields else ''} {e}".strip() for f, es in form.errors.items() for e in es
    ]
