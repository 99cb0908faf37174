"""Reactions on posts: one of each kind per member, toggled, counted, never on your own post."""

from __future__ import annotations

import pytest

from forum.board import reactions
from forum.board.signals import reaction_added
from forum.errors import Invalid, NotAllowed
from tests.fixtures.web import csrf_from

NONE = {"thanks": 0, "helpful": 0, "insightful": 0}


@pytest.fixture
def heard():
    """What ``reaction_added`` listeners were sent."""
    seen: list[dict] = []

    def listener(sender, **data):
        seen.append(data)

    reaction_added.connect(listener)
    yield seen
    reaction_added.disconnect(listener)


def test_reacting_is_idempotent_and_counted(api, thread, post, user, heard):
    rina = api.sign_in("rina")
    first = rina.put(f"/posts/{post.id}/reactions/thanks")
    assert first.status_code == 200
    assert first.get_json() == {"reactions": {**NONE, "thanks": 1}, "my_reactions": ["thanks"]}
    again = rina.put(f"/posts/{post.id}/reactions/thanks")
    assert again.get_json() == first.get_json()
    both = rina.put(f"/posts/{post.id}/reactions/helpful").get_json()
    assert both == {"reactions": {**NONE, "thanks": 1, "helpful": 1}, "my_reactions": ["thanks", "helpful"]}
    removed = rina.delete(f"/posts/{post.id}/reactions/thanks")
    assert removed.get_json() == {"reactions": {**NONE, "helpful": 1}, "my_reactions": ["helpful"]}
    assert rina.delete(f"/posts/{post.id}/reactions/thanks").get_json() == removed.get_json()
    assert [(h["post_id"], h["user_id"], h["kind"]) for h in heard] == [(post.id, user.id, "thanks"),
                                                                         (post.id, user.id, "helpful")]


def test_post_json_carries_counts_and_the_readers_own(api, thread, post, make_user):
    make_user("tono")
    api.sign_in("rina").put(f"/posts/{post.id}/reactions/insightful")
    api.sign_in("tono").put(f"/posts/{post.id}/reactions/insightful")
    as_guest = api.get(f"/posts/{post.id}").get_json()
    assert as_guest["reactions"] == {**NONE, "insightful": 2} and "my_reactions" not in as_guest
    tono = api.sign_in("tono")
    assert tono.get(f"/posts/{post.id}").get_json()["my_reactions"] == ["insightful"]
    items = tono.get(f"/threads/{thread.id}").get_json()["posts"]["items"]
    assert [(p["reactions"]["insightful"], p["my_reactions"]) for p in items] == [(0, []), (2, ["insightful"])]
    assert api.get(f"/threads/{thread.id}").get_json()["posts"]["items"][1]["reactions"]["insightful"] == 2


def test_no_reaction_on_your_own_post(api, post):
    refused = api.sign_in("budi").put(f"/posts/{post.id}/reactions/thanks")
    assert refused.status_code == 403
    assert "your own post" in refused.get_json()["error"]["message"]
    assert api.get(f"/posts/{post.id}").get_json()["reactions"] == NONE


@pytest.mark.parametrize("kind", ["like", "THANKS", "thanks ", "0"])
def test_an_unknown_kind_is_a_400(api, post, kind):
    answer = api.sign_in("rina").put(f"/posts/{post.id}/reactions/{kind}")
    assert answer.status_code == 400
    assert "thanks, helpful, insightful" in answer.get_json()["error"]["message"]


def test_guests_and_missing_posts(api, post):
    assert api.put(f"/posts/{post.id}/reactions/thanks").status_code == 401
    assert api.sign_in("rina").put("/posts/999999/reactions/thanks").status_code == 404


def test_a_private_thread_is_404_to_outsiders(api, private_thread, outsider, moderator):
    _thread, reply = private_thread
    for name in ("tono", "sari"):
        signed = api.sign_in(name)
        assert signed.put(f"/posts/{reply.id}/reactions/thanks").status_code == 404
        assert signed.delete(f"/posts/{reply.id}/reactions/thanks").status_code == 404
    assert api.sign_in("rina").put(f"/posts/{reply.id}/reactions/thanks").get_json()["reactions"]["thanks"] == 1


