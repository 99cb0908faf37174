"""Reading what a Socket.IO test client received."""

from __future__ import annotations


def payload(event: dict):
    # The test client unwraps the arguments of events named "message" (Socket.IO's send()).
    args = event["args"]
    return args[0] if isinstance(args, list) else args


def events(sock, name=None):
    """The payloads ``sock`` received since the last call, of one event name or all."""
    return [payload(e) for e in sock.get_received() if name is None or e["name"] == name]


def last_error(sock) -> dict:
    """The last ``error`` event ``sock`` received (failing the test if there was none)."""
    errors = events(sock, "error")
    assert errors, "expected an error event"
    return errors[-1]
