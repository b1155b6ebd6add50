"""Filters that show an audit event in words (see ``audit.display``)."""

from __future__ import annotations

from typing import Any

from django import template

from audit import display

register = template.Library()


@register.filter
def action_label(event: Any) -> str:
    return display.action_label(event)


@register.filter
def actor_label(event: Any) -> str:
    return display.actor_label(event)


@register.filter
def changes(event: Any) -> list[str]:
    return display.changes(event)


@register.filter
def with_names(events: Any) -> list[Any]:
    """The events with the names their foreign keys point to, fetched in bulk for the page."""
    return display.name_foreign_keys(events)
