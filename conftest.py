import os

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# browser tests' fixtures are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The test modules that take longest, longest first (measured with `--durations`, docs/performance.md).
# Under `--dist loadfile` they are handed out first, so that the two processes finish together
# instead of one of them running a single four-minute sweep at the end while the other waits.
SLOWEST_MODULES = [
    "core/tests/test_attack_cross_organisation.py",
    "core/tests/test_attack_cross_organisation_2.py",
    "core/tests/test_attack_cross_organisation_3.py",
    "core/tests/test_attack_cross_district.py",
    "core/tests/test_production.py",
    "core/tests/test_production_crawl_2.py",
    "core/tests/test_production_crawl_3.py",
    "core/tests/test_attack_api_fuzz.py",
    "core/tests/test_attack_api_fuzz_manager.py",
    "e2e/test_accessibility_browser.py",
    "funds/tests/test_ledger_stateful.py",
    "ops/tests/test_drill_sqlite.py",
    "ops/tests/test_drill_postgres.py",
    "core/tests/test_attack_injection.py",
    "core/tests/test_attack_stored_xss.py",
    "core/tests/test_words_on_pages.py",
]


def pytest_collection_modifyitems(config, items):
    """Modules in SLOWEST_MODULES first, then the other modules holding slow or browser tests, then
    the rest; each module's tests keep their order (they are handed out by module)."""
    if getattr(config.option, "dist", "no") == "no":
        return
    rank = {path: position for position, path in enumerate(SLOWEST_MODULES)}
    heavy = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("slow") or "e2e/" in item.nodeid}

    def key(indexed):
        position, item = indexed
        module = item.nodeid.split("::")[0]
        if module in rank:
            return (0, rank[module], position)
        return (1 if module in heavy else 2, 0, position)

    items[:] = [item for _position, item in sorted(enumerate(items), key=key)]


def pytest_configure(config):
    import tempfile

    # xdist hands out the modules with the most tests first unless told otherwise: a module
    # holding one long sweep then came last. The order of pytest_collection_modifyitems is kept.
    if getattr(config.option, "dist", "no") == "loadfile":
        config.option.loadscopereorder = False
    from pathlib import Path

    from django.conf import settings

    # Hashing demo passwords properly costs seconds per test class; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files and the similarity index of a test run stay out of the working tree.
    scratch = Path(tempfile.mkdtemp(prefix="ipcounty-test-"))
    settings.MEDIA_ROOT = scratch / "media"
    settings.SIMILARITY_INDEX_DIR = scratch / "index"
    settings.EXCHANGE_INDEX_DIR = scratch / "exchange-index"
    settings.AUDIT_CHECKPOINT_DIR = scratch / "audit-checkpoints"
    # A "replica" alias that is the test database itself (Django's test mirror), so that the
    # tests of core/routers.py can send the reports' reads through it; the reports read it only
    # where a test sets REPORTS_DATABASE="replica" (without DATABASE_REPLICA_URL: "default").
    _test_database_skips_commit_flushes(settings.DATABASES["default"])
    settings.DATABASES.setdefault("replica", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}})
    # Tests of the work itself run background jobs in line (django-tasks' immediate backend);
    # the queue's own tests (core/tests/test_jobs*.py) switch to the database queue or Redis.
    from django.test.signals import setting_changed

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    _flush_keeps_reference_data()


def _test_database_skips_commit_flushes(database: dict) -> None:
    """PostgreSQL: the test connections commit without waiting for the write-ahead log to reach
    the disk (`synchronous_commit=off`, for these sessions only). A test database is thrown away
    after the run, so a crash could lose nothing worth keeping; what waited on the disk was every
    migration, the reference data, each transactional test's flush and each commit of the live
    server's requests. The production settings are untouched."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    options = database.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


def _postgresql_delete_rows(connection, tables: list[str]) -> list[str] | None:
    """The flush on PostgreSQL as `DELETE FROM` the tables that hold rows, instead of one
    `TRUNCATE` of all of them: TRUNCATE gives each of the 108 tables and their indexes new
    files, 3.0–3.5 s per transactional test on this machine (load 5), where a test leaves rows in
    a few dozen of them (DELETE: 0.02 s). Deleting every row of every table that has any leaves the same empty tables
    (the sequences run on, as TRUNCATE without RESTART IDENTITY leaves them). The flush runs in
    one transaction; `session_replication_role = replica` for that transaction only lets the
    DELETE pass the audit table's append-only trigger and the foreign keys between the tables
    emptied (TRUNCATE passes both too). It needs a superuser (CI's `postgres`): for another role
    None, and Django's TRUNCATE is used."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] != "on":
            return None
        if not tables:
            return []
        quote = connection.ops.quote_name
        cursor.execute(
            # The tables' names come from Django's introspection, quoted.
            " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables),  # noqa: S608
            tables,
        )
        holding = [row[0] for row in cursor.fetchall()]
    if not holding:
        return []
    deletes = [f"DELETE FROM {quote(table)}" for table in holding]  # noqa: S608
    return ["SET LOCAL session_replication_role = replica", *deletes]


def _flush_keeps_reference_data():
    """A transactional test (a browser test, a concurrency test) ends with Django's `flush`,
    which empties every table, and the next one reloaded 80,000 IPC entries and the goods table
    before it could start: seconds per test. The reference tables are loaded once per test
    database and no test writes to them outside a rolled-back transaction, so the flush leaves
    them alone."""
    from django.apps import apps
    from django.core.management.commands import flush

    kept = {model._meta.db_table for model in apps.get_app_config("refdata").get_models()}

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        tables = [table for table in tables if table not in kept]
        if connection.vendor == "postgresql" and not reset_sequences:
            emptied = _postgresql_delete_rows(connection, tables)
            if emptied is not None:
                return emptied
        return connection.ops.sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)

    flush.sql_flush = sql_flush

    # The rules and the criminal thresholds are data the migrations shipped, and tests may add
    # dated versions to them, so they are flushed with the rest; the flush ends with
    # `post_migrate`, and this puts the shipped rows back whatever kind of test runs next in this
    # process (each data migration's `load` is idempotent).
    from importlib import import_module

    from django.db.models.signals import post_migrate

    shipped = {
        "rules": [
            "rules.migrations.0002_rules_in_use",
            "rules.migrations.0004_police_longer_limits",
            "rules.migrations.0005_police_answer_latest",
            "rules.migrations.0006_trademark_opposition",
            "rules.migrations.0007_reminder_rules",
            "rules.migrations.0008_patent_fees",
        ],
        "protection": [
            "protection.migrations.0002_criminal_thresholds",
            "protection.migrations.0008_criminal_thresholds_2025",
        ],
    }

    def reload_shipped_data(sender, using="default", **kwargs):
        for module in shipped.get(sender.label, []):
            import_module(module).load(apps, None)

    post_migrate.connect(reload_shipped_data, weak=False, dispatch_uid="tests-reload-shipped-data")


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
    outside a request would speak it. It also ends with no audit checkpoint left on disk."""
    from django.core.cache import cache
    from django.utils import translation

    from rules import store

    cache.clear()
    store.forget(shared=False)
    yield
    translation.deactivate()
    # A test that ran the nightly schedule signed a checkpoint of its own (rolled-back) chain;
    # the next test's chain would not match it, whatever order the tests run in.
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.AUDIT_CHECKPOINT_DIR, ignore_errors=True)
