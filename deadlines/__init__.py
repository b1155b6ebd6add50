"""Deadlines in working days, calendar days and hours, with pauses (a pure package; no Django)."""
