"""Small URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (no open redirects).

    Examples
    --------
    >>> safe_next("/t/5?page=2")
    '/t/5?page=2'
    >>> safe_next("//evil.example/") is None, safe_next("https://evil.example") is None
    (True, True)
    >>> safe_next("/\\\\evil.example") is None
    True
    """
    if not target or not isinstance(target, str) or len(target) > 2000:
        return None
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
