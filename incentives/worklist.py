"""What waits in awards for each person, and what its search finds: applications at a step the
person's role takes (by the workflow table), an enterprise's own applications, and the open
programmes its portfolio qualifies for now."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.worklists import SearchHit, WorkItem, search, worklist
from incentives.choices import ApplicationStatus
from incentives.models import Application, Programme
from incentives.permissions import can_apply
from incentives.rules import eligible_assets
from incentives.workflow import TRANSITIONS
from registry.models import Enterprise

# An enterprise follows its applications until they are paid or rejected.
FINISHED = (ApplicationStatus.PAID, ApplicationStatus.REJECTED)


def _statuses_for_role(role: str) -> list[str]:
    """The states from which this office role takes a forward step (rejecting is not the work)."""
    return [
        status
        for status, targets in TRANSITIONS.items()
        if any(role in roles for target, roles in targets.items() if target != ApplicationStatus.REJECTED)
    ]


# What the office does at each state (the workflow table says who; this says it as a task).
ACTIONS = {
    ApplicationStatus.SUBMITTED: gettext_lazy("Check the application"),
    ApplicationStatus.CLERK_CHECKED: gettext_lazy("Review the application"),
    ApplicationStatus.REVIEWER_CHECKED: gettext_lazy("Start the public notice"),
    ApplicationStatus.PUBLIC_NOTICE: gettext_lazy("The public notice has ended: approve or reject"),
}


@worklist
def applications_to_check(user) -> list[WorkItem]:
    """For the office: applications at a step the person's role takes; an application in public
    notice waits for the leader from the day after the notice ends."""
    if not (user.is_authenticated and user.is_office):
        return []
    statuses = _statuses_for_role(user.role)
    if not statuses:
        return []
    today = dt.date.today()
    waiting = (
        Application.objects.for_user(user)
        .filter(status__in=statuses)
        .exclude(status=ApplicationStatus.PUBLIC_NOTICE, notice_ends__gte=today)
        .select_related("enterprise", "programme")
    )
    items = []
    for application in waiting:
        url = reverse("incentives:application_detail", args=[application.pk])
        label = f"{application.enterprise.name} · {application.programme.name}"
        action = str(ACTIONS.get(application.status, application.get_status_display()))
        items.append(WorkItem(_("Award application"), label, action, url, since=application.submitted_at))
    return items


@worklist
def my_applications(user) -> list[WorkItem]:
    """For an enterprise: its applications not yet paid or rejected, with the step they are at."""
    if not (user.is_authenticated and user.kind == "enterprise"):
        return []
    mine = Application.objects.for_user(user).exclude(status__in=FINISHED).select_related("enterprise", "programme")
    items = []
    for application in mine:
        url = reverse("incentives:application_detail", args=[application.pk])
        status = _("Status: %(status)s") % {"status": application.get_status_display()}
        due = application.notice_ends if application.status == ApplicationStatus.PUBLIC_NOTICE else None
        items.append(
            WorkItem(_("Award application"), str(application.programme), status, url, due, application.submitted_at)
        )
    return items


@worklist
def programmes_open_to_me(user) -> list[WorkItem]:
    """For an enterprise: the programmes open today for which its portfolio holds an asset not
    yet claimed (one query per award item of the open programmes, never per asset)."""
    if not (user.is_authenticated and user.kind == "enterprise"):
        return []
    enterprise = Enterprise.objects.for_user(user).first()
    if enterprise is None or not can_apply(user, enterprise):
        return []
    today = dt.date.today()
    programmes = (
        Programme.objects.for_user(user).filter(opens_on__lte=today, closes_on__gte=today).prefetch_related("items")
    )
    items = []
    for programme in programmes:
        offers = [
            asset
            for item in programme.items.all()
            if not item.refused
            for asset in eligible_assets(item, enterprise)
            if not asset.already_awarded and asset.amount > 0
        ]
        if offers:
            url = reverse("incentives:apply", args=[programme.pk])
            action = _("Apply: %(count)s assets qualify") % {"count": len(offers)}
            items.append(WorkItem(_("Award programme"), str(programme), action, url, programme.closes_on))
    return items


@search
def find_applications(user, query: str, limit: int) -> list[SearchHit]:
    found = (
        Application.objects.for_user(user)
        .filter(Q(enterprise__name__icontains=query) | Q(programme__name__icontains=query) | Q(pk=_number(query)))
        .select_related("enterprise", "programme")
        .order_by("-submitted_at")[:limit]
    )
    return [
        SearchHit(
            _("Award application"),
            str(application.pk),
            f"{application.enterprise.name} · {application.programme}",
            reverse("incentives:application_detail", args=[application.pk]),
        )
        for application in found
    ]


def _number(query: str) -> int:
    """An application is numbered by its id; a query that is not a number matches none."""
    return int(query) if query.isdigit() and len(query) < 12 else 0
