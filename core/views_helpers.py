"""Small helpers shared by the thin views of every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _

T = TypeVar("T")


def call_action(form: forms.BaseForm, action: Callable[[], T]) -> T | None:
    """Run an action for a valid form; put the action's validation errors on the form so the
    person sees what to fix. Returns None when the action refused the input."""
    try:
        return action()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


def paginate(request: HttpRequest, queryset: Any, per_page: int = 25, param: str = "page") -> Page:
    """One page of a list; ``param`` names the page's number in the address when a page holds
    two lists (``includes/pagination.html`` takes the same ``param``)."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def int_filter(request: HttpRequest, name: str, default: T, minimum: int, maximum: int) -> int | T:
    """A whole-number filter from the query string, kept within [minimum, maximum].

    A value that is not a whole number, or lies outside the range, is not used: the page shows
    the default instead, with a message that says what may be typed. So no value typed into a
    filter can reach the database or a date calculation out of range."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        messages.warning(
            request,
            _("“%(value)s” cannot be used here: type a whole number from %(minimum)s to %(maximum)s.")
            % {"value": raw[:40], "minimum": minimum, "maximum": maximum},
        )
        return default
    return value
