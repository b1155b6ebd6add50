from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


@functools.lru_cache(maxsize=65536)  # bulk imports spell the same few thousand dates again and again
def _iso(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# One encoder for every call: json.dumps with options builds a new one each time, which
# cost as much as the encoding itself for the 100,000 events of a bulk import.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_iso, check_circular=False
)


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, dates as ISO text. A value read back
    from the database spells the same as the one written, so the hash can be checked."""
    return _CANONICAL.encode(value)


class CanonicalJSONField(models.TextField):
    """A JSON value stored as its canonical text (see ``canonical_json``), not as jsonb.

    The chain hash covers exactly the stored text, so ``verify_audit`` checks the bytes in the
    table without re-serialising, and PostgreSQL does not parse and re-encode every document on
    a bulk insert (jsonb parsing was a third of the server's work when importing audit events).
    Python code still reads and writes dicts and lists."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> str | None:
        return None if value is None else canonical_json(value)


def chain_hash(header_json: str, before_json: str, after_json: str) -> str:
    """The event's hash: an HMAC under the chain key (held outside the database, see
    audit/keys.py) of its header (which holds the previous event's hash), before and after."""
    from audit.keys import mac

    return mac("\x1e".join((header_json, before_json, after_json)).encode("utf-8"))


class AppendOnly(models.Model):
    """Rows of the trail: a stored row is never rewritten or deleted through the ORM (on
    PostgreSQL a trigger refuses it in the database too, audit/0004 and 0005)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{self._meta.verbose_name_plural} are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(f"{self._meta.verbose_name_plural} are append-only")


class AuditEvent(AppendOnly):
    """One change of state, written in the same transaction as the change: who did what to
    which object, when, and the object before and after. Rows are chained by hash so that an
    edited, deleted or reordered row is detected by ``manage.py verify_audit``."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = CanonicalJSONField(_("before"), null=True, blank=True)
    after = CanonicalJSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    # Not unique and not indexed: nothing looks an event up by its hash, the chain itself
    # (seq, prev_hash) is what verify_audit checks, and the two indexes on 64 random
    # characters cost more than anything else when a bulk import appends 100,000 events.
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def header(self) -> dict[str, Any]:
        """The fields the hash covers besides ``before`` and ``after``."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        """The hash of the event as it is in memory. The stored ``before``/``after`` text is the
        canonical spelling of these values, so this equals the hash over the stored text."""
        return chain_hash(canonical_json(self.header()), canonical_json(self.before), canonical_json(self.after))


class AuditHead(models.Model):
    """The single row that remembers the end of the chain. Appending locks it, which
    serialises writers, and it lets ``verify_audit`` notice rows cut off the end."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash[:12]}"


class AuditBlockRecord(AppendOnly):
    """One record an import block event covers: which event of the chain (by its sequence
    number) holds the record's row, so that the record's history finds the import that created
    it. A bulk import writes one event per block of rows instead of one per record (see
    ``audit/blocks.py``); these narrow rows are its only per-record cost. ``verify_audit`` checks
    them against the blocks' hashed documents, so a row added, removed or repointed here is
    reported like an edited event."""

    seq = models.PositiveBigIntegerField(_("sequence"))
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)

    class Meta:
        verbose_name = _("record of an import block")
        verbose_name_plural = _("records of import blocks")
        # The one lookup: a record's history. No foreign key to the event: nothing is ever
        # deleted, and the check per row would cost the bulk import more than the row itself.
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.object_type}:{self.object_id}"
