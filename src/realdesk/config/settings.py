"""RealDesk settings, all read from the environment (see docs/configuration.md).

The embedded default needs nothing: SQLite and a secret key under ./var/, the
background worker inside `realdesk serve`. REALDESK_PRODUCTION=1 switches to
secure defaults and refuses to start without the settings production needs.
"""

from email.utils import formataddr, parseaddr
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from realdesk.config.env import (
    env_bool,
    env_choice,
    env_choices,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_str,
    mail_domain,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REALDESK_VAR_DIR", "var")).resolve()

PRODUCTION = env_bool("REALDESK_PRODUCTION")
DEBUG = env_bool("REALDESK_DEBUG") and not PRODUCTION
SECRET_KEY = secret_key(production=PRODUCTION, var_dir=VAR_DIR)

BASE_URL = env_str("REALDESK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where "/" leads: the support center unless a desk keeps its own home page elsewhere.
HOME_URL = env_str("REALDESK_HOME_URL", "/support/")
_base = urlsplit(BASE_URL)
if _base.scheme not in {"http", "https"} or not _base.hostname:
    raise ImproperlyConfigured(
        f"REALDESK_BASE_URL must look like https://help.example.com; got {BASE_URL!r}"
    )
if PRODUCTION and _base.scheme != "https":
    raise ImproperlyConfigured("REALDESK_BASE_URL must use https when REALDESK_PRODUCTION=1")

_default_hosts = [_base.hostname] if PRODUCTION else [_base.hostname, "localhost", "127.0.0.1"]
ALLOWED_HOSTS = env_list("REALDESK_ALLOWED_HOSTS", _default_hosts)
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"]
CSRF_FAILURE_VIEW = "realdesk.config.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "template_partials",
    "realdesk.core",
    "realdesk.accounts",
    "realdesk.tickets",
    "realdesk.comms",
    "realdesk.sla",
    "realdesk.workspace",
    "realdesk.automation",
    "realdesk.api",
    "realdesk.knowledge",
    "realdesk.surveys",
    "realdesk.reports",
    "realdesk.portal_access",
    "realdesk.portal",
    "realdesk.webhooks",
    "realdesk.incidents",
    "realdesk.voice",
    "realdesk.chat",
    "realdesk.console",
    "realdesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "realdesk.console.language.AgentLanguageMiddleware",  # after the two above: reads both
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

# django-ninja's API docs page (templates, Swagger UI) is served from its package folder,
# found without importing it: as an installed app it was imported by every command's
# start (pydantic with it), 0.1 s of a one-email `realdesk ingest`.
NINJA_DIR = Path(find_spec("ninja").origin).parent

ROOT_URLCONF = "realdesk.config.urls"
ASGI_APPLICATION = "realdesk.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'realdesk.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE takes the write
    # lock at BEGIN, so concurrent writers wait (busy timeout) instead of failing mid-way.
    # The same backend, with the process's writers taking turns in the process rather
    # than polling for the lock in SQLite's busy handler (core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "realdesk.core.sqlite"
    # Kept for a minute by each thread (the request and socket threads are lent again,
    # core/threads.py): opening one per request (the WAL pragma, Django's functions) was
    # a tenth of a busy chat server's time (py-spy, bench/chat_load.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("REALDESK_SQLITE_TIMEOUT", 20),
    }
    if not DATABASE_URL.startswith("sqlite://:memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, with timestamps parsed by psycopg's compiled loader rather than
    # Django's pure-Python one (core/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "realdesk.core.postgresql"
    # Under ASGI every request runs in a thread of its own, so a persistent connection is
    # never reused and each request would pay for a new PostgreSQL session (~13 ms here).
    # A pool per process hands warm connections to whichever thread asks; 0 turns it off.
    DB_POOL_SIZE = env_int("REALDESK_DB_POOL_SIZE", 10)
    if DB_POOL_SIZE:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"] = {
            "pool": {"min_size": min(2, DB_POOL_SIZE), "max_size": DB_POOL_SIZE, "timeout": 10}
        }
# Requests one web process runs at once (config/asgi.py); more wait for a turn. With a pool,
# its size: a request thread past the pool's connections would wait 10 s for one and fail.
_POOL = DATABASES["default"].get("OPTIONS", {}).get("pool")
REALDESK_REQUEST_THREADS = env_int("REALDESK_REQUEST_THREADS", _POOL["max_size"] if _POOL else 0)
# Seconds `realdesk serve` waits for open requests and sockets after SIGTERM before it cancels
# them: a socket whose Redis read ignored its cancellation kept a web process alive for good.
REALDESK_SHUTDOWN_SECONDS = env_int("REALDESK_SHUTDOWN_SECONDS", 10)
# Seconds an idle keep-alive connection stays open. uvicorn's own 5 s is the ticket page's
# presence beat: a beat sent as the server closed the connection failed ("connection
# closed"). Longer than every beat of the console and than a proxy's usual idle timeout.
REALDESK_KEEP_ALIVE_SECONDS = env_int("REALDESK_KEEP_ALIVE_SECONDS", 75)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REALDESK_WORKER_HEARTBEAT_SECONDS = env_int("REALDESK_WORKER_HEARTBEAT_SECONDS", 10)
# /healthz answers 503 when a task has been due this long and no worker has polled as long.
REALDESK_WORKER_STALL_SECONDS = env_int("REALDESK_WORKER_STALL_SECONDS", 120)

# --- Cache (login throttling); shared Redis when several web processes run -------------------
REDIS_URL = env_str("REALDESK_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "console:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins (accounts/throttle.py): per address from one client, per client over all
# addresses, both per window; per address from every client, per its own longer window.
REALDESK_LOGIN_ATTEMPTS = env_int("REALDESK_LOGIN_ATTEMPTS", 10)
REALDESK_LOGIN_CLIENT_ATTEMPTS = env_int("REALDESK_LOGIN_CLIENT_ATTEMPTS", 30)
REALDESK_LOGIN_WINDOW_SECONDS = env_int("REALDESK_LOGIN_WINDOW_SECONDS", 900)
REALDESK_LOGIN_ACCOUNT_ATTEMPTS = env_int("REALDESK_LOGIN_ACCOUNT_ATTEMPTS", 50)
REALDESK_LOGIN_ACCOUNT_WINDOW_SECONDS = env_int("REALDESK_LOGIN_ACCOUNT_WINDOW_SECONDS", 3600)
REALDESK_LOGIN_UNLOCK_MINUTES = env_int("REALDESK_LOGIN_UNLOCK_MINUTES", 30)
REALDESK_DEFAULT_PHONE_REGION = env_str("REALDESK_DEFAULT_PHONE_REGION", "US")
# The phone channel (docs/phone.md): the provider's auth token signs every webhook.
REALDESK_TWILIO_AUTH_TOKEN = env_str("REALDESK_TWILIO_AUTH_TOKEN")
REALDESK_VOICE_QUEUE = env_str("REALDESK_VOICE_QUEUE", "support")
REALDESK_VOICE_HANDLE_SECONDS = env_int("REALDESK_VOICE_HANDLE_SECONDS", 300)
REALDESK_VOICE_OFFER_CALLBACK_SECONDS = env_int("REALDESK_VOICE_OFFER_CALLBACK_SECONDS", 120)
REALDESK_VOICE_MAX_WAIT_SECONDS = env_int("REALDESK_VOICE_MAX_WAIT_SECONDS", 300)
REALDESK_VOICE_TARGET_PERCENT = env_int("REALDESK_VOICE_TARGET_PERCENT", 80)
REALDESK_VOICE_TARGET_SECONDS = env_int("REALDESK_VOICE_TARGET_SECONDS", 20)
REALDESK_CALLBACK_TRIES = env_int("REALDESK_CALLBACK_TRIES", 3)
REALDESK_CALLBACK_RETRY_MINUTES = env_int("REALDESK_CALLBACK_RETRY_MINUTES", 15)
REALDESK_CALLBACK_ASAP_MINUTES = env_int("REALDESK_CALLBACK_ASAP_MINUTES", 60)
REALDESK_CALLBACK_REMIND_MINUTES = env_int("REALDESK_CALLBACK_REMIND_MINUTES", 5)
# Off: channels that could offer a call back (the chat widget) do not; the desk takes no calls.
REALDESK_CALLBACKS_ENABLED = env_bool("REALDESK_CALLBACKS_ENABLED", True)
# Live chat (docs/chat.md): the sites allowed to embed the widget (scheme://host[:port]),
# checked on every request; the average chat length for the Erlang C wait; how long an
# "available" agent may be silent before counting as away; the long-poll's longest hold.
REALDESK_CHAT_ALLOWED_ORIGINS = env_list("REALDESK_CHAT_ALLOWED_ORIGINS")
# The host site signs its signed-in user's id with it (HMAC-SHA256); empty: nobody can vouch.
REALDESK_CHAT_IDENTITY_SECRET = env_str("REALDESK_CHAT_IDENTITY_SECRET", "")
# The chat button on every support-center page: same-origin, so it needs no allowed origin.
REALDESK_CHAT_SUPPORT_CENTER = env_bool("REALDESK_CHAT_SUPPORT_CENTER", True)
REALDESK_CHAT_HANDLE_SECONDS = env_int("REALDESK_CHAT_HANDLE_SECONDS", 360)
REALDESK_CHAT_AUTO_AWAY_SECONDS = env_int("REALDESK_CHAT_AUTO_AWAY_SECONDS", 300)
REALDESK_CHAT_POLL_SECONDS = env_int("REALDESK_CHAT_POLL_SECONDS", 20)
REALDESK_CHAT_MAX_CONCURRENT = env_int("REALDESK_CHAT_MAX_CONCURRENT", 3)
# A chat unanswered this long alerts the team; one nobody accepts this long becomes email.
REALDESK_CHAT_LEAVE_AFTER_SECONDS = env_int("REALDESK_CHAT_LEAVE_AFTER_SECONDS", 120)
REALDESK_CHAT_ALERT_SECONDS = env_int("REALDESK_CHAT_ALERT_SECONDS", 60)
REALDESK_CHAT_GIVE_UP_SECONDS = env_int("REALDESK_CHAT_GIVE_UP_SECONDS", 300)
# The channel layer the chat sockets talk through: in memory within one process, Redis when
# several processes serve (REALDESK_REDIS_URL; docs/operations.md). In memory, its capacity
# is how many pushes may wait for one socket before it drops new ones without a word; the
# layers' default, 100, is a backlog a burst of accepts reaches with 1,000 sockets.
REALDESK_CHAT_LAYER_CAPACITY = env_int("REALDESK_CHAT_LAYER_CAPACITY", 10_000)
# With Redis, channels-redis's publish/subscribe layer: each process reads one subscription
# and hands each push to its socket's queue. Its other layer (lists, one inbox per process)
# woke every waiting socket of a process for each push it received: with 500 sockets a
# process, messages took seconds (docs/decisions/0006-chat-redis-pubsub.md).
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": REDIS_URL}]},
    }
    if REDIS_URL
    else {
        "BACKEND": "realdesk.chat.layers.ChatInMemoryChannelLayer",
        "CONFIG": {"capacity": REALDESK_CHAT_LAYER_CAPACITY},
    }
}
# Requests per minute for each API token (and each signed-in agent using the API).
REALDESK_API_RATE_LIMIT = env_int("REALDESK_API_RATE_LIMIT", 600)

