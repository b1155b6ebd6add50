"""Demo data for the landscape app (filled in by that app's work)."""

from __future__ import annotations


def seed_landscape() -> dict[str, int]:
    return {}
