"""Re-seal the audit chain under the chain key (audit/keys.py).

Before this migration each event's hash was a plain SHA-256. The chain is first checked under
that rule; an intact chain is then re-hashed, event by event, as an HMAC under the key. A chain
that is already broken is not re-sealed (that would hide the break): the migration stops and
says which event to look at."""

import hashlib

from django.db import migrations, models
from django.db.models.functions import Cast


def _header(event):
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "prev_hash": event.prev_hash,
    }


def reseal(apps, schema_editor):
    from audit.keys import mac
    from audit.models import GENESIS_HASH, canonical_json

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    events = (
        AuditEvent.objects.order_by("seq")
        .defer("before", "after")
        .annotate(before_text=Cast("before", models.TextField()), after_text=Cast("after", models.TextField()))
    )
    old_prev, new_prev = GENESIS_HASH, GENESIS_HASH
    batch = []
    for event in events.iterator(chunk_size=2000):
        before = "null" if event.before_text is None else event.before_text
        after = "null" if event.after_text is None else event.after_text
        old_header = canonical_json(_header(event))
        old = hashlib.sha256("\x1e".join((old_header, before, after)).encode()).hexdigest()
        if event.prev_hash != old_prev or event.hash != old:
            raise RuntimeError(
                f"audit event {event.seq} does not match its hash: the trail was changed before this upgrade. "
                "Run `manage.py verify_audit` on the old version and restore the last good backup."
            )
        old_prev = event.hash
        event.prev_hash = new_prev
        event.hash = mac("\x1e".join((canonical_json(_header(event)), before, after)).encode())
        new_prev = event.hash
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
    AuditHead.objects.filter(pk=1).update(last_hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_text_before_after")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop, elidable=False)]
