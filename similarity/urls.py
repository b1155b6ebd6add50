from django.urls import path

app_name = "similarity"

urlpatterns: list = []  # type: ignore[type-arg]
