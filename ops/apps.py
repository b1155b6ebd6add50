from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the installation: backup and restore (no models, no pages)."""

    name = "ops"
