from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _has_demo_data() -> bool:
    from accounts.models import Organisation

    return Organisation.objects.filter(is_demo=True).exists()


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu, by what the person's organisation may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "is_demo_site": _has_demo_data()}
    items = [(_("Home"), reverse("core:home"))]
    if getattr(user, "is_leadership", False):
        items += [
            (_("Dashboard"), reverse("dashboard:dashboard")),
            (_("Annual reports"), reverse("dashboard:report_list")),
            (_("Enterprises"), reverse("registry:enterprise_list")),
            (_("Talent"), reverse("registry:talent_list")),
            (_("Patents"), reverse("portfolio:patent_list")),
            (_("Trademarks"), reverse("portfolio:trademark_list")),
            (_("Funds"), reverse("incentives:fund_report")),
            (_("Financing"), reverse("financing:figures")),
            (_("Patent landscape"), reverse("landscape:report")),
            (_("Trainings"), reverse("cultivation:training_list")),
            (_("Key brands"), reverse("cultivation:brand_list")),
        ]
    elif user.is_office:
        items += [
            (_("Enterprises"), reverse("registry:enterprise_list")),
            (_("Parks"), reverse("registry:park_list")),
            (_("Talent"), reverse("registry:talent_list")),
            (_("Patents"), reverse("portfolio:patent_list")),
            (_("Trademarks"), reverse("portfolio:trademark_list")),
            (_("Protected rights"), reverse("portfolio:protected_rights")),
            (_("Similar marks"), reverse("similarity:search")),
            (_("Mark watch"), reverse("similarity:watch_list")),
            (_("Reminders"), reverse("portfolio:reminders")),
            (_("Awards"), reverse("incentives:application_list")),
            (_("Funds"), reverse("incentives:fund_report")),
            (_("Pledge loans"), reverse("financing:loan_list")),
            (_("Financing"), reverse("financing:figures")),
            (_("Enforcement"), reverse("protection:case_list")),
            (_("Transfers"), reverse("protection:transfer_list")),
            (_("Mediation"), reverse("protection:mediation_list")),
            (_("Due and overdue"), reverse("protection:overdue")),
            (_("Criminal thresholds"), reverse("protection:thresholds")),
            (_("Rules and their sources"), reverse("rules:list")),
            (_("Patent landscape"), reverse("landscape:report")),
            (_("Patent search"), reverse("landscape:search")),
            (_("Patent awards and industries"), reverse("landscape:quality")),
            (_("Trainings"), reverse("cultivation:training_list")),
            (_("Key brands"), reverse("cultivation:brand_list")),
            (_("Dashboard"), reverse("dashboard:dashboard")),
            (_("Organisations"), reverse("accounts:organisation_list")),
            (_("Audit trail"), reverse("audit:audit_log")),
            (_("Background jobs"), reverse("core:background_jobs")),
        ]
    elif user.kind == "enterprise":
        items += [
            (_("My enterprise"), reverse("registry:enterprise_list")),
            (_("Patents"), reverse("portfolio:patent_list")),
            (_("Trademarks"), reverse("portfolio:trademark_list")),
            (_("Similar marks"), reverse("similarity:search")),
            (_("Reminders"), reverse("portfolio:reminders")),
            (_("Awards"), reverse("incentives:programme_list")),
            (_("Pledge loans"), reverse("financing:product_list")),
            (_("Complaints"), reverse("protection:case_list")),
            (_("Our people"), reverse("registry:talent_list")),
        ]
    elif user.kind in ("bank", "valuer"):
        items += [
            (_("Pledge loans"), reverse("financing:loan_list")),
            (_("Loan products"), reverse("financing:product_list")),
            (_("Financing figures"), reverse("financing:figures")),
            (_("My organisation"), reverse("accounts:organisation_list")),
        ]
    elif user.kind == "police":
        items += [
            (_("Transfers"), reverse("protection:transfer_list")),
            (_("Due and overdue"), reverse("protection:overdue")),
            (_("My organisation"), reverse("accounts:organisation_list")),
        ]
    elif user.kind in ("court", "mediation"):
        items += [
            (_("Mediation"), reverse("protection:mediation_list")),
            (_("Due and overdue"), reverse("protection:overdue")),
            (_("My organisation"), reverse("accounts:organisation_list")),
        ]
    else:
        items += [(_("My organisation"), reverse("accounts:organisation_list"))]
    return {"nav": items, "is_demo_site": _has_demo_data()}
