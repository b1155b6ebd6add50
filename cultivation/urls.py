from django.urls import path

from cultivation import views

app_name = "cultivation"

urlpatterns = [
    path("training-list/", views.not_built, name="training_list"),
    path("brand-list/", views.not_built, name="brand_list"),
]
