"""Model pieces shared by the apps."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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
        return f"{self.from_status} → {self.to_status}"  # type: ignore[attr-defined]  # the concrete status-change models define from_status and to_status


class JobRun(models.Model):
    """One run of a background job (an import, an annual report, a landscape sync, a nightly
    reminder round…): what the office sees on the background-jobs page, and what makes every
    job safe to run twice. A run is claimed by one worker at a time; a worker that died with
    it (``kill -9``, a power cut) is noticed and the run retried or marked failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("job"), max_length=64, db_index=True)
    # The same key is the same piece of work (the import of file 42, the reminders of 5 May):
    # asked for twice, it runs once.
    key = models.CharField(_("key"), max_length=128, unique=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("allowed attempts"), default=1)
    worker_id = models.CharField(_("worker"), max_length=100, blank=True)
    message = models.TextField(_("outcome"), blank=True)
    enqueued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-enqueued_at", "-pk"]
        verbose_name = _("background job run")
        verbose_name_plural = _("background job runs")
        indexes = [models.Index(fields=["status", "enqueued_at"], name="core_jobrun_status_idx")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class WorkerHeartbeat(models.Model):
    """A process that runs background jobs, and when it last said it was alive: tells a run
    whose worker died from one that is still busy, and lets a health check see the worker."""

    worker_id = models.CharField(_("worker"), max_length=100, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    beat_at = models.DateTimeField(_("last heartbeat"), default=timezone.now)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id
