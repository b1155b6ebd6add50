"""Small helpers shared by the thin views of every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

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


def paginate(request: HttpRequest, queryset: Any, per_page: int = 25) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