# --- Knowledge base: who writes drafts, who decides what customers read ----------------------
_ROLES = ("admin", "lead", "agent")  # read-only users never write, whatever is set here
REALDESK_KNOWLEDGE_WRITE_ROLES = env_choices(
    "REALDESK_KNOWLEDGE_WRITE_ROLES", _ROLES, ["admin", "lead", "agent"]
)
REALDESK_KNOWLEDGE_PUBLISH_ROLES = env_choices(
    "REALDESK_KNOWLEDGE_PUBLISH_ROLES", _ROLES, ["admin", "lead"]
)

# --- Support center (docs/portal.md) ---------------------------------------------------------
REALDESK_PORTAL_LINK_MINUTES = env_int("REALDESK_PORTAL_LINK_MINUTES", 30)
REALDESK_PORTAL_LINKS_PER_ADDRESS = env_int("REALDESK_PORTAL_LINKS_PER_ADDRESS", 5)
REALDESK_PORTAL_LINKS_PER_CLIENT = env_int("REALDESK_PORTAL_LINKS_PER_CLIENT", 20)
REALDESK_PORTAL_LINK_WINDOW_SECONDS = env_int("REALDESK_PORTAL_LINK_WINDOW_SECONDS", 3600)
REALDESK_NPS_ENABLED = env_bool("REALDESK_NPS_ENABLED")
# Semantic search beside the full-text one (docs/knowledge.md); empty: full text only.
REALDESK_SEARCH_EMBEDDER = env_str("REALDESK_SEARCH_EMBEDDER", "use-multilingual")
# Requests per minute for each client of the public search (/support/search.json); 0: no limit.
REALDESK_PUBLIC_SEARCH_RATE_LIMIT = env_int("REALDESK_PUBLIC_SEARCH_RATE_LIMIT", 60)
# FAQ candidates (knowledge/questions/candidates.py): asked this often in 14 days, with no
# article scoring the match score (hybrid search's scale) or one deflecting less than this.
REALDESK_FAQ_CANDIDATE_MIN = env_int("REALDESK_FAQ_CANDIDATE_MIN", 5)
REALDESK_FAQ_MATCH_SCORE = env_float("REALDESK_FAQ_MATCH_SCORE", 0.75)
REALDESK_FAQ_DEFLECTION_TARGET = env_float("REALDESK_FAQ_DEFLECTION_TARGET", 0.3)

