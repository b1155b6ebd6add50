"""What waits in the protected-mark watch: new hits for the office clerk to confirm or dismiss."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.worklists import WorkItem, worklist
from similarity.choices import WatchStatus
from similarity.models import WatchHit
from similarity.permissions import can_see_watch


@worklist
def watch_hits_to_review(user) -> list[WorkItem]:
    # Reviewers and leaders may decide hits too, but the first look is the clerk's work.
    if not (can_see_watch(user) and user.has_role(Role.CLERK)):
        return []
    hits = WatchHit.objects.for_user(user).filter(status=WatchStatus.NEW).select_related("protected_mark")
    return [
        WorkItem(
            _("Mark watch hit"),
            f"{hit.mark_text} ~ {hit.protected_mark}",
            _("Confirm or dismiss the conflict"),
            reverse("similarity:hit_detail", args=[hit.pk]),
            since=hit.created_at,
        )
        for hit in hits
    ]
