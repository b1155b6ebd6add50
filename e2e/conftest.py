"""Browser tests: Playwright drives Debian's Chromium against the live test server."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, expect, sync_playwright

from accounts.choices import Role
from core.tests.people import PASSWORD, PeopleMixin
from financing.tests.base import FinancingMixin
from home.tests.world import HomeWorld
from incentives.tests.base import FundsMixin
from protection.tests.base import ProtectionMixin
from refdata.loading import ensure_loaded

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


class Financing(FinancingMixin):
    pass


@pytest.fixture
def financing(transactional_db):
    """Two banks with a product each, valuers, Bob's inventions and mark, the risk pool."""
    ensure_loaded()
    Financing.make_financing()
    return Financing


class Funds(FundsMixin):
    pass


@pytest.fixture
def funds(transactional_db):
    """Two fund sources with budgets, a programme with an award item and Bob's two inventions."""
    ensure_loaded()
    Funds.make_funds()
    return Funds


class Protection(ProtectionMixin):
    pass


@pytest.fixture
def protection(transactional_db):
    """The people of the protection workflows, with a second enforcement officer (a case is
    filed by two) and the criminal thresholds."""
    ensure_loaded()
    # Transactional tests before this one flush the database, taking the thresholds the data
    # migration loaded with it; load them again the same way.
    import_module("protection.migrations.0002_criminal_thresholds").load(django_apps, None)
    import_module("protection.migrations.0008_criminal_thresholds_2025").load(django_apps, None)
    Protection.make_people()
    Protection.enforcer2 = Protection.person(Protection.office, "ed", Role.ENFORCEMENT)
    return Protection()  # an instance: the mixin's helpers (lead, file, transfer_until_sent…) are methods


class BrowserWorld(HomeWorld):
    pass


@pytest.fixture
def world(transactional_db) -> type[BrowserWorld]:
    """The home page's test world (something waiting for every role), built around now."""
    BrowserWorld.make_world(base=timezone.localtime().replace(minute=0, second=0, microsecond=0))
    return BrowserWorld


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # Home, or where home sends this person (the leadership's dashboard, a bureau's roll-up).
    page.wait_for_url(lambda url: url.startswith(base_url) and "/accounts/login/" not in url)


def as_user(page: Page, base_url: str, username: str) -> None:
    """Log out whoever is on the page and log in as `username` (one browser page, several roles)."""
    page.context.clear_cookies()
    log_in(page, base_url, username)


def zh(text: object) -> str:
    """What the page shows for a message id or a (lazy) label: its Simplified Chinese."""
    with translation.override("zh-hans"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def submit(page: Page, form_selector: str) -> None:
    """Press the form's button and wait for the page to say it worked."""
    page.locator(form_selector).locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_have_count(1)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# A desk's screen and a phone's.
WIDTHS = (1366, 390)


def screenshots(page: Page, name: str) -> list[Path]:
    """The page as it is now, at a desk's width and at a phone's (`<name>-1366.png`,
    `<name>-390.png`); the page goes back to its own size afterwards."""
    size = page.viewport_size
    paths = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        paths.append(screenshot(page, f"{name}-{width}"))
    if size:
        page.set_viewport_size(size)
    return paths


def menu(page: Page, group: str, entry: str) -> None:
    """Open a menu group (a drop-down) and follow one of its entries."""
    nav = page.locator("header nav")
    nav.locator("summary", has_text=group).click()
    nav.get_by_role("link", name=entry, exact=True).click()


def import_export(page: Page, base_url: str, path: Path, source: str) -> None:
    """As the clerk on the page: upload a patent database's export and wait until it is imported."""
    page.goto(f"{base_url}/portfolio/imports/")
    page.get_by_role("link", name=zh("Import a patent database export")).click()
    page.set_input_files("input[type=file]", str(path))
    page.fill("#id_source", source)
    page.get_by_role("button", name=zh("Upload and import")).click()
    expect(page.locator("#import-result")).to_be_visible(timeout=60_000)


def run_job(name: str, key: str, payload: dict) -> None:
    """Submit a job as the scheduler does and wait for it: on PostgreSQL the worker thread of
    `job_worker` runs it, on SQLite it ran in line."""
    from core import jobs
    from core.models import JobRun

    run = jobs.submit(name, key, payload)
    for _attempt in range(150):
        run.refresh_from_db()
        if run.status in (JobRun.Status.DONE, JobRun.Status.FAILED):
            break
        time.sleep(0.2)
    assert run.status == JobRun.Status.DONE, run.message
