"""The similarity app's background jobs: rebuilding the trademark index, and the daily watch
run over every mark (it catches what the checks after each save missed, e.g. when a process
died between a commit and its check, and marks that came close to a mark newly protected)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import JobKind, Schedule, register
from portfolio.models import Trademark
from similarity import changelog, index, watch
from similarity.models import CorpusMark


def _rebuild(payload: dict[str, Any]) -> str:
    built = index.build()
    return _("%(n)d marks indexed.") % {"n": len(built)}


def daily_watch() -> int:
    """Every mark of the index checked against the protected list, under the same source
    labels as the checks after each save; returns the hits written (new ones, and open ones
    brought up to date: running it twice writes nothing new)."""
    ids = [index.trademark_index_id(pk) for pk in Trademark.objects.values_list("pk", flat=True)]
    found = len(watch.check_indexed_marks(ids))
    by_source: dict[str, list[int]] = {}
    for pk, source in CorpusMark.objects.values_list("pk", "last_import__source"):
        by_source.setdefault(source or "", []).append(index.corpus_index_id(pk))
    for source, corpus_ids in by_source.items():
        found += len(watch.check_indexed_marks(corpus_ids, source_label=source))
    return found


def _daily_watch(payload: dict[str, Any]) -> str:
    return _("%(n)d watch hits found or brought up to date.") % {"n": daily_watch()}


def _prune_change_log(payload: dict[str, Any]) -> str:
    pruning = changelog.prune_change_log(actor=None)
    if pruning is None:
        return _("No line of the change log to delete.")
    return _("%(n)d lines of the change log deleted, up to line %(seq)d.") % {
        "n": pruning.deleted,
        "seq": pruning.through_seq,
    }


register(
    JobKind(
        name="similarity.rebuild_index",
        label=gettext_lazy("Trademark similarity index rebuild"),
        run=_rebuild,
        # The new build is switched in only when complete.
        max_attempts=2,
        interrupted_message=gettext_lazy(
            "The index rebuild was interrupted; searches keep using the previous index. Start it again."
        ),
    )
)
register(
    JobKind(
        name="similarity.daily_watch",
        label=gettext_lazy("Daily protected-mark watch"),
        run=_daily_watch,
        # Hits are written idempotently (an open hit is updated, not duplicated).
        max_attempts=2,
        interrupted_message=gettext_lazy("The watch run was interrupted; it runs again tomorrow."),
        schedule=Schedule(dt.time(3, 0)),
    )
)
register(
    JobKind(
        name="similarity.prune_change_log",
        label=gettext_lazy("Pruning of the trademark index's change log"),
        run=_prune_change_log,
        # One transaction: a pruning killed half way deleted nothing, and running it twice
        # finds nothing more to delete.
        max_attempts=2,
        interrupted_message=gettext_lazy("The pruning was interrupted; it runs again tomorrow."),
        schedule=Schedule(dt.time(4, 0)),
    )
)
