"""Demo data for the dashboard app (filled in by that app's work)."""

from __future__ import annotations


def seed_dashboard() -> dict[str, int]:
    return {}
