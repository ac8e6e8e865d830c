"""openvss settings. Everything comes from the environment, with safe defaults.

Defaults give a local, embedded set-up (SQLite under ``var/``, local-memory cache) so that
``make demo`` needs nothing but Python. Production sets ``OPENVSS_ENV=production`` with
``DATABASE_URL`` (PostgreSQL), ``REDIS_URL``, ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env("OPENVSS_HOME", str(Path.cwd()))).resolve()
VAR_DIR = Path(env("OPENVSS_VAR_DIR", str(BASE_DIR / "var"))).resolve()

# ------------------------------------------------------------------------------------------
# Environment
# ------------------------------------------------------------------------------------------
OPENVSS_ENV = env("OPENVSS_ENV", "development")  # development | production | test
PRODUCTION = OPENVSS_ENV == "production"
DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    if key := env("SECRET_KEY"):
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    # Local runs keep a random key on disk so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# ------------------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Django's admin on the site that asks officers for a TOTP code (accounts/admin_site.py).
    "openvss.accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "openvss.core.tasks_app.TasksDatabaseConfig",  # django_tasks_db, named in Vietnamese
    "simple_history",
    "openvss.core",
    "openvss.places",
    "openvss.legal",
    "openvss.people",
    "openvss.accounts",
    "openvss.messaging",
    "openvss.dossiers",
    "openvss.audit",
    "openvss.clinics",
    "openvss.lookups",
    "openvss.support",
    "openvss.web",
    "openvss.payments",
    "openvss.estimates",
    "openvss.demo",  # no models: its commands (demo, screenshots)
    "openvss.organisations",
    "captcha",  # django-simple-captcha: the portal's "mã kiểm tra"
    "django_otp",  # second factor for officers and administrators
    "django_otp.plugins.otp_totp",
    "axes",  # back-office login throttle and lock-out
    # Prometheus metrics: request rate and latency per route, database queries (its
    # middleware and database wrappers below); ours in core/metrics.py, at /metrics.
    "django_prometheus",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "openvss.core.observability.RequestIdMiddleware",  # X-Request-ID on logs and tasks
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openvss.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified() for the back office
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which officer changed a person's records (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "openvss.accounts.middleware.DeviceSessionMiddleware",
    "openvss.accounts.middleware.ForcePasswordChangeMiddleware",
    # Read-only pages read from a replica when there is one (core/db_router.py).
    "openvss.core.db_router.ReplicaReadsMiddleware",
    # Typed errors raised by pages become a 4xx page with their message (core/middleware.py).
    "openvss.core.middleware.PageErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out back-office login
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Benchmarks mount extra views beside the site (bench/urls.py); production never sets this.
ROOT_URLCONF = env("OPENVSS_ROOT_URLCONF", "openvss.urls")
WSGI_APPLICATION = "openvss.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# django-axes checks the back office's sign-in before the password (AXES_* below); citizens'
# sign-in has its own throttles (accounts/signin.py) and does not go through it.
AUTHENTICATION_BACKENDS = [
    "openvss.accounts.backends.StaffAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:citizen"
LOGOUT_REDIRECT_URL = "home"
CSRF_FAILURE_VIEW = "openvss.web.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openvss.web.context_processors.shell",
            ],
        },
    }
]

# ------------------------------------------------------------------------------------------
# Database: SQLite under var/ by default, PostgreSQL in production (DATABASE_URL)
# ------------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openvss.sqlite3'}"),
        # A new PostgreSQL connection per request costs ~6 ms: keep them (DESIGN.md).
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside one writer; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, for the test database: the browser tests' live server then gives
    # each request thread its own connection instead of sharing one across threads.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Streaming replicas (DATABASE_REPLICA_URLS, comma-separated): the read-only pages and API
# below read from one of them, everything else from the primary (core/db_router.py).
for _n, _url in enumerate(filter(None, env("DATABASE_REPLICA_URLS", "").split(",")), start=1):
    DATABASES[f"replica_{_n}"] = dj_database_url.parse(
        _url.strip(), conn_max_age=int(env("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    # Tests make no database of their own on a replica: it shows the primary's test database
    # (tests/core/test_replica.py points it at the real replica's copy of it).
    DATABASES[f"replica_{_n}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["openvss.core.db_router.PrimaryReplicaRouter"]
# GET/HEAD under these paths may read from a replica: citizens' own records, look-ups, news.
REPLICA_READ_PATHS = [
    "/tai-khoan/",
    "/api/v1/me",
    "/tra-cuu/",
    "/api/v1/lookups/",
    "/api/v1/provinces",
    "/api/v1/agencies",
    "/api/v1/facilities",
    "/api/v1/employers",
    "/api/v1/collection-points",
    "/tin-tuc/",
    "/api/v1/support/news",
    "/api/v1/support/faq",
]
# After a request that wrote, its user reads from the primary for this long.
READ_YOUR_WRITES_SECONDS = int(env("READ_YOUR_WRITES_SECONDS", "10"))
# Behind PgBouncer in transaction mode (DATABASE_POOL=transaction) a server connection is
# ours for one transaction only, so nothing may outlive it: no server-side cursors (Django's
# .iterator()) and no prepared statements (Django binds parameters client-side already; the
# threshold guards against server_side_binding being switched on). openvss keeps no other
# session state (no SET, no session advisory locks, no LISTEN): tests/core/test_pgbouncer.py.
DATABASE_POOL = env("DATABASE_POOL", "")
if DATABASE_POOL == "transaction" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
# django-prometheus's wrappers of the same backends count queries and errors per database.
_ENGINE = DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
if _ENGINE in ("postgresql", "sqlite3"):
    DATABASES["default"]["ENGINE"] = f"django_prometheus.db.backends.{_ENGINE}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------------------
# Cache, sessions: Redis when REDIS_URL is set, else local memory and the database
# ------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "openvss"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# ------------------------------------------------------------------------------------------
# Background tasks (Django's tasks API through the django-tasks backport)
# ------------------------------------------------------------------------------------------
# With Redis (REDIS_URL) tasks go to RQ workers (django-tasks-rq: the maintained RQ backend of
# the same API; `openvss worker --workers N` runs N of them); without, to the database queue
# (django-tasks-db), so the demo needs nothing but SQLite. TASKS_BACKEND overrides either.
TASK_QUEUES = ["default", "messaging"]
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks_rq.RQBackend" if REDIS_URL else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": TASK_QUEUES,
    }
}
# RQ's queues on Redis (django-rq), one per task queue; a separate Redis database may be
# given (RQ_REDIS_URL) so the cache's evictions never touch queued jobs.
RQ_REDIS_URL = env("RQ_REDIS_URL", REDIS_URL or "redis://127.0.0.1:6379/0")
RQ_QUEUES = {name: {"URL": RQ_REDIS_URL, "DEFAULT_TIMEOUT": 300} for name in TASK_QUEUES}
INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# django-rq's English dashboard stays out of the back office (its own token-protected API
# beside it): queue depth and failures are on /metrics, `openvss rqstats` in a shell.
RQ_SHOW_ADMIN_LINK = False

# ------------------------------------------------------------------------------------------
# Passwords: Argon2id with parameters chosen by measurement (bench/README.md)
# ------------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "openvss.accounts.hashers.OpenvssArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ------------------------------------------------------------------------------------------
# Language and time: Vietnamese first, English second; stored in UTC, shown in Hà Nội time
# ------------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
# Each language is named in itself on the switch ("Tiếng Việt", "English"), never translated.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere, whatever the locale.
FORMAT_MODULE_PATH = ["openvss.formats"]

# ------------------------------------------------------------------------------------------
# Static and uploaded files
# ------------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploads (portraits, ID photos) are private: stored outside the web root, served by views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Local runs serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# ------------------------------------------------------------------------------------------
# Email (real SMTP in production) and SMS
# ------------------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    # Prints the text part and only names attachments (no base64 PDFs in the terminal).
    else "openvss.messaging.backends.email.ConsoleEmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Bảo hiểm xã hội Việt Nam <no-reply@openvss.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS: "console", "file", "memory" (tests) or "http" (a gateway; SMS_GATEWAY_URL and key).
SMS_BACKEND = env("SMS_BACKEND", "http" if PRODUCTION else "console")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL")
SMS_GATEWAY_KEY = env("SMS_GATEWAY_KEY")
SMS_SHORT_CODE = env("SMS_SHORT_CODE", "8079")
# A message still "sending" after this long belongs to a worker that died mid-send: the sweep
# marks it failed (delivery unknown) instead of sending it twice. Keep it above the
# providers' 10 s timeouts.
MESSAGE_SEND_LEASE_SECONDS = int(env("MESSAGE_SEND_LEASE_SECONDS", "120"))
# The gateway signs its webhook calls with this shared secret (messaging/inbound.py).
SMS_WEBHOOK_SECRET = env("SMS_WEBHOOK_SECRET")

# ------------------------------------------------------------------------------------------
# Security. Production serves HTTPS behind a proxy that sets X-Forwarded-Proto.
# ------------------------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [
    r"^healthz$",
    r"^readyz$",
    r"^metrics$",
]  # probes talk plain HTTP inside the cluster
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Django 5.2 has no CSP middleware; openvss.core sets the header (core/middleware.py).
MIDDLEWARE.insert(3, "openvss.core.middleware.ContentSecurityPolicyMiddleware")
# Cache-Control: no-store on every personal answer (pages of a signed-in user, /api/v1/me…).
MIDDLEWARE.insert(4, "openvss.core.middleware.PrivateResponseMiddleware")
# Map tiles of the agencies' map (lookups/): any XYZ tile server; empty turns tiles off (the
# markers and the list still work). Its host is added to the CSP's img-src below.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


def _tile_source(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"


CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; img-src 'self' data: blob:{_tile_source(MAP_TILE_URL)}; "
    "style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

# ------------------------------------------------------------------------------------------
# Logging: one line per record on stderr, for the process manager to collect
# ------------------------------------------------------------------------------------------
# JSON lines in production (LOG_FORMAT=json; python-json-logger), plain lines in the demo;
# every record carries the request id (core/observability.py), also inside tasks.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "line")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "openvss.core.observability.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,  # Vietnamese stays readable in the log
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# /metrics answers only with this bearer token; unset, it does not exist (core/metrics.py).
METRICS_TOKEN = env("METRICS_TOKEN", "")
# Several server processes: prometheus_client's multiprocess mode adds up their counters.
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", "")
# /readyz fails when a replica is further behind the primary than this (seconds).
READY_MAX_REPLICA_LAG = float(env("READY_MAX_REPLICA_LAG", "30"))
# /readyz fails when more tasks than this wait in one queue (the workers are not keeping up).
READY_MAX_QUEUE_DEPTH = int(env("READY_MAX_QUEUE_DEPTH", "10000"))

# ------------------------------------------------------------------------------------------
# openvss
# ------------------------------------------------------------------------------------------
# Name printed on cards, forms and messages.
OPENVSS_AGENCY_NAME = env("OPENVSS_AGENCY_NAME", "Bảo hiểm xã hội Việt Nam")
# The population register adapter (people/population.py).
POPULATION_REGISTER = env(
    "POPULATION_REGISTER", "openvss.people.population.LocalPopulationRegister"
)
# Registration dossiers not completed at the agency are deleted after this many days.
REGISTRATION_DOSSIER_DAYS = int(env("REGISTRATION_DOSSIER_DAYS", "10"))
# Photos of ID papers, birth certificates and portraits attached to dossiers are deleted this
# many days after the dossier is decided (0 keeps them). No legal period was found for them:
# an operating choice, long enough for complaints about a decision (dossiers/engine.py).
DOSSIER_PHOTOS_KEPT_DAYS = int(env("DOSSIER_PHOTOS_KEPT_DAYS", "365"))
# Months of the data-access log past their retention (legal parameter
# access_log_retention_months) are written here as .csv.gz with a manifest, then dropped
# from the database (openvss archive_access_log). Point it at storage that is backed up.
ARCHIVE_DIR = Path(env("ARCHIVE_DIR", str(VAR_DIR / "archive")))
# The signed card QR (clinics/signing.py): private keys as <key id>.pem in this folder,
# shared by every app server; each payload is valid this many seconds.
QR_SIGNING_KEY_DIR = Path(env("QR_SIGNING_KEY_DIR", str(VAR_DIR / "keys")))
SIGNED_QR_LIFETIME = int(env("SIGNED_QR_LIFETIME", "300"))
# The API docs page (/api/docs); off by default in production.
API_DOCS = env_bool("API_DOCS", default=not PRODUCTION)
# Requests per minute for one facility API key.
FACILITY_KEY_RATE_LIMIT = int(env("FACILITY_KEY_RATE_LIMIT", "1200"))
# Access-log rows written outside a transaction (the card check) share one INSERT and one
# synchronous commit per process with those of concurrent requests (audit/writer.py); each
# request still waits for its row's commit. Off: one insert and one commit per row.
ACCESS_LOG_GROUP_COMMIT = env_bool("ACCESS_LOG_GROUP_COMMIT", default=True)
# Shown in the footer and on the support pages (tappable mailto:).
SUPPORT_EMAIL = env("SUPPORT_EMAIL", "hotro@openvss.local")
# Demo tools (the simulated phone showing sent SMS and email): never in production.
DEMO_TOOLS = env_bool("DEMO_TOOLS", default=not PRODUCTION)
# Where the demo keeps a copy of each delivered SMS and email, OTPs included, for the
# simulated phone (messaging/demo_mailbox.py). Empty, so nothing is kept, without demo tools.
DEMO_MAILBOX = env("DEMO_MAILBOX", str(VAR_DIR / "demo-mailbox.jsonl")) if DEMO_TOOLS else ""

# ------------------------------------------------------------------------------------------
# Online payments (payments/): household BHYT and voluntary BHXH through VNPAY
# ------------------------------------------------------------------------------------------
# The sandbox gateway (payments/sandbox.py) speaks VNPAY's protocol at /sandbox-vnpay/ on this
# site; on by default outside production so that `openvss demo` and the tests pay without
# any network. Production sets VNPAY_* to the merchant's real terminal and leaves it off.
PAYMENTS_SANDBOX = env_bool("PAYMENTS_SANDBOX", default=not PRODUCTION)
VNPAY_TMN_CODE = env("VNPAY_TMN_CODE", "OPENVSS1")
VNPAY_HASH_SECRET = env(
    "VNPAY_HASH_SECRET", "" if PRODUCTION else "sandbox-hash-secret-not-for-production"
)
# Empty: the sandbox on this site (paths relative to the request's host).
VNPAY_PAY_URL = env("VNPAY_PAY_URL", "/sandbox-vnpay/paymentv2/vpcpay.html")
VNPAY_API_URL = env("VNPAY_API_URL", "")
# Where the sandbox sends its IPN; empty: this site's own IPN URL.
VNPAY_SANDBOX_IPN_URL = env("VNPAY_SANDBOX_IPN_URL", "")
# Minutes the buyer has at the gateway (vnp_ExpireDate).
PAYMENT_EXPIRY_MINUTES = int(env("PAYMENT_EXPIRY_MINUTES", "15"))

# ------------------------------------------------------------------------------------------
# Back-office sign-in: django-axes (throttle) and django-otp (TOTP). accounts/admin_site.py
# ------------------------------------------------------------------------------------------
AXES_ONLY_ADMIN_SITE = True
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
# Lock the username *and* IP pair, for a fixed time that further failures do not extend:
# an outsider cannot lock an officer out from elsewhere, nor for long.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the login history already
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "openvss.core.ratelimit.client_ip"
AXES_VERBOSE = False
# Officers without a TOTP device enrol one at their first sign-in; set 0 to have
# administrators enrol devices (django-otp's admin) instead.
STAFF_TOTP_SELF_ENROL = env_bool("STAFF_TOTP_SELF_ENROL", default=True)
OTP_TOTP_ISSUER = "BHXH số"