def test_the_service_refusals(app, post, other_user, user):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(NotAllowed, match="your own post"):
            reactions.react(other_user, post.id, "thanks")
        with pytest.raises(Invalid, match="A reaction is one of"):
            reactions.react(user, post.id, "love")


def test_the_page_shows_counts_and_reacts_without_javascript(client, auth, thread, post, make_user):
    make_user("tono")
    auth.login("tono")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert f'formaction="/p/{post.id}/reactions/helpful"' in page
    # Sign-out, the watch level, reply, and the one form of the posts' buttons: none per post.
    assert page.count('name="csrf_token"') == 4
    assert 'src="/static/js/reactions.js"' in page
    answer = client.post(f"/p/{post.id}/reactions/helpful", data={"on": "1", "csrf_token": csrf_from(page)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#p{post.id}")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert 'value="0" class="reaction" data-kind="helpful" aria-pressed="true">helpful <span class="count">1</span>' in page
    assert f'href="/p/{post.id}/reactions"' in page
    api_reaction = client.put(f"/api/v1/posts/{post.id}/reactions/thanks", headers={"X-CSRFToken": csrf_from(page)})
    assert api_reaction.status_code == 200
    who = client.get(f"/p/{post.id}/reactions").get_data(as_text=True)
    assert "Tono</a> <span class=\"muted\">thanks, helpful</span>" in who  # one line per person
    # Taking it back with the same small form.
    client.post(f"/p/{post.id}/reactions/helpful", data={"on": "0", "csrf_token": csrf_from(page)})
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert 'value="1" class="reaction" data-kind="helpful" aria-pressed="false">helpful <span class="count">0</span>' in page
    assert 'data-kind="thanks" aria-pressed="true">thanks <span class="count">1</span>' in page


def test_guests_see_counts_without_buttons_and_authors_no_buttons_on_their_own(api, client, auth, thread, post):
    api.sign_in("rina").put(f"/posts/{post.id}/reactions/thanks")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert 'class="reaction">thanks <span class="count">1</span>' in page
    assert "<button" not in page.split('id="p', 1)[1] and "reactions.js" not in page
    auth.login("budi")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    # Budi may react to Rina's question but not to his own reply.
    assert f'formaction="/p/{post.id}/reactions/' not in page
    assert f'formaction="/p/{post.id - 1}/reactions/thanks"' in page


def test_the_indonesian_labels(client, api, thread, post):
    api.sign_in("rina").put(f"/posts/{post.id}/reactions/thanks")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "terima kasih" in page
    who = client.get(f"/p/{post.id}/reactions").get_data(as_text=True)
    assert "terima kasih" in who and "membantu" in who and "wawasan" in who


def test_who_reacted_to_a_private_post_is_404_to_outsiders(client, auth, private_thread, outsider):
    _thread, reply = private_thread
    auth.login("tono")
    assert client.get(f"/p/{reply.id}/reactions").status_code == 404
    page = client.get("/").get_data(as_text=True)
    assert client.post(f"/p/{reply.id}/reactions/thanks",
                       data={"on": "1", "csrf_token": csrf_from(page)}).status_code == 404


def test_the_api_over_the_session_needs_the_csrf_header(client, auth, post, make_user):
    """What reactions.js sends: the session cookie and the page's CSRF token in X-CSRFToken."""
    make_user("tono")
    auth.login("tono")
    assert client.put(f"/api/v1/posts/{post.id}/reactions/thanks").status_code == 400
    token = csrf_from(client.get(f"/t/{post.thread_id}").get_data(as_text=True))
    answer = client.put(f"/api/v1/posts/{post.id}/reactions/thanks", headers={"X-CSRFToken": token})
    assert answer.status_code == 200 and answer.get_json()["my_reactions"] == ["thanks"]
