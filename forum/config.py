"""Settings from the environment, with safe defaults.

Every setting can be given as an environment variable (or in a ``.env`` file
at the project root, read by ``create_app``). ``Config`` is the development
default, ``ProductionConfig`` fails loudly when a secret is missing and
``TestingConfig`` is what the test suite builds its apps from.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("JEJARING_INSTANCE", ROOT / "instance"))


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _bool(name: str, default: bool) -> bool:
    """A yes/no setting; anything but the usual words is an error at start, never a silent ``False``."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise RuntimeError(f"{name} must be one of 1/true/yes/on or 0/false/no/off, got {raw!r}")


def _int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < minimum:
        raise RuntimeError(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise RuntimeError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return value


def _limit(name: str, default: str) -> str:
    """A rate limit such as ``10 per 15 minutes`` (the ``limits`` notation), checked at start."""
    from limits import parse_many

    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw.strip()
    try:
        parse_many(value)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a rate limit such as '10 per minute', got {value!r}") from exc
    return value


def instance_secret_key(instance: Path = INSTANCE) -> str:
    """Return the secret key kept in ``instance/secret_key``, making it once."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: when two processes start at once, the second one reads the first one's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE / 'jejaring.db'}"


class Config:
    """Development defaults: SQLite under instance/, one process, no Redis."""

    ENV_NAME = "development"
    TESTING = False
    SQLALCHEMY_DATABASE_URI = ""
    SECRET_KEY = ""
    SOCKETIO_MESSAGE_QUEUE = ""
    SOCKETIO_CHANNEL = "jejaring"  # the queue's pub/sub channel: one per deployment sharing a Redis
    SOCKETIO_ASYNC_MODE = "threading"
    CORS_ALLOWED_ORIGINS: list[str] = []
    JEJARING_DEMO = True
    # Writes wait until the member followed the link mailed at registration (on by default in production).
    JEJARING_VERIFY_EMAIL = False

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=365)
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 30
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 1024 * 1024

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # A Redis that is down must not hold a request: fail fast, then count in memory (extensions.limiter).
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    # Peers whose X-Forwarded-For names the client (the reverse proxy); every rate limit keys on that client.
    FORWARDED_ALLOW_IPS = "127.0.0.1"
    # Wrong passwords for one account (README, configuration): from one address, and from anywhere.
    # The second is short so that nobody can keep the owner out for long.
    SIGN_IN_LIMIT_ACCOUNT_ADDRESS = "10 per 15 minutes"
    SIGN_IN_LIMIT_ACCOUNT = "50 per 5 minutes"
    EDIT_LIMIT = "30 per minute"  # saved post edits, page and API together
    PROFILE_LIMIT = "10 per minute"  # saved profile changes, page and API together
    SEARCH_LIMIT = "60 per minute"  # searches, page and API together
    # Mails a visitor can make us send: reset links (per client and per address), new confirmation links.
    PASSWORD_RESET_LIMIT = "5 per hour"  # noqa: S105 - a rate limit, not a password
    VERIFICATION_LIMIT = "5 per hour"

    # argon2id: None is the library's current recommendation (RFC 9106's second choice).
    ARGON2_TIME_COST: int | None = None
    ARGON2_MEMORY_COST: int | None = None
    ARGON2_PARALLELISM: int | None = None

    # PostgreSQL down: how long a request may wait to connect, or for a pooled connection, before
    # it answers 503 (seconds), and the Retry-After that answer carries.
    DATABASE_CONNECT_TIMEOUT = 2
    DATABASE_TCP_TIMEOUT = 5  # PostgreSQL gone from the network: seconds of silence before a connection is dropped
    DATABASE_POOL_TIMEOUT = 2
    DATABASE_RETRY_AFTER = 5

    # The task queue (forum/tasks.py): Redis when TASKS_URL (or SOCKETIO_MESSAGE_QUEUE) names one, else a
    # SQLite file under instance/ with a consumer thread in the web process.
    TASKS_URL = ""
    TASKS_SQLITE_PATH = ""
    TASKS_NAME = "jejaring"  # the queue's name in its storage; by default SOCKETIO_CHANNEL's
    TASKS_IN_PROCESS = True
    TASKS_IMMEDIATE = False

    # Mail (forum/mail): SMTP when MAIL_SERVER is set, else every message becomes an .eml file in MAIL_OUTBOX_DIR.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USE_SSL = False  # TLS from the first byte (port 465)
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = ""  # default: "Jejaring <noreply@SITE_URL's host>"
    MAIL_TIMEOUT = 30  # seconds for one SMTP connection to answer
    MAIL_OUTBOX_DIR = ""  # default: instance/outbox
    MAIL_BATCH_SECONDS = 300  # immediate notification mails: at most one per member per this many seconds
    REPLY_BY_EMAIL_ADDRESS = ""  # e.g. reply+%{token}@jejaring.example.org; unset: no Reply-To
    SITE_URL = ""  # links in mails; default http://HOST:PORT of the development server

    PAGE_CACHE = True  # guests share rendered thread pages (keyed by the thread's revision)
    SEARCH_CACHE_SECONDS = 10  # a search repeated by the same reader within this reuses its results; 0: never
    THREADS_PER_PAGE = 30
    POSTS_PER_PAGE = 50
    API_TOKEN_DAYS = 30
    TITLE_MAX = 160
    BODY_MAX = 20_000
    # Reply by email (forum/notifications/incoming.py): the largest message taken (attachments included),
    # and how many replies by mail one member may post (on top of every rule of a reply).
    INCOMING_MAIL_MAX_BYTES = 5 * 1024 * 1024
    REPLY_BY_EMAIL_LIMIT = "20 per hour"
    # New-account limits (forum/moderation/trust.py): a member is new until BOTH the hours and the posts
    # are passed (or a moderator lifts the limits); new accounts post at most TRUST_MAX_LINKS links, no
    # images, TRUST_NEW_THREADS_PER_DAY new threads a day, and their first posts with links wait for review.
    TRUST_NEW_ACCOUNT_HOURS = 24
    TRUST_NEW_ACCOUNT_POSTS = 3
    TRUST_MAX_LINKS = 2
    TRUST_NEW_THREADS_PER_DAY = 3
    # Flags from this many established members hide a post at once, until a moderator reviews it.
    FLAGS_TO_HIDE = 3

    @classmethod
    def from_env(cls) -> dict:
        """Read the environment into a dict of settings for ``app.config``."""
        settings = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        settings["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL") or default_database_url()
        settings["SECRET_KEY"] = os.environ.get("SECRET_KEY") or ""
        settings["SOCKETIO_MESSAGE_QUEUE"] = os.environ.get("SOCKETIO_MESSAGE_QUEUE", "")
        settings["SOCKETIO_CHANNEL"] = os.environ.get("SOCKETIO_CHANNEL") or cls.SOCKETIO_CHANNEL
        settings["SOCKETIO_ASYNC_MODE"] = _choice("SOCKETIO_ASYNC_MODE", cls.SOCKETIO_ASYNC_MODE,
                                                  ("threading", "gevent", "eventlet"))
        origins = os.environ.get("CORS_ALLOWED_ORIGINS", "")
        settings["CORS_ALLOWED_ORIGINS"] = [o.strip() for o in origins.split(",") if o.strip()]
        settings["JEJARING_DEMO"] = _bool("JEJARING_DEMO", cls.JEJARING_DEMO)
        settings["JEJARING_VERIFY_EMAIL"] = _bool("JEJARING_VERIFY_EMAIL", cls.JEJARING_VERIFY_EMAIL)
        settings["RATELIMIT_STORAGE_URI"] = os.environ.get("RATELIMIT_STORAGE_URI") or (
            settings["SOCKETIO_MESSAGE_QUEUE"] if settings["SOCKETIO_MESSAGE_QUEUE"].startswith("redis") else "memory://"
        )
        settings["RATELIMIT_ENABLED"] = _bool("RATELIMIT_ENABLED", cls.RATELIMIT_ENABLED)
        settings["FORWARDED_ALLOW_IPS"] = os.environ.get("FORWARDED_ALLOW_IPS") or cls.FORWARDED_ALLOW_IPS
        for name in ("SIGN_IN_LIMIT_ACCOUNT_ADDRESS", "SIGN_IN_LIMIT_ACCOUNT", "EDIT_LIMIT", "PROFILE_LIMIT",
                     "SEARCH_LIMIT", "PASSWORD_RESET_LIMIT", "VERIFICATION_LIMIT"):
            settings[name] = _limit(name, getattr(cls, name))
        settings["POSTS_PER_PAGE"] = _int("POSTS_PER_PAGE", cls.POSTS_PER_PAGE)
        for name in ("DATABASE_CONNECT_TIMEOUT", "DATABASE_POOL_TIMEOUT", "DATABASE_RETRY_AFTER",
                     "DATABASE_TCP_TIMEOUT"):
            settings[name] = _int(name, getattr(cls, name))
        settings["PAGE_CACHE"] = _bool("PAGE_CACHE", cls.PAGE_CACHE)
        settings["SEARCH_CACHE_SECONDS"] = _int("SEARCH_CACHE_SECONDS", cls.SEARCH_CACHE_SECONDS, minimum=0)
        queue = settings["SOCKETIO_MESSAGE_QUEUE"]
        settings["TASKS_URL"] = os.environ.get("TASKS_URL") or (queue if queue.startswith("redis") else "")
        settings["TASKS_SQLITE_PATH"] = os.environ.get("TASKS_SQLITE_PATH", "")
        settings["TASKS_NAME"] = os.environ.get("TASKS_NAME") or settings["SOCKETIO_CHANNEL"]
        # With Redis, `flask --app wsgi worker` processes run the jobs; the embedded default runs them itself.
        settings["TASKS_IN_PROCESS"] = _bool("TASKS_IN_PROCESS", not settings["TASKS_URL"])
        settings["THREADS_PER_PAGE"] = _int("THREADS_PER_PAGE", cls.THREADS_PER_PAGE)
        settings["INCOMING_MAIL_MAX_BYTES"] = _int("INCOMING_MAIL_MAX_BYTES", cls.INCOMING_MAIL_MAX_BYTES)
        settings["REPLY_BY_EMAIL_LIMIT"] = _limit("REPLY_BY_EMAIL_LIMIT", cls.REPLY_BY_EMAIL_LIMIT)
        for name in ("TRUST_NEW_ACCOUNT_HOURS", "TRUST_NEW_ACCOUNT_POSTS", "TRUST_MAX_LINKS",
                     "TRUST_NEW_THREADS_PER_DAY"):
            settings[name] = _int(name, getattr(cls, name), minimum=0)
        settings["FLAGS_TO_HIDE"] = _int("FLAGS_TO_HIDE", cls.FLAGS_TO_HIDE)
        settings.update(_mail_settings(cls))
        return settings


def _mail_settings(cls) -> dict:
    """MAIL_*, SITE_URL and REPLY_BY_EMAIL_ADDRESS, checked at start like every other setting."""
    settings = {name: (os.environ.get(name) or getattr(cls, name)).strip()
                for name in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER",
                             "MAIL_OUTBOX_DIR", "REPLY_BY_EMAIL_ADDRESS")}
    settings["MAIL_OUTBOX_DIR"] = settings["MAIL_OUTBOX_DIR"] or str(INSTANCE / "outbox")
    settings["MAIL_PORT"] = _int("MAIL_PORT", cls.MAIL_PORT)
    if settings["MAIL_PORT"] > 65535:
        raise RuntimeError(f"MAIL_PORT must be a port number (1-65535), got {settings['MAIL_PORT']}")
    settings["MAIL_TIMEOUT"] = _int("MAIL_TIMEOUT", cls.MAIL_TIMEOUT)
    settings["MAIL_BATCH_SECONDS"] = _int("MAIL_BATCH_SECONDS", cls.MAIL_BATCH_SECONDS)
    settings["MAIL_USE_TLS"] = _bool("MAIL_USE_TLS", cls.MAIL_USE_TLS)
    settings["MAIL_USE_SSL"] = _bool("MAIL_USE_SSL", cls.MAIL_USE_SSL)
    if settings["MAIL_USE_TLS"] and settings["MAIL_USE_SSL"]:
        raise RuntimeError("MAIL_USE_TLS (STARTTLS) and MAIL_USE_SSL (TLS from the start) exclude each other")
    reply = settings["REPLY_BY_EMAIL_ADDRESS"]
    if reply and ("%{token}" not in reply or "@" not in reply):
        raise RuntimeError(f"REPLY_BY_EMAIL_ADDRESS must be an address with %{{token}} in it, got {reply!r}")
    site = (os.environ.get("SITE_URL") or "").strip().rstrip("/")
    if not site:
        site = f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '5000'}"
    elif not site.startswith(("http://", "https://")):
        raise RuntimeError(f"SITE_URL must start with http:// or https://, got {site!r}")
    settings["SITE_URL"] = site
    return settings


class ProductionConfig(Config):
    """Served by gunicorn: secure cookies, HSTS, secrets must be given."""

    ENV_NAME = "production"
    JEJARING_VERIFY_EMAIL = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def from_env(cls) -> dict:
        settings = super().from_env()
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production (JEJARING_ENV=production)")
        settings["SESSION_COOKIE_SECURE"] = _bool("SESSION_COOKIE_SECURE", True)
        settings["REMEMBER_COOKIE_SECURE"] = settings["SESSION_COOKIE_SECURE"]
        return settings


class TestingConfig(Config):
    """What the test suite builds on; the database comes from the fixture."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"  # noqa: S105 - tests only
    JEJARING_DEMO = False
    JEJARING_VERIFY_EMAIL = False  # tests that need it turn it on
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = True
    TASKS_IMMEDIATE = True  # jobs run in the caller's thread; scheduled ones by forum.tasks.run_scheduled
    # argon2's cheapest parameters: hashing at the real cost was most of the suite's time.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8  # KiB
    ARGON2_PARALLELISM = 1
    # Every account is past the new-account limits at once: tests create accounts a moment before they post
    # (the tests of the limits turn them on).
    TRUST_NEW_ACCOUNT_HOURS = 0
    TRUST_NEW_ACCOUNT_POSTS = 0


def load(config: dict | None) -> dict:
    """Build the settings for one app: environment first, then ``config`` on top."""
    env_name = _choice("JEJARING_ENV", "development", ("development", "production"))
    config = dict(config or {})
    if config.get("TESTING"):
        base = TestingConfig
    elif env_name == "production":
        base = ProductionConfig
    else:
        base = Config
    settings = base.from_env()
    if base is TestingConfig:
        settings["SECRET_KEY"] = TestingConfig.SECRET_KEY
        settings["RATELIMIT_ENABLED"] = False
        settings["JEJARING_DEMO"] = False
        settings["JEJARING_VERIFY_EMAIL"] = False
    settings.update(config)
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = instance_secret_key()
    url = settings["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    settings["SQLALCHEMY_DATABASE_URI"] = url
    return settings
