"""Demo data for the protection app (filled in by that app's work)."""

from __future__ import annotations


def seed_protection() -> dict[str, int]:
    return {}
