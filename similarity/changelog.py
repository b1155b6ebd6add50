"""Keeping the trademark index's change log short (``MarkChange``, see similarity/index.py).

Each machine's index reports the line up to which it holds every change (``IndexNode``). Every
night ``prune_change_log`` deletes the lines that every node seen within
``SIMILARITY_CHANGE_LOG_KEEP_DAYS`` has applied, and any line older than that, whoever still
needs it. A node whose index holds less than the highest line ever deleted (``pruned_through``)
may have missed one: it rebuilds its index from the marks tables instead of replaying the log.

Two lines always stay: the last one (the log's position; SQLite would also hand out its number
again), and any line younger than ``index.HOLE_SECONDS`` (a transaction that took its number
earlier may commit after a node went past it; the node looks for it that long).
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from audit.trail import record, snapshot
from similarity.models import IndexNode, MarkChange, MarkChangePrune

log = logging.getLogger(__name__)

# A node that keeps searching says it is alive this often, even when it had nothing to apply.
REPORT_SECONDS = 300
_reported: dict[str, float] = {}


def node_name(index_dir: object) -> str:
    configured = getattr(settings, "SIMILARITY_NODE_NAME", "")
    return (configured or f"{socket.gethostname()}:{index_dir}")[:255]


def applied_seq(state: dict) -> int:
    """The line up to which an index holds every change: its position, or just below the oldest
    line it still waits for (a gap in the numbers that may yet commit)."""
    return min([int(state["seq"]), *(int(h) - 1 for h in state.get("holes", {}))])


def report_position(index_dir: object, state: dict, *, when_stale: bool = False) -> None:
    """Write this node's applied line; with ``when_stale``, only if it last did so more than
    ``REPORT_SECONDS`` ago in this process (a heartbeat that costs nothing most of the time)."""
    name = node_name(index_dir)
    now = time.monotonic()
    if when_stale and now - _reported.get(name, -REPORT_SECONDS) < REPORT_SECONDS:
        return
    IndexNode.objects.update_or_create(
        name=name, defaults={"applied_seq": applied_seq(state), "seen_at": timezone.now()}
    )
    _reported[name] = now


def forget_reports() -> None:
    """Tests switch index folders: each starts without a recent report."""
    _reported.clear()


def pruned_through() -> int:
    """The highest line ever deleted from the log (0: none)."""
    return MarkChangePrune.objects.aggregate(top=Max("through_seq"))["top"] or 0


@transaction.atomic
def prune_change_log(*, actor: object = None, now: dt.datetime | None = None) -> MarkChangePrune | None:
    """Delete the lines no node needs any more (see the module's docstring); audited. Returns
    the pruning, or None when there was nothing to delete."""
    from similarity.index import HOLE_SECONDS

    now = now or timezone.now()
    keep = dt.timedelta(days=settings.SIMILARITY_CHANGE_LOG_KEEP_DAYS)
    latest = MarkChange.objects.aggregate(top=Max("seq"))["top"] or 0
    nodes = dict(IndexNode.objects.filter(seen_at__gte=now - keep).values_list("name", "applied_seq"))
    everyone_has = min(nodes.values(), default=latest)
    settled = now - dt.timedelta(seconds=HOLE_SECONDS)
    doomed = MarkChange.objects.filter(seq__lt=latest).filter(
        Q(seq__lte=everyone_has, at__lt=settled) | Q(at__lt=now - keep)
    )
    through = doomed.aggregate(top=Max("seq"))["top"]
    if through is None:
        log.info("trademark index change log: nothing to prune (%d nodes, last line %d)", len(nodes), latest)
        return None
    deleted, _by_model = doomed.delete()
    pruning = MarkChangePrune.objects.create(through_seq=through, deleted=deleted, kept_for=nodes)
    behind = sorted(name for name, seq in nodes.items() if seq < through)
    record(
        actor=actor,
        action="mark_change_log.prune",
        obj=pruning,
        after={**snapshot(pruning), "last_line": latest, "nodes_to_rebuild": behind},
    )
    log.info(
        "trademark index change log: %d lines deleted up to %d (%d nodes waited for; to rebuild: %s)",
        deleted,
        through,
        len(nodes),
        ", ".join(behind) or "none",
    )
    return pruning
