"""Browser tests: Playwright drives Debian's Chromium against the live test server."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from core.tests.people import PASSWORD, PeopleMixin

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class People(PeopleMixin):
    pass


@pytest.fixture
def people(transactional_db) -> type[People]:
    People.make_people()
    return People


@pytest.fixture
def job_worker(live_server, settings) -> Iterator[str]:
    """Background jobs for the live server. On PostgreSQL the real path: the database queue and
    a worker (the same loop `run_worker` runs) in a thread of the test process. On SQLite the
    test database is in-memory shared cache, where a second thread's writes hit table locks, so
    jobs run in line on the immediate backend (the queue itself is tested in core/tests)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield "immediate"
        return
    from django_tasks_db.management.commands.db_worker import Worker

    from core import jobs

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker = Worker(
        queue_names=["*"], interval=0.2, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=jobs.worker_id(), excluded_queue_names=[],
    )  # fmt: skip

    def run() -> None:
        from django.db import connection as thread_connection

        try:
            worker.run()
        finally:
            thread_connection.close()

    thread = threading.Thread(target=run, name="job-worker", daemon=True)
    thread.start()
    yield "database"
    worker.running = False
    thread.join(timeout=30)


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
