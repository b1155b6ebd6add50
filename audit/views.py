from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from audit.models import AuditEvent
from core.views_helpers import paginate


def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    """The whole trail, newest first; the office only."""
    if not request.user.is_office:
        raise PermissionDenied(_("Only the IP office reads the audit trail."))
    events = AuditEvent.objects.select_related("actor").order_by("-seq")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    return render(request, "audit/audit_log.html", {"page": paginate(request, events, 50), "action": action})
