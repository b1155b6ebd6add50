"""What waits in the protected-mark watch: new hits for the office clerk to confirm or dismiss."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.worklists import WorkItem, worklist
from similarity.choices import WatchStatus
from similarity.models import WatchHit
from similarity.opposition import window
from similarity.permissions import can_see_watch


@worklist
def watch_hits_to_review(user) -> list[WorkItem]:
    # Reviewers and leaders may decide hits too, but the first look is the clerk's work.
    if not (can_see_watch(user) and user.has_role(Role.CLERK)):
        return []
    hits = WatchHit.objects.for_user(user).filter(status=WatchStatus.NEW).select_related("protected_mark")
    items: list[tuple[tuple, WorkItem]] = []
    for hit in hits:
        # A mark still open to opposition waits with its last day to oppose (Trademark Law
        # art. 33), soonest first; the rest wait since they were found.
        found = window(hit.publication_date)
        label = f"{hit.mark_text} ~ {hit.protected_mark}"
        url = reverse("similarity:hit_detail", args=[hit.pk])
        if found is not None and found.is_open:
            item = WorkItem(
                _("Mark watch hit"), label, _("Decide before the last day to oppose"), url, due=found.last_day
            )
            items.append(((0, found.last_day.isoformat()), item))
        else:
            item = WorkItem(_("Mark watch hit"), label, _("Confirm or dismiss the conflict"), url, since=hit.created_at)
            items.append(((1, hit.created_at.isoformat()), item))
    return [item for _key, item in sorted(items, key=lambda pair: pair[0])]
