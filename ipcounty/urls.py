from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from ipcounty.api import api

urlpatterns = [
    path("", include("home.urls")),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("registry/", include("registry.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("similarity/", include("similarity.urls")),
    path("incentives/", include("incentives.urls")),
    path("financing/", include("financing.urls")),
    path("protection/", include("protection.urls")),
    path("landscape/", include("landscape.urls")),
    path("cultivation/", include("cultivation.urls")),
    path("exchange/", include("exchange.urls")),
    path("notifications/", include("notifications.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("audit/", include("audit.urls")),
    path("rules/", include("rules.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/", api.urls),
]

handler403 = "core.views.permission_denied"
