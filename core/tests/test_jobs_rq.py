"""The RQ backend on the real Redis (database 3, kept apart from other users of the server):
a run submitted on Redis is picked up by `run_worker` and run once."""

from __future__ import annotations

import time

import pytest
import redis
from django.core.management import call_command
from django.db import transaction
from django.test import SimpleTestCase, override_settings

from core import jobs
from core.management.commands.run_worker import rq_worker_class
from core.models import JobRun
from core.tasks import execute_job
from core.tests.people import PeopleTestCase

REDIS_URL = "redis://127.0.0.1:6379/3"
RQ_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379"),
]


@override_settings(TASKS=RQ_QUEUE, RQ_QUEUES={"default": {"URL": REDIS_URL}})
class RedisQueueTests(PeopleTestCase):
    def setUp(self) -> None:
        super().setUp()
        redis.Redis.from_url(REDIS_URL).flushdb()

    def test_a_run_goes_through_redis_after_the_commit_and_runs_once(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks, transaction.atomic():
            run = jobs.submit("core.ping", "ping:redis")
        # Not on Redis before the commit: a worker could look for a run not yet written.
        self.assertEqual(redis.Redis.from_url(REDIS_URL).llen("rq:queue:default"), 0)
        for callback in callbacks:
            callback()
        execute_job.enqueue(run.pk)  # delivered twice
        self.assertEqual(redis.Redis.from_url(REDIS_URL).llen("rq:queue:default"), 2)
        call_command("run_worker", "--burst", "--no-schedule")
        run.refresh_from_db()
        self.assertEqual((run.status, run.attempts), (JobRun.Status.DONE, 1))
        self.assertEqual(run.message, jobs.worker_id())


class RqWorkerStopTests(SimpleTestCase):
    """The worker's command listener lets the worker stop at once (``run_worker.rq_worker_class``)."""

    def test_the_worker_stops_within_seconds_after_its_listener_read_the_unsubscribe(self):
        # the race that made a burst worker wait a minute more in CI; RQ's own SimpleWorker took
        # 60 s here (checked once, 2026-12-07, rq 3.0.0 and redis-py 8.2.0; not kept as a test:
        # it would cost each CI pass that minute)
        worker = rq_worker_class()([], connection=redis.Redis.from_url(REDIS_URL), name="stop-test")
        worker.subscribe()
        deadline = time.monotonic() + 5
        while not worker.pubsub.subscribed and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertTrue(worker.pubsub.subscribed)
        worker.pubsub.unsubscribe()
        while worker.pubsub.subscribed and time.monotonic() < deadline:
            time.sleep(0.01)  # the listener has read the reply: it now waits for a subscription
        self.assertFalse(worker.pubsub.subscribed)
        started = time.monotonic()
        worker.unsubscribe()
        self.assertLess(time.monotonic() - started, 5.0)
