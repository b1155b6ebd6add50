from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.display import action_kinds
from audit.models import AuditEvent
from audit.permissions import can_read_audit_trail
from core.permissions import require
from core.views_helpers import paginate


def audit_log(request: HttpRequest) -> HttpResponse:
    """The whole trail, newest first; the office only."""
    require(can_read_audit_trail(request.user))
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    context = {"page": paginate(request, events, 50), "action": action, "action_kinds": action_kinds()}
    return render(request, "audit/audit_log.html", context)
