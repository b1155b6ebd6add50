"""Demo data for the cultivation app (filled in by that app's work)."""

from __future__ import annotations


def seed_cultivation() -> dict[str, int]:
    return {}
