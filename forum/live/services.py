"""Rules of live sessions: scheduling, the room, moderation, hands and questions.

Pages, the JSON API and the Socket.IO events all call these. Every refusal is
a ``ForumError`` with a precise code (``not_open``, ``muted``, ``too_fast``,
``too_long``, ``not_member``, ``removed`` ...) that the socket edge sends back
as an ``error`` event and the HTTP edges as a JSON error or a page message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from forum import markup
from forum.accounts.models import User
from forum.accounts.services import require_member as _member
from forum.accounts.services import require_moderator as _moderator
from forum.accounts.services import require_reader as _reader
from forum.board import services as board
from forum.database import insert_or_ignore, write
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.inputs import MAX_ID, record_id, whole
from forum.live.models import (
    LiveMember,
    LiveMessage,
    LivePresence,
    LiveQuestion,
    LiveSession,
    LiveSocket,
    LiveVote,
)
from forum.live.signals import send_after_commit, session_opened
from forum.models_base import utcnow

MESSAGE_MAX = 2000
QUESTION_MAX = 500
HISTORY = 100
SLOW_MODE_MAX = 300
SCHEDULE_AHEAD_DAYS = 3660  # at most ten years ahead: later dates are typing slips (or attacks)


# -- who may do what ---------------------------------------------------------------

def can_moderate(user: User | None, session: LiveSession) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_moderator


# -- sessions ----------------------------------------------------------------------

def get_session(session_id) -> LiveSession:
    session_id = record_id(session_id)
    session = db.session.get(LiveSession, session_id) if session_id else None
    if session is None:
        raise NotFound(_("No such live session."), code="not_found")
    return session


def sessions() -> dict[str, list[LiveSession]]:
    """Open now, upcoming (soonest first), and past (latest first)."""
    rows = list(db.session.scalars(select(LiveSession).order_by(LiveSession.starts_at)))
    return {
        "open": [s for s in rows if s.state == "open"],
        "upcoming": [s for s in rows if s.state == "scheduled"],
        "past": [s for s in reversed(rows) if s.state == "closed"][:50],
    }


def parse_start(raw, zone: str) -> datetime | None:
    """A start time from a form (local ``2026-12-01T19:30`` in ``zone``) or the API (ISO with offset)."""
    if isinstance(raw, datetime):
        value = raw
    elif isinstance(raw, str) and raw.strip():
        try:
            value = datetime.fromisoformat(raw.strip())
        except ValueError:
            return None
    else:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    if not 2000 <= value.year <= 9000:  # year 1 or 9999 overflow when moved to UTC or given a duration
        return None
    try:
        return value.astimezone(ZoneInfo("UTC"))
    except (OverflowError, ValueError):
        return None


def schedule(user: User | None, data: dict, zone: str = "Asia/Jakarta") -> LiveSession:
    """A moderator schedules a session; times without an offset are in ``zone``."""
    user = _moderator(user)
    errors: dict[str, str] = {}
    title = data.get("title")
    if not isinstance(title, str) or not 3 <= len(title.strip()) <= 160:
        errors["title"] = _("A title of 3 to 160 characters.")
    description = data.get("description") or ""
    if not isinstance(description, str) or len(description) > 2000:
        errors["description"] = _("At most %(n)d characters.", n=2000)
    try:
        category = board.category_by_slug(data.get("category"))
    except NotFound:
        errors["category"] = _("Choose a category from the list.")
        category = None
    if category is not None and category.archived:
        errors["category"] = board.archived_refusal()
    starts_at = parse_start(data.get("starts_at"), zone)
    if starts_at is None:
        errors["starts_at"] = _("A date and time like 2026-12-01T19:30.")
    elif starts_at < utcnow() - timedelta(minutes=5):
        errors["starts_at"] = _("The start time is in the past.")
    elif starts_at > utcnow() + timedelta(days=SCHEDULE_AHEAD_DAYS):
        errors["starts_at"] = _("The start time must be within the next %(n)d days.", n=SCHEDULE_AHEAD_DAYS)
    duration = whole(data.get("duration_minutes", 60), 15, 480)  # not int(): int(inf) raises OverflowError
    if duration is None:
        errors["duration_minutes"] = _("From 15 to 480 minutes.")
    if errors:
        raise Invalid(fields=errors)
    with write():
        session = LiveSession(title=title.strip(), description=description.strip(), category_id=category.id,
                              moderator_id=user.id, starts_at=starts_at, duration_minutes=duration)
        db.session.add(session)
    return session


def open_session(user: User | None, session_id) -> LiveSession:
    """Open the room: members can join and talk."""
    _moderator(user)
    with write():
        session = get_session(session_id)
        if session.state != "scheduled":
            raise Conflict(_("Only a scheduled session can be opened."), code="conflict")
        session.state, session.opened_at = "open", utcnow()
        send_after_commit(session_opened, session_id=session.id, actor_id=user.id)
    return session


def close_session(user: User | None, session_id) -> LiveSession:
    """End the session and keep its transcript as a forum thread in its category."""
    moderator = _moderator(user)
    with write():
        session = get_session(session_id)
        if session.state != "open":
            raise Conflict(_("Only an open session can be closed."), code="not_open")
        session.state, session.closed_at = "closed", utcnow()
        db.session.flush()
        session.transcript_thread_id = _write_transcript(moderator, session).id
        db.session.execute(delete(LivePresence).where(LivePresence.session_id == session.id))
    return session


def _write_transcript(author: User, session: LiveSession):
    messages = list(db.session.scalars(
        select(LiveMessage).where(LiveMessage.session_id == session.id, LiveMessage.deleted_at.is_(None))
        .order_by(LiveMessage.id)))
    answered = list(db.session.scalars(
        select(LiveQuestion).where(LiveQuestion.session_id == session.id, LiveQuestion.answered_at.isnot(None))
        .order_by(LiveQuestion.votes.desc(), LiveQuestion.id)))
    head = [session.description or "", "",
            _("Live session held %(start)s – %(end)s (UTC).", start=session.opened_at.strftime("%Y-%m-%d %H:%M"),
              end=session.closed_at.strftime("%H:%M")),
            _("%(n)d messages.", n=len(messages)), ""]
    if answered:
        head.append("## " + _("Answered questions"))
        head += [f"- {q.body.strip()} ({q.votes} ▲, {q.author.display_name})" for q in answered]
    chunks = _chunks([f"**{m.author.display_name}** ({m.created_at.strftime('%H:%M')}): {m.body.strip()}"
                      for m in messages], current_app.config["BODY_MAX"] - 200)
    title = _("Transcript: %(title)s", title=session.title)[:160]
    # The record of a session held as scheduled, even if its category was archived since.
    thread = board.create_thread(author, session.category.slug, title, "\n".join(head).strip() or title,
                                 ["live"], archived_ok=True)
    for chunk in chunks:
        board.reply(author, thread.id, chunk)
    return thread


def _chunks(lines: list[str], limit: int) -> list[str]:
    chunks, current, size = [], [], 0
    for line in lines:
        line = line[:limit]
        if size + len(line) + 2 > limit and current:
            chunks.append("\n\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 2
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def set_slow_mode(user: User | None, session_id, seconds) -> LiveSession:
    _moderator(user)
    seconds = whole(seconds, 0, SLOW_MODE_MAX)  # int(inf) raises OverflowError, int("²") ValueError
    if seconds is None:
        raise Invalid(_("Slow mode is 0 to %(n)d seconds.", n=SLOW_MODE_MAX), code="bad_payload")
    with write():
        session = _open(session_id)
        session.slow_mode_seconds = seconds
    return session


# -- the room ----------------------------------------------------------------------

def _open(session_id) -> LiveSession:
    session = get_session(session_id)
    if session.state != "open":
        raise Conflict(_("The session is not open."), code="not_open")
    return session


def _standing(session_id: int, user_id: int) -> LiveMember | None:
    return db.session.get(LiveMember, (session_id, user_id))


def join(user: User | None, session_id, sid: str, server: str = "") -> LiveSession:
    """Enter a session's room."""
    user = _reader(user)
    with write():
        session = _open(session_id)
        standing = _standing(session.id, user.id)
        if standing is not None and standing.removed:
            raise NotAllowed(_("A moderator removed you from this session."), code="removed")
        if standing is None:
            db.session.add(LiveMember(session_id=session.id, user_id=user.id))
        if db.session.get(LiveSocket, sid) is None:
            db.session.add(LiveSocket(sid=sid, user_id=user.id, server=server))
        db.session.flush()
        db.session.execute(insert_or_ignore(LivePresence).values(sid=sid, session_id=session.id, user_id=user.id,
                                                                 joined_at=utcnow()))
    return session


