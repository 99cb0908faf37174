"""A small in-process cache of rendered fragments, least recently used first out, with a time limit.

Keys carry everything the fragment depends on that can change (a thread's
revision, the reader's language and zone), so a write anywhere is seen by
every process at once; the time limit bounds what keys cannot carry (a
renamed author shows their new name within ``ttl`` seconds).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable


class FragmentCache:
    def __init__(self, maxsize: int = 512, ttl: float = 60.0):
        self.maxsize, self.ttl = maxsize, ttl
        self._items: OrderedDict[Hashable, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        """The cached fragment for ``key``, rendering (and keeping) it when missing or expired."""
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] > now:
                self._items.move_to_end(key)
                return hit[1]
        value = render()
        with self._lock:
            self._items[key] = (now + self.ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
