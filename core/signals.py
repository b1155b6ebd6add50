"""What the kernel's own helpers tell the audit trail.

``core`` is the ground floor: ``audit`` uses its bulk writer, job registry and pagination, so
``core`` cannot call ``audit.trail``. Like ``django.contrib.auth``'s ``user_logged_in``, it
sends a signal and the audit app records it (``audit/receivers.py``, connected in
``AuditConfig.ready``). Signals run their receivers at once, inside the sender's transaction,
and a receiver's error reaches the sender: an event that cannot be recorded stops the work."""

from django.dispatch import Signal

# A list is downloaded as XLSX or CSV. Keyword arguments: request, fmt.
export_requested = Signal()
# A scheduled job is queued out of turn by a person. Keyword arguments: actor, run.
scheduled_job_queued_by_hand = Signal()
# A person was refused a page (the 403 handler). Keyword arguments: request, reason.
access_refused = Signal()
