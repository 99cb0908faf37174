"""Blocking work off the event loop in a gevent process.

Under gevent every request of the process shares one OS thread: a CPU-bound call
(argon2 takes tens of milliseconds on purpose) stalls every other client, live
sockets included, until it returns. gevent's threadpool runs it in a real thread
(argon2 releases the GIL) while the greenlet that asked waits cooperatively; the
pool's size (gevent's default, 10) also caps how many run at once. Outside gevent
(the development server, sync workers, tests) the call runs where it is.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def under_gevent() -> bool:
    """True when this process was monkey-patched by gevent (``wsgi.py`` does it for gevent workers)."""
    if "gevent.monkey" not in sys.modules:
        return False
    from gevent import monkey

    return bool(monkey.is_module_patched("socket"))


def run_blocking(fn: Callable[..., T], *args) -> T:
    """``fn(*args)``, in gevent's threadpool when under gevent."""
    if under_gevent():
        import gevent

        return gevent.get_hub().threadpool.apply(fn, args)
    return fn(*args)
