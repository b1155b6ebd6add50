from __future__ import annotations

from typing import Any, Self

from django.db import models


class VisibleQuerySet(models.QuerySet):
    """The one chokepoint for row visibility: every model an outside organisation may see
    implements ``for_user`` and every view and API endpoint fetches through it, so a
    foreign id gives 404 exactly like a missing one."""

    def for_user(self, user) -> VisibleQuerySet:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def filter_across(self, **lookups: Any) -> Self:
        """The rows matching ``lookups`` that reach across a to-many relation (a patent's
        owners), each row once: a ``pk__in`` subquery (NetBox's ``restrict()``) rather than
        ``DISTINCT``, which would stop the caller ordering by a related field, locking the
        rows (``select_for_update``) or counting with annotations."""
        return self.filter(pk__in=self.model._default_manager.filter(**lookups).values("pk"))
