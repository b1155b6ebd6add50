"""Helpers shared by every app's actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from core.permissions import Decision


def require(decision: Decision) -> None:
    """Stop an action the actor may not take, with the reason the predicate gave."""
    if not decision.allowed:
        raise PermissionDenied(decision.reason)


def apply_changes(obj: models.Model, changes: dict[str, Any], allowed: set[str]) -> None:
    """Set only the named fields; an unknown field is a programming error, not user input."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"fields not editable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(obj, name, value)
