import os

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# browser tests' fixtures are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # Hashing demo passwords properly costs seconds per test class; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
