from django.urls import path
from django.views.decorators.http import require_POST

from incentives.views import applications, funds, programmes

app_name = "incentives"

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/apply/", programmes.apply, name="apply"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/steps/<str:target>/", applications.take_step, name="take_step"),
    path("applications/<int:pk>/objections/", applications.object_to, name="object"),
    path("applications/<int:pk>/objections/<int:objection_pk>/resolve/", applications.resolve, name="resolve"),
    path("applications/<int:pk>/payments/", applications.pay, name="pay"),
    path("applications/<int:pk>/payments/<int:payment_pk>/reverse/", applications.reverse, name="reverse"),
    path("notice/", applications.public_notice, name="public_notice"),
    path("funds/", funds.fund_report, name="fund_report"),
    path("funds/by-enterprise/", funds.enterprise_report, name="enterprise_report"),
    path("funds/sources/", require_POST(funds.add_source), name="add_source"),
    path("funds/budgets/", require_POST(funds.add_budget), name="add_budget"),
]
