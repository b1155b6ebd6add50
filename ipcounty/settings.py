"""Settings for ipcounty, driven by environment variables.

SQLite is the embedded default; set DATABASE_URL (postgres://...) for a real office.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


# Users never see a traceback: Django's debug pages only when a developer asks for them.
DEBUG = envbool("DJANGO_DEBUG", False)
# DEPLOY is set by `make serve` (gunicorn behind an office's HTTPS proxy): the secret key and the
# host names must then come from the environment, and cookies travel over HTTPS only.
DEPLOY = envbool("IPCOUNTY_DEPLOY", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; for the demo (`make run`) one made on first start and
    kept in var/secret_key, so that sessions survive a restart and no key is in the repository."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if DEPLOY:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (make serve) needs a secret of at least 50 random "
            "characters in the environment, e.g. SECRET_KEY=$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    import secrets

    path = BASE_DIR / "var" / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if DEPLOY else "127.0.0.1,localhost,testserver")
if DEPLOY and not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: name the host(s) the office reaches the platform by.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# HTTPS in production; each can be turned off from the environment for an office that must.
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", DEPLOY)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", DEPLOY)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", DEPLOY)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if DEPLOY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", DEPLOY)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", DEPLOY)
if envbool("SECURE_PROXY_SSL_HEADER", DEPLOY):
    # The office's reverse proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere (static/js holds it all); inline *styles* stay allowed because the
# server-drawn SVG charts (pygal) carry their own <style>. Nothing is loaded from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The cache: rate-limit counts and the dashboard's figures. One Redis shared by every web process
# when CACHE_URL names one (redis://127.0.0.1:6379/1), else each process's own memory.
if envstr("CACHE_URL", "").startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": envstr("CACHE_URL", "")}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-ratelimit warns about any cache but memcached and django-redis: Django's own Redis cache
# increments atomically too, and per-process memory is the documented single-machine fallback.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", True)
# How many of each per window (django-ratelimit's "count/period": s, m, h, d; "10/5m" is ten in
# five minutes). Lock-out after five wrong passwords for one user name stays django-axes' job.
RATE_LIMITS = {
    "login_address": envstr("RATE_LOGIN_ADDRESS", "30/10m"),
    "login_user": envstr("RATE_LOGIN_USER", "10/10m"),
    "api_token": envstr("RATE_API_TOKEN", "120/m"),
    "search": envstr("RATE_SEARCH", "60/m"),
    "export": envstr("RATE_EXPORT", "30/10m"),
    "upload": envstr("RATE_UPLOAD", "30/h"),
}
# Features no page of the platform uses, switched off for every page.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    # django-ninja as an app: the API docs page then serves Swagger UI from its installed static
    # files instead of a CDN (offices run on intranets).
    "ninja",
    "django_otp",
    "django_ratelimit",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "audit",
    "registry",
    "refdata",
    "rules",
    "portfolio",
    "similarity",
    "funds",
    "incentives",
    "financing",
    "protection",
    "landscape",
    "cultivation",
    "exchange",
    "notifications",
    "dashboard",
    "demo",
    "ops",
    # The top floor: the home page, menu and search gathered from every app above.
    "home",
]

MIDDLEWARE = [
    "core.jsonlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "core.ratelimits.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: the report pages' reads from the replica, once the person is known (core/routers.py).
    "core.routers.ReportReadsMiddleware",
]

ROOT_URLCONF = "ipcounty.urls"
WSGI_APPLICATION = "ipcounty.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "home.menu.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Plain BEGIN makes concurrent read-then-write requests fail with "database is locked";
    # IMMEDIATE takes the write lock up front (see ENGINES.md).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
# A streaming replica (PostgreSQL hot standby) for the heavy read-only reports: the pages named
# in REPLICA_READ_VIEWS read their figures there (core/routers.py, docs/deployment.md); unset,
# they read the primary. Writes never go to it. (The landscape reports are not among them: their
# heavy reads are DuckDB over the Parquet store, and the page may sync the store or queue a job.)
if envstr("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        envstr("DATABASE_REPLICA_URL", ""), conn_max_age=envint("DB_CONN_MAX_AGE", 0)
    )
REPORTS_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]
REPLICA_READ_VIEWS = [
    "dashboard:dashboard",
    "dashboard:rollup",
    "dashboard:rollup_district",
    "incentives:fund_report",
    "incentives:enterprise_report",
    "financing:figures",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's list of 20,000 passwords seen in breaches, shipped inside the package.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The second factor (accounts/secondfactor.py): required of the office, police and court in
# production; in the demo only when SECOND_FACTOR_REQUIRED=1. The issuer names the platform in
# the authenticator app.
SECOND_FACTOR_REQUIRED = envbool("SECOND_FACTOR_REQUIRED", DEPLOY)
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "ipcounty")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failures, lifted again after a cool-off (never permanent).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = envbool("AXES_ENABLED", True)

# Idle time-out: the session cookie expires this long after the last request.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Absolute time-out: a session ends this long after log-in, however busy.
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 10) * 3600
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database (the default: every web node sees them) or, with SESSION_STORE=cache,
# in the cache; "cache" is only safe for several machines when CACHE_URL names a shared Redis.
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}[envstr("SESSION_STORE", "db")]
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = True

# Where the reference data shipped with the product lives (see refdata/README.md). `load_refdata`
# reads refdata/data unless REFDATA_SOURCE names a folder with a newer edition in the same layout.
REFDATA_DIR = BASE_DIR / "refdata"
REFDATA_SOURCE = Path(os.environ["REFDATA_SOURCE"]) if os.environ.get("REFDATA_SOURCE") else None

# The audit chain's key and the signed checkpoints of its head, both outside the database
# (audit/keys.py, audit/checkpoints.py). AUDIT_KEY in the environment wins over the file.
AUDIT_KEY_FILE = Path(envstr("AUDIT_KEY_FILE", str(BASE_DIR / "var" / "audit_key")))
AUDIT_CHECKPOINT_DIR = Path(envstr("AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints")))

# Uploaded files (imports, trademark images): served only through views that check access.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Where uploaded and generated files live: MEDIA_ROOT on this machine (the default), or, with
# FILE_STORAGE=s3, a bucket of S3-compatible object storage that every node reads and writes
# (django-storages; MinIO, Ceph or a cloud's service). Files are only ever handed out through
# views that check access, so the bucket stays private and no URL of it is given to a browser.
FILE_STORAGE = envstr("FILE_STORAGE", "local")
if FILE_STORAGE not in {"local", "s3"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FILE_STORAGE is 'local' (the default) or 's3'.")
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("AWS_STORAGE_BUCKET_NAME", "ipcounty"),
            "endpoint_url": envstr("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": envstr("AWS_S3_REGION_NAME", "") or None,
            "access_key": envstr("AWS_S3_ACCESS_KEY_ID", ""),
            "secret_key": envstr("AWS_S3_SECRET_ACCESS_KEY", ""),
            # A stored name is never silently replaced (evidence keeps its hash).
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "location": envstr("AWS_LOCATION", ""),
        },
    }
# What an uploaded import file may hold, checked before it is read (a 2 MB CSV of a million
# columns, or a 3 MB XLSX that unpacks to 1 GB, took a worker to several GB). 100,000 patents
# are an 11.4 MB CSV; the defaults leave room for twice that.
IMPORT_MAX_CSV_MB = envint("IMPORT_MAX_CSV_MB", 32)
IMPORT_MAX_XLSX_MB = envint("IMPORT_MAX_XLSX_MB", 16)
IMPORT_MAX_XLSX_UNPACKED_MB = envint("IMPORT_MAX_XLSX_UNPACKED_MB", 200)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", 100)
# Background jobs (imports, annual reports, landscape syncs, index rebuilds, the nightly
# reminders and the daily watch) go through django-tasks, run by `manage.py run_worker`
# (`make run` starts one beside the web server). The database queue needs no other server;
# TASKS_BACKEND=rq puts the queue on Redis (REDIS_URL) for an office with several machines.
# See docs/tasks.md.
TASKS_BACKEND = envstr("TASKS_BACKEND", "database")
REDIS_URL = envstr("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": envint("RQ_JOB_TIMEOUT", 6 * 3600)}}
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
# Mail (the nightly reminders): printed by the worker unless an office configures SMTP.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "ipcounty@localhost")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envstr("EMAIL_USE_TLS", "") == "1"
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
# The SMS gateway of the nightly reminders: a class with send(phone, text) (docs/notifications.md).
SMS_BACKEND = envstr("SMS_BACKEND", "notifications.sms.LoggingSmsBackend")
# The trademark similarity index (memory-mapped .npy files shared by the web workers), and the
# score from which a new mark that looks like a protected mark is listed for review.
SIMILARITY_INDEX_DIR = Path(envstr("SIMILARITY_INDEX_DIR", str(BASE_DIR / "var" / "index" / "marks")))
SIMILARITY_WATCH_THRESHOLD = envint("SIMILARITY_WATCH_THRESHOLD", 75)
# Several machines: how often (seconds) a process looks whether the database's change log of
# marks went further than its machine's index (similarity/index.py `catch_up`); one indexed query.
SIMILARITY_INDEX_FOLLOW_SECONDS = float(envstr("SIMILARITY_INDEX_FOLLOW_SECONDS", "1"))
# The change log is pruned every night (similarity/changelog.py): a line goes once every node
# that reported within this many days has applied it, and at the latest after this many days (a
# node further behind rebuilds its index from the marks). A node is named by its host and index
# folder unless SIMILARITY_NODE_NAME says otherwise.
SIMILARITY_CHANGE_LOG_KEEP_DAYS = envint("SIMILARITY_CHANGE_LOG_KEEP_DAYS", 7)
SIMILARITY_NODE_NAME = envstr("SIMILARITY_NODE_NAME", "")
# The landscape corpus store (Parquet files and the full-text index, see docs/landscape.md).
LANDSCAPE_STORE_DIR = Path(envstr("LANDSCAPE_STORE_DIR", str(BASE_DIR / "var" / "landscape")))
# The exchange's index of listed offers (the landscape's full-text index format, memory-mapped
# by every worker; rebuilt when an offer changes, docs/exchange.md).
EXCHANGE_INDEX_DIR = Path(envstr("EXCHANGE_INDEX_DIR", str(BASE_DIR / "var" / "index" / "exchange")))
# With FILE_STORAGE=s3 the sync job publishes the store to the bucket and every machine takes
# the published copy into its own LANDSCAPE_STORE_DIR, looking at most this often (seconds).
LANDSCAPE_FOLLOW_SECONDS = float(envstr("LANDSCAPE_FOLLOW_SECONDS", "5"))
# Where `manage.py backup` writes its archives unless told otherwise; copy them off the machine
# (docs/backup.md).
BACKUP_DIR = Path(envstr("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The district this installation serves (GB/T 2260 code); the demo is Zhifu District, Yantai.
DISTRICT_CODE = envstr("DISTRICT_CODE", "370602")

# One JSON line per request and per job on standard error (core/jsonlog.py): user ids, never a
# password or a full ID or phone number. REQUEST_LOG=0 silences the per-request lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.jsonlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    "loggers": {
        "ipcounty.request": {"level": "INFO" if envbool("REQUEST_LOG", True) else "WARNING"},
        "ipcounty.jobs": {"level": "INFO"},
        # Django's own one-line-per-request log says the same as ours, less well.
        "django.server": {"level": "WARNING"},
    },
}
