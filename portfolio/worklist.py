"""What waits in the portfolio for each person, and what its search finds: rights falling due
(this week for the office clerk, within three months for an enterprise) and rejected imports
still to be corrected."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.worklists import SearchHit, WorkItem, search, worklist
from portfolio.models import ImportJob, OwnerDecision, OwnerName, Patent, Trademark
from portfolio.permissions import can_import, can_match_owners
from portfolio.reminders import reminders

OFFICE_DAYS = 7
ENTERPRISE_DAYS = 90
# A rejected import stays on the worklist this long, unless a later import of the same kind
# by the same person went through.
IMPORT_DAYS = 14


@worklist
def rights_falling_due(user) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    if user.is_office and user.has_role(Role.CLERK):
        days = OFFICE_DAYS
    elif user.kind == "enterprise":
        days = ENTERPRISE_DAYS
    else:
        return []
    today = dt.date.today()
    last = today + dt.timedelta(days=days)
    items = []
    for reminder in reminders(Patent.objects.for_user(user), Trademark.objects.for_user(user), today, days):
        if reminder.due > last:
            continue
        if reminder.is_patent:
            kind, url = _("Patent"), reverse("portfolio:patent_detail", args=[reminder.subject.pk])
        else:
            kind, url = _("Trademark"), reverse("portfolio:trademark_detail", args=[reminder.subject.pk])
        items.append(WorkItem(kind, str(reminder.subject), reminder.label, url, reminder.due))
    return items


@worklist
def imports_to_correct(user) -> list[WorkItem]:
    if not (user.is_authenticated and can_import(user)):
        return []
    later_success = ImportJob.objects.filter(
        kind=OuterRef("kind"),
        created_by=OuterRef("created_by"),
        status=ImportJob.Status.DONE,
        created_at__gt=OuterRef("created_at"),
    )
    rejected = (
        ImportJob.objects.for_user(user)
        .filter(
            created_by=user,
            status=ImportJob.Status.FAILED,
            created_at__gte=timezone.now() - dt.timedelta(days=IMPORT_DAYS),
        )
        .exclude(Exists(later_success))
    )
    return [
        WorkItem(
            _("Import"),
            str(job),
            _("Correct the rows listed and upload the file again"),
            reverse("portfolio:import_detail", args=[job.pk]),
            since=job.created_at,
        )
        for job in rejected
    ]


@worklist
def owner_names_to_match(user) -> list[WorkItem]:
    """Owner names the databases' exports brought that the registry does not know: one item
    for the clerk while any waits."""
    if not (user.is_authenticated and user.is_office and user.has_role(Role.CLERK) and can_match_owners(user)):
        return []
    waiting = OwnerName.objects.for_user(user).filter(decision=OwnerDecision.PENDING)
    count = waiting.count()
    if not count:
        return []
    oldest = waiting.order_by("created_at").first()
    return [
        WorkItem(
            _("Owner matching"),
            _("%(count)d owner names wait for matching") % {"count": count},
            _("Match each to an enterprise, register it, or mark it outside the district"),
            reverse("portfolio:owner_queue"),
            since=oldest.created_at if oldest else None,
        )
    ]


@search
def find_rights(user, query: str, limit: int) -> list[SearchHit]:
    patents = Patent.objects.for_user(user).filter(
        Q(application_number__icontains=query)
        | Q(publication_number__icontains=query)
        | Q(grant_number__icontains=query)
        | Q(title__icontains=query)
    )
    hits = [
        SearchHit(_("Patent"), p.application_number, p.title, reverse("portfolio:patent_detail", args=[p.pk]))
        for p in patents.order_by("application_number")[:limit]
    ]
    marks = Trademark.objects.for_user(user).filter(Q(number__icontains=query) | Q(mark_text__icontains=query))
    hits += [
        SearchHit(_("Trademark"), m.number, m.mark_text, reverse("portfolio:trademark_detail", args=[m.pk]))
        for m in marks.order_by("number")[:limit]
    ]
    return hits
