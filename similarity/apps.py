from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimilarityConfig(AppConfig):
    name = "similarity"
    verbose_name = _("Trademark similarity and watch")

    def ready(self) -> None:
        from portfolio.signals import trademarks_changed, trademarks_written
        from similarity.receivers import on_trademarks_changed, on_trademarks_written

        trademarks_written.connect(on_trademarks_written, dispatch_uid="similarity.on_trademarks_written")
        trademarks_changed.connect(on_trademarks_changed, dispatch_uid="similarity.on_trademarks_changed")

        from core.health import register_check
        from similarity import index

        register_check("mark_index", index.health)
