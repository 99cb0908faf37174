"""Production settings for gunicorn: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Everything can be overridden from the environment (or the command line).
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
# One gevent worker per gunicorn process holds thousands of live connections. Socket.IO's
# long-polling needs every request of a client to reach the same process, so scale out with
# several gunicorn processes on their own ports behind a proxy with sticky sessions (README),
# not with more workers in one process (the default here is therefore 1).
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gevent")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))  # gthread only
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "2000"))
keepalive = 5
timeout = 30
graceful_timeout = 20
# Recycling workers guards against slow leaks; 0 (the default) turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = ["JEJARING_ENV=production"] + (["SOCKETIO_ASYNC_MODE=gevent"] if worker_class == "gevent" else [])
