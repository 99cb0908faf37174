"""The WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app``, ``flask --app wsgi ...``, ``python wsgi.py``.

Under gevent (production) the standard library is monkey-patched first thing,
before anything else is imported, so sockets, threads and the database driver
all cooperate with the event loop.
"""

import os

if os.environ.get("SOCKETIO_ASYNC_MODE") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from forum import create_app  # noqa: E402
from forum.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    from forum import tasks

    tasks.start_in_process(app)  # the embedded default; with Redis, worker processes run the jobs
    socketio.run(
        app,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "5000")),
        allow_unsafe_werkzeug=True,  # the development server: `make run` only
    )