def leave(sid: str, session_id) -> None:
    with write():
        db.session.execute(delete(LivePresence).where(LivePresence.sid == sid,
                                                      LivePresence.session_id == _int(session_id)))


def _int(value) -> int:
    number = whole(value, -MAX_ID, MAX_ID)  # beyond a 32-bit id no row can match, and the database would fail
    if number is None:
        raise Invalid(_("session_id must be a number."), code="bad_payload")
    return number


def in_room(session_id: int, user_id: int) -> bool:
    return db.session.scalar(select(func.count()).select_from(LivePresence).where(
        LivePresence.session_id == session_id, LivePresence.user_id == user_id)) > 0


def post_message(user: User | None, session_id, body) -> LiveMessage:
    """Say something in the room: stored first, then broadcast by the caller."""
    user = _member(user)
    if not isinstance(body, str) or not body.strip():
        raise Invalid(_("Write something first."), code="bad_payload")
    if len(body) > MESSAGE_MAX:
        raise Invalid(_("A message has at most %(n)d characters.", n=MESSAGE_MAX), code="too_long")
    with write():
        session = _open(session_id)
        standing = _standing(session.id, user.id)
        if standing is None or not in_room(session.id, user.id):
            raise NotAllowed(_("Join the session first."), code="not_member")
        if standing.removed:
            raise NotAllowed(_("A moderator removed you from this session."), code="removed")
        if standing.muted:
            raise NotAllowed(_("A moderator muted you in this session."), code="muted")
        now = utcnow()
        if (session.slow_mode_seconds and standing.last_message_at
                and now - standing.last_message_at < timedelta(seconds=session.slow_mode_seconds)
                and not user.is_moderator):
            wait = session.slow_mode_seconds - int((now - standing.last_message_at).total_seconds())
            raise Conflict(_("Slow mode: wait %(n)d more seconds.", n=max(wait, 1)), code="too_fast")
        standing.last_message_at = now
        message = LiveMessage(session_id=session.id, author_id=user.id, body=body.strip(),
                              html=markup.render(body.strip()), created_at=now)
        db.session.add(message)
        db.session.flush()
    return message


