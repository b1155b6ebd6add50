import os

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# browser tests' fixtures are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    import tempfile
    from pathlib import Path

    from django.conf import settings

    # Hashing demo passwords properly costs seconds per test class; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files and the similarity index of a test run stay out of the working tree.
    scratch = Path(tempfile.mkdtemp(prefix="ipcounty-test-"))
    settings.MEDIA_ROOT = scratch / "media"
    settings.SIMILARITY_INDEX_DIR = scratch / "index"
    settings.AUDIT_CHECKPOINT_DIR = scratch / "audit-checkpoints"
    # Tests of the work itself run background jobs in line (django-tasks' immediate backend);
    # the queue's own tests (core/tests/test_jobs*.py) switch to the database queue or Redis.
    from django.test.signals import setting_changed

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data (IPC, Nice, similar-goods groups, WIPO fields) into the test
    database once; every TestCase runs inside a transaction on top of it."""
    with django_db_blocker.unblock():
        from refdata.loading import ensure_loaded

        ensure_loaded()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate-limit counts and cached figures of one test
    never reach the next) and ends with no language left active: a request made with
    `Accept-Language: en` leaves English on the thread, and the next test that builds a message
    outside a request would speak it."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _rules_survive_flushes(request, django_db_blocker):
    """A transactional test flushes the database at its end, taking the rules the data
    migration shipped with it; a transactional test puts them back the same way first."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(request, "cls", None)
    pytest_style = bool({"transactional_db", "live_server"} & set(request.fixturenames))
    unittest_style = cls is not None and issubclass(cls, TransactionTestCase) and not issubclass(cls, TestCase)
    if pytest_style or unittest_style:
        from importlib import import_module

        from django.apps import apps as django_apps

        if pytest_style:
            request.getfixturevalue("transactional_db")
        with django_db_blocker.unblock():
            import_module("rules.migrations.0002_rules_in_use").load(django_apps, None)
    yield
