from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("jobs/", views.background_jobs, name="background_jobs"),
    path("jobs/<str:name>/run/", views.run_scheduled_job_now, name="run_scheduled_job_now"),
]
