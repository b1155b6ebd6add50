"""The landscape's background job: syncing the district's patents into the corpus store and
rebuilding the full-text index when it is behind."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import JobKind, register
from landscape.corpus import get_index, sync_district


def _sync(payload: dict[str, Any]) -> str:
    changed = sync_district(force=bool(payload.get("force")), index=True)
    index = get_index()
    documents = index.n if index is not None else 0
    if not changed:
        return _("Already up to date (%(n)d documents in the full-text index).") % {"n": documents}
    return _("Synced; the full-text index holds %(n)d documents.") % {"n": documents}


register(
    JobKind(
        name="landscape.sync",
        label=gettext_lazy("Landscape corpus sync and full-text index"),
        run=_sync,
        # The store is replaced file by file and the fingerprint written last: safe to redo.
        max_attempts=2,
        interrupted_message=gettext_lazy(
            "The landscape sync was interrupted; the reports keep the previous index. It runs again when a report "
            "page is opened."
        ),
    )
)
