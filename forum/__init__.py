"""Jejaring: a community forum and mentoring network for librarians."""

from __future__ import annotations

from pathlib import Path

import socketio as socketio_base
from dotenv import load_dotenv
from flask import Flask

from forum.config import ROOT, load

__all__ = ["create_app"]


# The capabilities, in the order their blueprints register; each is a folder with
# models.py, views.py (blueprint ``bp``) and api.py (routes on the API blueprint).
CAPABILITIES = ("accounts", "board", "mentoring", "live", "moderation", "notifications", "mail", "admin", "members")


def create_app(config: dict | None = None) -> Flask:
    """Build the application: settings, extensions, Socket.IO, capabilities, edges."""
    load_dotenv(ROOT / ".env", override=False)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(Path(ROOT / "instance")),
    )
    _configure(app, config)
    _init_extensions(app)
    _init_socketio(app)
    _register_capabilities(app)
    _register_edges(app)
    return app


def _configure(app: Flask, config: dict | None) -> None:
    """Settings from the environment (strictly cast), overridden by ``config``."""
    app.config.update(load(config))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    else:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(app.config)


def _init_extensions(app: Flask) -> None:
    """Bind the unbound extensions of forum.extensions to this app."""
    from forum import (
        database,  # noqa: F401 - registers the SQLite connection hooks
        i18n,
    )
    from forum.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     include_object=database.include_object)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=str(ROOT / "forum" / "translations"),
    )
    i18n.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    _login(app)


def _init_socketio(app: Flask) -> None:
    """The Socket.IO server: in-process by default, over the Redis message queue when one is set."""
    from forum.extensions import socketio

    # Handlers must be registered before the first init_app: Flask-SocketIO only keeps those
    # for the servers that later apps (tests, several create_app calls) make.
    from forum.live import events as _events  # noqa: F401
    from forum.live import wire

    queue = app.config["SOCKETIO_MESSAGE_QUEUE"] or None
    # The SocketIO object keeps its options between init_app calls: without a queue, say so
    # explicitly, or an earlier app's Redis manager would carry over (tests make many apps).
    local = {"channel": app.config["SOCKETIO_CHANNEL"]} if queue else {"client_manager": socketio_base.Manager()}
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=queue,
        cors_allowed_origins=app.config["CORS_ALLOWED_ORIGINS"] or None,
        json=wire,  # a 5,000-digit number is a bad_payload answer, not an exception while decoding
        **local,
    )


def _register_capabilities(app: Flask) -> None:
    """Every capability's tables (known to Alembic), pages and API routes."""
    from importlib import import_module
    from importlib.util import find_spec

    from forum import api, inputs, tasks, web

    inputs.init_app(app)  # before any blueprint: its routes' <int:...> must be the bounded converter
    app.register_blueprint(web.bp)
    for name in CAPABILITIES:
        import_module(f"forum.{name}.models")
        app.register_blueprint(import_module(f"forum.{name}.views").bp)
        # Its part of a member's export and of deleting an account (forum/accounts/signals.py), if it holds any.
        if find_spec(f"forum.{name}.personal") is not None:
            import_module(f"forum.{name}.personal")
    api.register_routes()
    app.register_blueprint(api.bp)
    app.register_blueprint(api.docs_bp)
    tasks.init_app(app)  # after the capabilities: it imports their jobs


def _register_edges(app: Flask) -> None:
    """What wraps every request: security headers, error handlers, the trusted proxy; and the CLI."""
    from forum import cli, errors, web
    from forum.proxy import TrustedProxyFix

    app.after_request(web.security_headers)
    errors.register_handlers(app)
    cli.register(app)
    # Outermost, so pages, API and live connections all see the client behind the trusted proxy.
    app.wsgi_app = TrustedProxyFix(app.wsgi_app, app.config["FORWARDED_ALLOW_IPS"])

    @app.context_processor
    def globals_for_templates():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "id"), "languages": app.config["LANGUAGES"]}


def _engine_options(config) -> dict:
    """Pool settings for a server database, under any the configuration gives.

    Pre-ping replaces connections a database restart has closed, so the site recovers
    by itself; the timeouts bound how long a request waits when the server is down
    or unreachable (connecting, or for a free pooled connection) before it answers 503.
    """
    given = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options = {"pool_pre_ping": True, "pool_timeout": config["DATABASE_POOL_TIMEOUT"]}
    connect_args = {}
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        connect_args["connect_timeout"] = config["DATABASE_CONNECT_TIMEOUT"]
        # A server that vanished from the network (host down, link cut) is noticed by TCP: keepalives
        # probe an idle connection, tcp_user_timeout ends one whose data goes unacknowledged, and the
        # request answers 503 instead of hanging its worker until the kernel gives up (minutes).
        timeout = config["DATABASE_TCP_TIMEOUT"]
        connect_args.update(keepalives=1, keepalives_idle=max(timeout, 1), keepalives_interval=max(timeout // 3, 1),
                            keepalives_count=3, tcp_user_timeout=timeout * 1000)
    connect_args.update(given.pop("connect_args", {}))
    options.update(given)
    if connect_args:
        options["connect_args"] = connect_args
    return options


def _login(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from forum.accounts import services
    from forum.extensions import login_manager

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(services.load_session_user)
