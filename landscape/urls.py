from django.urls import path

from landscape import views

app_name = "landscape"

urlpatterns = [
    path("report/", views.not_built, name="report"),
    path("search/", views.not_built, name="search"),
]
