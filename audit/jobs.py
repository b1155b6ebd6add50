"""The audit trail's nightly job: sign the chain's head into a checkpoint outside the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.checkpoints import write_checkpoint
from core.jobs import JobKind, Schedule, register


def _checkpoint(payload: dict[str, Any]) -> str:
    checkpoint = write_checkpoint()
    if checkpoint is None:
        return _("The audit trail is empty; nothing to sign.")
    return _("Checkpoint of event %(seq)s written.") % {"seq": checkpoint.seq}


register(
    JobKind(
        name="audit.checkpoint",
        label=gettext_lazy("Nightly checkpoint of the audit trail"),
        run=_checkpoint,
        max_attempts=2,  # writing a checkpoint twice is harmless
        schedule=Schedule(at=dt.time(2, 30)),
    )
)
