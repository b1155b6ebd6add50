"""Model pieces shared by the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """One step of a workflow (healthchecks' Flip): from which status to which, who took it,
    when and why. Each workflow's subclass adds the object it belongs to and its status choices
    (``from_status`` and ``to_status``)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"  # type: ignore[attr-defined]
