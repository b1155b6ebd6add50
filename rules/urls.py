from django.urls import path

from rules import views

app_name = "rules"

urlpatterns = [
    path("", views.rule_list, name="list"),
    path("<str:key>/new/", views.add_version, name="add_version"),
]
