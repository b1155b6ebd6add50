from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/suggest/", views.enterprise_suggest, name="enterprise_suggest"),
    path("talent/suggest/", views.talent_suggest, name="talent_suggest"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("parks/", views.park_list, name="park_list"),
    path("parks/new/", views.park_create, name="park_create"),
    path("parks/<int:pk>/", views.park_detail, name="park_detail"),
    path("parks/<int:pk>/edit/", views.park_edit, name="park_edit"),
    path("talent/", views.talent_list, name="talent_list"),
    path("talent/new/", views.talent_create, name="talent_create"),
    path("talent/<int:pk>/", views.talent_detail, name="talent_detail"),
    path("talent/<int:pk>/edit/", views.talent_edit, name="talent_edit"),
]
