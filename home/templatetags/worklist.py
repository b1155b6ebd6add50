"""How long is left on a worklist item, as the page says it."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.worklists import WorkItem

register = template.Library()

# A limit this close is shown in the warning colour.
NEAR_DAYS = 3


def _day(value: dt.datetime | dt.date) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


@register.simple_tag
def time_left(item: WorkItem, now: dt.datetime) -> dict[str, str]:
    """``{"text": …, "flag": "past" | "near" | "" | "open"}``. Hours are shown under a day for a
    limit that is a moment; a day's limit counts days (0 is "due today"). The time left is
    rounded down and the time overdue up: never promise more time than there is."""
    if item.due is None:
        if item.since is None:
            return {"text": _("no time limit"), "flag": "open"}
        days = (_day(now) - _day(item.since)).days
        # Said of when the item arrived (for the office) or was sent (for its applicant).
        text = _("dated today") if days <= 0 else ngettext("%(n)s day ago", "%(n)s days ago", days) % {"n": days}
        return {"text": text, "flag": "open"}
    if isinstance(item.due, dt.datetime):
        left = item.due - now
        if abs(left) < dt.timedelta(days=1):
            hours = int(abs(left).total_seconds() // 3600) + (1 if left < dt.timedelta(0) else 0)
            if left < dt.timedelta(0):
                return {
                    "text": ngettext("%(n)s hour overdue", "%(n)s hours overdue", hours) % {"n": hours},
                    "flag": "past",
                }
            return {"text": ngettext("%(n)s hour left", "%(n)s hours left", hours) % {"n": hours}, "flag": "near"}
        days = left.days if left > dt.timedelta(0) else -((-left).days + 1)
    else:
        days = (item.due - _day(now)).days
        if days == 0:
            return {"text": _("due today"), "flag": "near"}
    if days < 0:
        return {"text": ngettext("%(n)s day overdue", "%(n)s days overdue", -days) % {"n": -days}, "flag": "past"}
    flag = "near" if days <= NEAR_DAYS else ""
    return {"text": ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}, "flag": flag}
