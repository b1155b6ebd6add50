from django.urls import path

from landscape import views

app_name = "landscape"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("search/", views.search, name="search"),
    path("quality/", views.quality_data, name="quality"),
]
