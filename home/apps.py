from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: the home page (each person's worklist), the menu and the search box,
    gathered from every app's ``worklist`` module. No app imports ``home``."""

    name = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        # Each app registers its worklists and search providers in its own ``worklist`` module.
        autodiscover_modules("worklist")
        # Every audited change may change what waits for someone: the menu's counts start over.
        from django.db.models.signals import post_save

        from audit.models import AuditEvent
        from home.waiting import counts_are_stale

        post_save.connect(counts_are_stale, sender=AuditEvent, dispatch_uid="home.waiting")
