from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.blocks import read_documents, without_block_documents
from audit.display import action_kinds
from audit.models import AuditEvent
from audit.permissions import can_read_audit_trail
from core.permissions import require
from core.views_helpers import paginate


def _in_districts(user) -> Q:
    """The events of the people of the reader's district(s); the system's own steps (no actor)
    for the readers of the default district."""
    people = get_user_model().objects.filter(organisation__districts__code__in=user.district_codes).values("pk")
    mine = Q(actor__in=people)
    if settings.DISTRICT_CODE in user.district_codes:
        mine |= Q(actor__isnull=True)
    return mine


def audit_log(request: HttpRequest) -> HttpResponse:
    """The whole trail, newest first; the office only."""
    require(can_read_audit_trail(request.user))
    events = AuditEvent.objects.select_related("actor").filter(_in_districts(request.user)).order_by("-seq")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = paginate(request, without_block_documents(events), 50)
    page.object_list = read_documents(page.object_list)
    context = {"page": page, "action": action, "action_kinds": action_kinds()}
    return render(request, "audit/audit_log.html", context)
