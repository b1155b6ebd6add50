"""What the similarity app does when the portfolio's marks change."""

from __future__ import annotations

import logging

from portfolio.models import Trademark

log = logging.getLogger(__name__)


def on_trademarks_written(sender, trademark_ids: list[int], **kwargs) -> None:
    """The index's change log, in the transaction that changed the marks: every machine's
    index follows it (``similarity.index.catch_up``)."""
    from similarity import index

    index.record_changes(index.trademark_index_id(pk) for pk in trademark_ids)


def on_trademarks_changed(sender, trademark_ids: list[int], **kwargs) -> None:
    """Keep the index up to date, follow well-known marks onto the protected list, and check
    the marks against the watch. Runs after the commit: a failure here must not undo a saved
    mark, so it is logged (``build_mark_index`` repairs the index)."""
    from similarity import actions, index, logos, watch

    try:
        # This machine's index takes the log's new lines now (the marks of this change and any
        # other machine's); the other machines take them on their next search.
        index.catch_up(force=True)
        logos.refresh([index.trademark_index_id(pk) for pk in trademark_ids])
        if Trademark.objects.filter(pk__in=trademark_ids, is_well_known=True).exists():
            actions.sync_protected_list(actor=None)
        watch.check_indexed_marks([index.trademark_index_id(pk) for pk in trademark_ids])
    except Exception:
        log.exception("similarity: could not follow changed trademarks %s", trademark_ids[:20])