def history(user: User | None, session_id, after_id=None, limit: int = HISTORY) -> list[LiveMessage]:
    """Recent messages, or every message after ``after_id`` (catch-up after a reconnect)."""
    user = _reader(user)
    session = get_session(session_id)
    if is_removed(user, session):
        raise NotAllowed(_("A moderator removed you from this session."), code="removed")
    query = select(LiveMessage).where(LiveMessage.session_id == session.id)
    if after_id is not None:
        query = query.where(LiveMessage.id > _int(after_id)).order_by(LiveMessage.id).limit(1000)
        return list(db.session.scalars(query))
    rows = list(db.session.scalars(query.order_by(LiveMessage.id.desc()).limit(limit)))
    return rows[::-1]


def is_removed(user: User | None, session: LiveSession) -> bool:
    """Was this member put out of the session by a moderator?"""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    standing = _standing(session.id, user.id)
    return standing is not None and standing.removed


def catch_up(user: User | None, session_id, after_id) -> list[LiveMessage]:
    """What a member of the room missed; someone removed from the session gets nothing more."""
    user = _reader(user)
    session = get_session(session_id)
    standing = _standing(session.id, user.id)
    if standing is None:
        raise NotAllowed(_("Join the session first."), code="not_member")
    if standing.removed:
        raise NotAllowed(_("A moderator removed you from this session."), code="removed")
    return history(user, session.id, after_id=after_id)


def delete_message(user: User | None, session_id, message_id) -> LiveMessage:
    """Hide a message for everyone; moderators still see it, with who deleted it."""
    moderator = _moderator(user)
    with write():
        session = get_session(session_id)
        message = db.session.get(LiveMessage, _int(message_id))
        if message is None or message.session_id != session.id:
            raise NotFound(_("No such message."), code="not_found")
        if message.deleted_at is None:
            message.deleted_at, message.deleted_by_id = utcnow(), moderator.id
        if session.pinned_message_id == message.id:
            session.pinned_message_id = None
    return message


def pin(user: User | None, session_id, message_id) -> LiveMessage | None:
    """Pin a message at the top of the room (``None`` unpins)."""
    _moderator(user)
    with write():
        session = _open(session_id)
        if message_id is None:
            session.pinned_message_id = None
            return None
        message = db.session.get(LiveMessage, _int(message_id))
        if message is None or message.session_id != session.id or message.deleted_at is not None:
            raise NotFound(_("No such message."), code="not_found")
        session.pinned_message_id = message.id
    return message


def _target(session: LiveSession, username) -> LiveMember:
    from forum.accounts.services import user_by_username

    target = user_by_username(username) if isinstance(username, str) else None
    if target is None:
        raise NotFound(_("No such user."), code="not_found")
    standing = _standing(session.id, target.id)
    if standing is None:
        standing = LiveMember(session_id=session.id, user_id=target.id)
        db.session.add(standing)
        db.session.flush()
    return standing


def mute(user: User | None, session_id, username, muted: bool = True) -> LiveMember:
    """Stop (or let again) a member talking in this session."""
    _moderator(user)
    if not isinstance(muted, bool):
        raise Invalid(_("muted must be true or false."), code="bad_payload")
    with write():
        standing = _target(_open(session_id), username)
        if standing.user.is_moderator:
            raise NotAllowed(_("Moderators cannot be muted."), code="forbidden")
        standing.muted = muted
    return standing


