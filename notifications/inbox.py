"""The inbox's unread count, shown in the top bar of every page: kept in the cache per
organisation so that a page costs no query for it, and forgotten whenever messages are delivered
to the organisation or read by it. A count lives at most ``UNREAD_TTL`` seconds (what another
process's memory cache did not hear of)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from notifications.models import Message

UNREAD_TTL = 60


def _key(organisation_id: int) -> str:
    return f"notifications.unread.{organisation_id}"


def unread_count(organisation_id: int | None) -> int:
    if not organisation_id:
        return 0
    key = _key(organisation_id)
    count = cache.get(key)
    if count is None:
        count = Message.objects.filter(organisation_id=organisation_id, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_TTL)
    return int(count)


def forget_unread(organisation_ids: Iterable[int]) -> None:
    """Messages were delivered or read: count again on the next page, now and after the commit
    (so a count made meanwhile from what the database held before is not kept)."""
    keys = [_key(pk) for pk in set(organisation_ids) if pk]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
