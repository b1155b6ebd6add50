"""Helpers the protection pages share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Refusal:
    """A step sent and refused, to show again on the record's page: the form as typed (its
    errors beside its fields), the note as typed, and the reasons that name no field."""

    target: str
    form: forms.Form | None
    note: str
    errors: list[str]


def shown_steps(steps: list[tuple], refusal: Refusal | None = None) -> list[tuple]:
    """The page's steps ``(target, label, decision, form, note_required)`` as ``_steps.html``
    shows them, with the note typed and the reasons; the refused step keeps what was typed."""
    shown = []
    for target, label, decision, form, note_required in steps:
        if refusal is not None and refusal.target == target:
            shown.append((target, label, decision, refusal.form or form, note_required, refusal.note, refusal.errors))
        else:
            shown.append((target, label, decision, form, note_required, "", []))
    return shown


def post_step(
    request: HttpRequest,
    form: forms.Form | None,
    action: Callable[..., Any],
    done: str,
    back: str,
    with_note: bool = False,
    show_again: Callable[[Refusal], HttpResponse] | None = None,
    target: str = "",
) -> HttpResponse:
    """Validate the POSTed form (when the step has one), then run ``action`` with its data (and
    the note, when asked). Done: back to ``back`` with ``done``. Refused: with ``show_again``,
    the record's page again with the step as typed and the reason beside the field it concerns
    (or above the step); without it, back with the reasons as messages."""
    note = request.POST.get("note", "")
    data: dict[str, Any] = {"note": note} if with_note else {}
    if form is not None and not form.is_valid():
        if show_again is not None:
            return show_again(Refusal(target, form, note, []))
        for message in form_errors(form):
            messages.error(request, message)
        return redirect(back)
    if form is not None:
        # Multiple choices come back as querysets; actions take lists.
        data.update({k: list(v) if isinstance(v, QuerySet) else v for k, v in form.cleaned_data.items()})
    if show_again is None:
        return run_step(request, lambda: action(**data), done, back)
    reasons: list[str] = []
    try:
        action(**data)
    except PermissionDenied as exc:
        reasons.append(str(exc) or _("You may not take this step."))
    except ValidationError as exc:
        fields = form.fields if form is not None else {}
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                if form is not None and field in fields:
                    form.add_error(field, errors)
                else:
                    reasons.extend(message for error in errors for message in error.messages)
        else:
            reasons.extend(exc.messages)
    else:
        messages.success(request, done)
        return redirect(back)
    return show_again(Refusal(target, form, note, reasons))


def form_errors(form: forms.Form) -> list[str]:
    return [
        f"{form.fields[f].label if f in form.fields else ''} {e}".strip() for f, es in form.errors.items() for e in es
    ]
