"""Settings shared by every environment; each value comes from the environment, with a safe default."""

from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A `.env` file beside manage.py is read when present; the process environment wins over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = "Civic Portal Nottingham"
# The portal's public address: every link in an e-mail starts with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    # Widgets render through TEMPLATES (FORM_RENDERER below), so templates/django/forms/ may replace theirs.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "civicportal.core",
    "campaigns",
    "neighbourhoods",
    "initiatives",
    "civicportal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session and the user, which the database holds: a lost database answers 503, not 500.
    "civicportal.core.database_unavailable.DatabaseUnavailableMiddleware",
    # Above the session, the CSRF check and the user: a cached page is served without any of them, and the
    # headers of the middleware below (CSP, frame, permissions) are kept with it.
    "civicportal.core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known: tells whether this session has passed its second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "civicportal.core.permissions_policy.PermissionsPolicyMiddleware",
    # Below the security headers, so that its redirects carry them; a session still owing its second
    # factor reaches only the second-factor pages and sign-out.
    "civicportal.core.second_factor.middleware.SecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees every failed sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "civicportal.urls"
WSGI_APPLICATION = "civicportal.wsgi.application"

# A select's options are written in Python rather than one template each (templates/django/forms/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "civicportal.core.context_processors.site",
            ],
        },
    },
]

# The embedded SQLite file is the demo default; PostgreSQL is named by DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def caches_from_env(default_url: str) -> dict:
    """Return a CACHES setting from CACHE_URL; a Redis cache gets socket timeouts unless the URL sets its own.

    A Redis that accepts the connection and never answers (overloaded, or half gone behind a load balancer)
    holds every request that touches the cache for as long as redis-py waits: 5 seconds a call in redis-py 8,
    for ever in earlier versions. With these timeouts the call fails soon, and the rate limits and the follow
    e-mail throttle let the request through.
    """
    cache = env.cache("CACHE_URL", default=default_url)
    if cache.get("BACKEND") == "django.core.cache.backends.redis.RedisCache":
        seconds = env.float("CACHE_SOCKET_TIMEOUT", default=0.5)
        options = cache.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", seconds)
        options.setdefault("socket_timeout", seconds)
    return {"default": cache}


# Redis in production (redis://...); a per-process memory cache is enough for one demo process.
CACHES = caches_from_env("locmemcache://civicportal")
# How long an anonymous visitor's page may be kept at most (0: the page cache is off); a change to what it
# shows clears it before then (civicportal/core/page_cache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long a shared cache in front (nginx) may keep such a page without asking: it cannot hear of changes.
PAGE_CACHE_PROXY_SECONDS = env.int("PAGE_CACHE_PROXY_SECONDS", default=1)
# Sessions live in the database alone. With cached_db, an unreachable cache broke signing in (its
# exists() and delete() do not tolerate cache errors), and a session deleted while the cache was away
# would come back from the cache when it returned, signing a signed-out browser in again. What the cache
# saved was one primary-key read per request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Django 6.1's MAILERS, filled from one EMAIL_URL (smtp+tls://user:password@host:587, consolemail://, ...).
_MAILER_OPTIONS = {
    "django.core.mail.backends.smtp.EmailBackend": {
        "EMAIL_HOST": "host",
        "EMAIL_PORT": "port",
        "EMAIL_HOST_USER": "username",
        "EMAIL_HOST_PASSWORD": "password",
        "EMAIL_USE_TLS": "use_tls",
        "EMAIL_USE_SSL": "use_ssl",
        "EMAIL_TIMEOUT": "timeout",
    },
    "django.core.mail.backends.filebased.EmailBackend": {"EMAIL_FILE_PATH": "file_path"},
}


def mailers_from_env(default_url: str) -> dict:
    """Return a MAILERS setting whose default mailer is described by EMAIL_URL."""
    email = env.email("EMAIL_URL", default=default_url)
    backend = email["EMAIL_BACKEND"]
    options = {
        option: email[key]
        for key, option in _MAILER_OPTIONS.get(backend, {}).items()
        if email.get(key) not in (None, "")
    }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


# Outside production, e-mail is printed on the console unless EMAIL_URL says otherwise.
MAILERS = mailers_from_env("consolemail://")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Civic Portal <no-reply@civicportal.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The editors' role mailbox: told when work is submitted for review.
EDITORS_MAILBOX = env.str("EDITORS_MAILBOX", default="editors@civicportal.example")
# Where "Is something wrong with this page?" links write to: the editors' role mailbox unless said otherwise.
CORRECTIONS_MAILBOX = env.str("CORRECTIONS_MAILBOX", default=EDITORS_MAILBOX)
# A change to content has the worker rebuild the open-data export a minute later (civicportal.opendata).
OPEN_DATA_EXPORT_ON_CHANGE = env.bool("OPEN_DATA_EXPORT_ON_CHANGE", default=True)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling, for fifteen minutes: five failures for one username from one address lock that
# pair, and twenty from one address across usernames lock the address (password spraying).
SIGNIN_FAILURES_PER_USERNAME = 5
SIGNIN_FAILURES_PER_ADDRESS = 20
AXES_FAILURE_LIMIT = "civicportal.core.signin_limits.signin_failure_limit"
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Off: a success would wipe its address's failures too, so one working account would reset the spraying count.
AXES_RESET_ON_SUCCESS = False
# How many proxies (load balancer, CDN) stand in front of the app; X-Forwarded-For is read only that deep.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "civicportal.core.client_address.client_address"
AXES_VERBOSE = False

# The second factor (django-otp): time-based codes from an authenticator app, and recovery codes. After
# each wrong code the next try waits 1, 2, 4, 8... seconds (the factor times 2 to the power of the
# failures), per device, so six digits cannot be guessed.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = SITE_NAME
# The admin never shows a device's secret key or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the npm registry and is served from here, never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded media stay on the local disk unless an S3-compatible bucket is named.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }

# Uploads: anything over this goes to a temporary file and is refused by the image validators.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail and other slow work run in a worker process (`manage.py db_worker`), never in a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Scripts and styles come only from this site; no inline script or style is needed anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# A load balancer asks /healthz over plain HTTP on the inside; a redirect to HTTPS would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

SIMPLE_HISTORY_REVERT_DISABLED = False
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own default gives "django" a console handler of its own when DEBUG is on, so every line of
    # django.request or django.tasks was printed twice; it now goes through the root's handler alone.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
