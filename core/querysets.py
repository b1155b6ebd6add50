from __future__ import annotations

from django.db import models


class VisibleQuerySet(models.QuerySet):
    """The one chokepoint for row visibility: every model an outside organisation may see
    implements ``for_user`` and every view and API endpoint fetches through it, so a
    foreign id gives 404 exactly like a missing one."""

    def for_user(self, user) -> VisibleQuerySet:  # pragma: no cover - every subclass overrides
        raise NotImplementedError
