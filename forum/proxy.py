"""The client's real address behind the trusted reverse proxy.

Behind nginx every request comes from the proxy's address, so rate limits keyed
on ``REMOTE_ADDR`` would lump every member together. Werkzeug's ``ProxyFix``
takes the client from ``X-Forwarded-For``, but only when the peer is one of
``FORWARDED_ALLOW_IPS`` (addresses or networks, or ``*``): anybody else could
write that header themselves.
"""

from __future__ import annotations

import ipaddress

from werkzeug.middleware.proxy_fix import ProxyFix


def parse_trusted(raw: str) -> tuple[bool, list]:
    """``(trust_all, networks)`` from a comma-separated ``FORWARDED_ALLOW_IPS``; a bad entry is an error."""
    networks = []
    trust_all = False
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if item == "*":
            trust_all = True
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise RuntimeError(f"FORWARDED_ALLOW_IPS: {item!r} is not an address or network") from exc
    return trust_all, networks


class TrustedProxyFix:
    """WSGI middleware: ``ProxyFix`` (one proxy hop) for requests from a trusted peer only."""

    def __init__(self, app, trusted: str):
        self.app = app
        self.fixed = ProxyFix(app, x_for=1, x_proto=1)
        self.trust_all, self.networks = parse_trusted(trusted)

    def trusts(self, peer: str | None) -> bool:
        if self.trust_all:
            return True
        try:
            address = ipaddress.ip_address(peer or "")
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.trusts(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
