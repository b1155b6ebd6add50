from django.urls import path

from protection import views

app_name = "protection"

urlpatterns = [
    path("case-list/", views.not_built, name="case_list"),
    path("transfer-list/", views.not_built, name="transfer_list"),
    path("mediation-list/", views.not_built, name="mediation_list"),
    path("overdue/", views.not_built, name="overdue"),
]
