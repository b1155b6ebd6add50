from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rollup/", views.rollup, name="rollup"),
    path("rollup/<str:code>/", views.rollup_district, name="rollup_district"),
    path("targets/", views.targets, name="targets"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/year/<int:year>/", views.report_for_year, name="report_for_year"),
    path("reports/year/<int:year>/regenerate/", views.report_regenerate, name="report_regenerate"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