def remove(user: User | None, session_id, username) -> tuple[LiveMember, list[str]]:
    """Put a member out of the session; returns the sockets to drop from the room."""
    _moderator(user)
    with write():
        session = _open(session_id)
        standing = _target(session, username)
        if standing.user.is_moderator:
            raise NotAllowed(_("Moderators cannot be removed."), code="forbidden")
        standing.removed, standing.hand_raised_at = True, None
        sids = list(db.session.scalars(select(LivePresence.sid).where(
            LivePresence.session_id == session.id, LivePresence.user_id == standing.user_id)))
        db.session.execute(delete(LivePresence).where(LivePresence.session_id == session.id,
                                                      LivePresence.user_id == standing.user_id))
    return standing, sids


# -- hands and questions -------------------------------------------------------------

def raise_hand(user: User | None, session_id, raised: bool = True) -> None:
    user = _member(user)
    if not isinstance(raised, bool):
        raise Invalid(_("raised must be true or false."), code="bad_payload")
    with write():
        session = _open(session_id)
        standing = _standing(session.id, user.id)
        if standing is None or not in_room(session.id, user.id):
            raise NotAllowed(_("Join the session first."), code="not_member")
        if raised and standing.hand_raised_at is None:
            standing.hand_raised_at = utcnow()
        elif not raised:
            standing.hand_raised_at = None


def muted(session_id: int) -> list[str]:
    """Usernames muted in a session (the room is told of each mute, so anyone in it may know)."""
    return list(db.session.scalars(select(User.username).join(LiveMember, LiveMember.user_id == User.id)
                                   .where(LiveMember.session_id == session_id, LiveMember.muted.is_(True))))


def hands(session_id: int) -> list[LiveMember]:
    """The raised hands, first raised first."""
    return list(db.session.scalars(select(LiveMember).where(
        LiveMember.session_id == session_id, LiveMember.hand_raised_at.isnot(None))
        .order_by(LiveMember.hand_raised_at, LiveMember.user_id)))


def give_floor(user: User | None, session_id, username) -> User:
    """The moderator gives the floor to a member: their hand goes down, everyone is told."""
    _moderator(user)
    with write():
        standing = _target(_open(session_id), username)
        standing.hand_raised_at = None
    return standing.user


def ask(user: User | None, session_id, body) -> LiveQuestion:
    user = _member(user)
    if not isinstance(body, str) or not body.strip():
        raise Invalid(_("Write your question first."), code="bad_payload")
    if len(body) > QUESTION_MAX:
        raise Invalid(_("A question has at most %(n)d characters.", n=QUESTION_MAX), code="too_long")
    with write():
        session = _open(session_id)
        standing = _standing(session.id, user.id)
        if standing is None or not in_room(session.id, user.id):
            raise NotAllowed(_("Join the session first."), code="not_member")
        if standing.muted or standing.removed:
            raise NotAllowed(_("A moderator muted you in this session."), code="muted")
        question = LiveQuestion(session_id=session.id, author_id=user.id, body=body.strip(),
                                html=markup.render(body.strip()))
        db.session.add(question)
        db.session.flush()
    return question


def vote(user: User | None, session_id, question_id) -> LiveQuestion:
    """One upvote per member per question, not on your own."""
    user = _member(user)
    with write():
        session = _open(session_id)
        question = db.session.get(LiveQuestion, _int(question_id))
        if question is None or question.session_id != session.id:
            raise NotFound(_("No such question."), code="not_found")
        standing = _standing(session.id, user.id)
        if standing is not None and standing.removed:
            raise NotAllowed(_("A moderator removed you from this session."), code="removed")
        if standing is None or not in_room(session.id, user.id):
            raise NotAllowed(_("Join the session first."), code="not_member")
        if question.author_id == user.id:
            raise NotAllowed(_("You cannot vote for your own question."), code="forbidden")
        if db.session.get(LiveVote, (question.id, user.id)) is not None:
            raise Conflict(_("You already voted for this question."), code="conflict")
        db.session.add(LiveVote(question_id=question.id, user_id=user.id))
        db.session.execute(update(LiveQuestion).where(LiveQuestion.id == question.id)
                           .values(votes=LiveQuestion.votes + 1))
    db.session.refresh(question)
    return question


def mark_answered(user: User | None, session_id, question_id) -> LiveQuestion:
    _moderator(user)
    with write():
        session = _open(session_id)
        question = db.session.get(LiveQuestion, _int(question_id))
        if question is None or question.session_id != session.id:
            raise NotFound(_("No such question."), code="not_found")
        question.answered_at = question.answered_at or utcnow()
    return question


def questions(session_id: int) -> list[LiveQuestion]:
    """Open questions by votes, then answered ones."""
    return list(db.session.scalars(select(LiveQuestion).where(LiveQuestion.session_id == session_id)
                                   .order_by(LiveQuestion.answered_at.isnot(None), LiveQuestion.votes.desc(),
                                             LiveQuestion.id)))
