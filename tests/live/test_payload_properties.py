"""Property: whatever a client sends to any live event, it gets a clear answer and keeps its connection.

No payload may end in ``server_error`` (an exception the handlers did not foresee)
or drop the connection; nothing is stored from a refused payload.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EVENTS = ("join", "sync", "leave", "message", "typing", "raise_hand", "give_floor", "ask", "vote",
          "answered", "mute", "remove", "slow_mode", "pin", "delete")
KEYS = ("session_id", "after_id", "body", "raised", "username", "question_id", "muted", "seconds", "message_id")

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=3), max_leaves=8)
payloads = st.one_of(values, st.dictionaries(st.sampled_from(KEYS), values, max_size=4))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from(EVENTS), payload=payloads, extra=st.lists(scalars, max_size=2))
def test_any_payload_gets_a_clear_answer(app, live, connect, host, user, monkeypatch, event, payload, extra):
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)  # limits are tested on their own (test_hardening)
    sock = connect("sari")  # the moderator: every event is open to her
    sock.emit("join", {"session_id": live.id})
    sock.get_received()
    sock.emit(event, payload, *extra)
    codes = [e["args"][0]["code"] for e in sock.get_received() if e["name"] == "error"]
    assert "server_error" not in codes, (event, payload, extra)
    assert sock.is_connected()
    sock.disconnect()