# --- Webhooks (docs/webhooks.md) ------------------------------------------------------------
# Host names or CIDRs webhooks may reach although private (on-premises receivers).
REALDESK_WEBHOOK_ALLOWED_HOSTS = env_list("REALDESK_WEBHOOK_ALLOWED_HOSTS")
REALDESK_WEBHOOK_DISABLE_AFTER = env_int("REALDESK_WEBHOOK_DISABLE_AFTER", 20)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]  # compiled .mo files are committed beside the .po
TIME_ZONE = env_str("REALDESK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [NINJA_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start otherwise

# --- Email ----------------------------------------------------------------------------------
REALDESK_ATTACHMENT_MAX_BYTES = env_int("REALDESK_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)
REALDESK_EMAIL_MAX_BYTES = env_int("REALDESK_EMAIL_MAX_BYTES", 40 * 1024 * 1024)
REALDESK_EMAIL_MAX_PARTS = env_int("REALDESK_EMAIL_MAX_PARTS", 200)
REALDESK_EMAIL_MAX_RECIPIENTS = env_int("REALDESK_EMAIL_MAX_RECIPIENTS", 50)
# Header limits (comms.email.inbound.parse.header_policy.HeaderLimits has the same
# defaults, for the pure parser): past them a header is read the cheap way, and an address
# header or the whole block over them sends the email to the quarantine.
REALDESK_EMAIL_MAX_HEADER_BYTES = env_int("REALDESK_EMAIL_MAX_HEADER_BYTES", 512 * 1024)
REALDESK_EMAIL_MAX_HEADER_CHARS = env_int("REALDESK_EMAIL_MAX_HEADER_CHARS", 32 * 1024)
REALDESK_EMAIL_MAX_ENCODED_WORDS = env_int("REALDESK_EMAIL_MAX_ENCODED_WORDS", 200)
REALDESK_EMAIL_MAX_HEADER_ADDRESSES = env_int("REALDESK_EMAIL_MAX_HEADER_ADDRESSES", 500)
REALDESK_EMAIL_MAX_HEADER_NESTING = env_int("REALDESK_EMAIL_MAX_HEADER_NESTING", 20)
REALDESK_EMAIL_SUBJECT_WINDOW_HOURS = env_int("REALDESK_EMAIL_SUBJECT_WINDOW_HOURS", 24)
REALDESK_EMAIL_ACK_PER_TICKET = env_int("REALDESK_EMAIL_ACK_PER_TICKET", 10)
REALDESK_EMAIL_ACK_PER_ADDRESS = env_int("REALDESK_EMAIL_ACK_PER_ADDRESS", 30)
REALDESK_EMAIL_ACK_WINDOW_MINUTES = env_int("REALDESK_EMAIL_ACK_WINDOW_MINUTES", 10)
REALDESK_EMAIL_SEND_ATTEMPTS = env_int("REALDESK_EMAIL_SEND_ATTEMPTS", 8)
# Who may write into a ticket besides its customer: nobody ("new_ticket": anyone else gets
# a ticket of their own), or also the people the customer copied ("cc"). The values are
# comms.choices.StrangerPolicy; plain words here, as settings load before the apps.
REALDESK_EMAIL_STRANGER_POLICY = env_choice(
    "REALDESK_EMAIL_STRANGER_POLICY", ("new_ticket", "cc"), "new_ticket"
)
REALDESK_DEFAULT_FIRST_RESPONSE_HOURS = env_int("REALDESK_DEFAULT_FIRST_RESPONSE_HOURS", 8)
EMAIL_HOST = env_str("REALDESK_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("REALDESK_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("REALDESK_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("REALDESK_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("REALDESK_EMAIL_STARTTLS", True)
    EMAIL_USE_SSL = env_bool("REALDESK_EMAIL_SSL", False)
    EMAIL_TIMEOUT = env_int("REALDESK_EMAIL_TIMEOUT", 30)
else:
    # With no relay configured, mail is written to files rather than lost.
    EMAIL_BACKEND = "realdesk.core.mailfiles.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "sent-mail"
# Who RealDesk's mail is from: "Support <support@help.example.com>". A base URL on an IP
# address or localhost has no mail domain, so a local desk writes as example.com, the
# domain of the demo's own contact block, rather than as support@127.0.0.1.
_from_name, REALDESK_FROM_ADDRESS = parseaddr(
    env_str("REALDESK_FROM_EMAIL", f"support@{mail_domain(_base.hostname)}")
)
REALDESK_FROM_NAME = env_str("REALDESK_FROM_NAME", _from_name or "Support")
DEFAULT_FROM_EMAIL = formataddr((REALDESK_FROM_NAME, REALDESK_FROM_ADDRESS))
# The address customers write to; replies carry its plus-address (support+t1234@...).
REALDESK_SUPPORT_ADDRESS = env_str("REALDESK_SUPPORT_ADDRESS", REALDESK_FROM_ADDRESS).lower()
# Other addresses of ours: mail from them is never answered (loop protection).
REALDESK_OWN_ADDRESSES = env_list("REALDESK_OWN_ADDRESSES")
# imaps://user:password@host:993/INBOX, comma-separated; imported by `realdesk serve`/`mail`.
REALDESK_IMAP_MAILBOXES = env_list("REALDESK_IMAP_MAILBOXES")
REALDESK_IMAP_INTERVAL_SECONDS = env_int("REALDESK_IMAP_INTERVAL_SECONDS", 30)
# host:port for an SMTP listener in `realdesk serve` / `realdesk mail` (REALDESK_MAIL_LMTP=1: LMTP).
REALDESK_MAIL_LISTEN = env_str("REALDESK_MAIL_LISTEN")
REALDESK_MAIL_LMTP = env_bool("REALDESK_MAIL_LMTP")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
# The proxies whose X-Forwarded-For (and -Proto) the web server believes; nobody's by
# default, so a client cannot name itself another address to dodge per-client limits.
REALDESK_TRUSTED_PROXIES = env_networks("REALDESK_TRUSTED_PROXIES")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("REALDESK_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("REALDESK_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("REALDESK_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is polled over plain HTTP by load balancers inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOG_LEVEL = env_str("REALDESK_LOG_LEVEL", "INFO").upper()  # the web server's access log too
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Every task's start and end at INFO would bury what matters; failures still show.
    # tnefparse tells of every stream it reads at INFO; what it fails on ends up as a
    # defect note on the email (comms/email/inbound/parse/tnef.py).
    "loggers": {
        "django_tasks": {"level": env_str("REALDESK_TASK_LOG_LEVEL", "WARNING")},
        "tnefparse": {"level": "WARNING"},
    },
}
