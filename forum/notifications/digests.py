"""Daily and weekly digests: active and unanswered threads in each member's categories and region.

A member's categories are those they watch or track, or posted in (all of them when
none), less those they muted; unanswered threads also come from their region.

Built for thousands of members at once: the threads worth telling about are read once per
run (a few candidates per category and per region, the guests' view of the board, so a
private mentorship thread can never be in a digest), then members are taken in batches of
``BATCH`` with one query for their categories; each batch is rendered, stored and handed
to the mail job (one SMTP connection per batch) before the next is read. A digest's key
is ``digest:KIND:USER:PERIOD``: a run repeated for the same period sends nothing twice,
and a member with nothing to read gets no mail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, ngettext
from sqlalchemy import false, func, select
from sqlalchemy.orm import lazyload, load_only

from forum.accounts.models import User
from forum.board import services as board
from forum.board.models import Category, Post, Thread
from forum.extensions import db
from forum.mail import compose, delivery
from forum.mail.models import MailMessage
from forum.models_base import utcnow
from forum.notifications.models import Watch
from forum.tasks import periodic

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
BATCH = 500
PER_LIST = 5  # threads in each list of a digest
CANDIDATES = 5  # per category (active, unanswered) and per region (unanswered): enough to fill any digest


@dataclass
class Candidate:
    id: int
    title: str
    url: str
    category_id: int
    author_id: int
    region_id: int
    replies: int
    created_at: datetime


@dataclass
class Board:
    """What one run tells about: candidate threads, and category names in each language."""

    active: list[Candidate] = field(default_factory=list)
    unanswered: list[Candidate] = field(default_factory=list)
    categories: dict[str, dict[int, str]] = field(default_factory=dict)
    all_categories: frozenset[int] = frozenset()


def period_label(kind: str, now: datetime) -> str:
    """The period a run belongs to, on the site's clock: ``2026-12-03`` (daily) or ``2026-W49`` (weekly)."""
    local = now.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    if kind == "daily":
        return local.isoformat()
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def send_digests(kind: str, now: datetime | None = None) -> int:
    """Queue the ``kind`` digest of every member who chose it; the number of mails queued."""
    if kind not in PERIODS:
        raise ValueError(f"unknown digest {kind!r}")
    now = now or utcnow()
    since = now - PERIODS[kind]
    label = period_label(kind, now)
    news = _read_board(since, now)
    if not news.active and not news.unanswered:
        return 0
    queued = 0
    after = 0
    while True:
        members = _members(kind, after)
        if not members:
            return queued
        after = members[-1].id
        queued += len(delivery.queue(_drafts(kind, label, members, news)))
        db.session.expunge_all()  # what a batch loaded is not kept while the next is built


def _members(kind: str, after: int) -> list[User]:
    query = (
        select(User)
        .options(load_only(User.id, User.username, User.email, User.display_name, User.locale, User.region_id),
                 lazyload(User.region))
        .where(User.email_notifications == kind, User.suspended == false(), User.id > after)
        .order_by(User.id)
        .limit(BATCH)
    )
    return list(db.session.scalars(query))


def _read_board(since: datetime, until: datetime) -> Board:
    """The candidates of this run, with the guests' view of the board (never a private thread)."""
    visible = board.visible_threads(None) & board.listed_threads()
    replies = (
        select(Post.thread_id, func.count(Post.id).label("replies"))
        .where(Post.created_at >= since, Post.created_at < until, Post.number > 1, board.visible_posts(None))
        .group_by(Post.thread_id)
        .subquery()
    )
    rank = func.row_number().over(partition_by=Thread.category_id,
                                  order_by=(replies.c.replies.desc(), Thread.last_post_at.desc())).label("rank")
    active = (
        select(Thread.id, Thread.title, Thread.category_id, Thread.author_id, User.region_id, replies.c.replies,
               Thread.created_at, rank)
        .join(replies, replies.c.thread_id == Thread.id)
        .join(User, User.id == Thread.author_id)
        .where(visible)
        .subquery()
    )
    news = Board()
    news.active = _candidates(select(active).where(active.c.rank <= CANDIDATES))
    news.active.sort(key=lambda c: (-c.replies, c.id))
    fresh = (Thread.post_count == 1, Thread.created_at >= since, Thread.created_at < until, visible)
    seen: dict[int, Candidate] = {}
    for partition in (Thread.category_id, User.region_id):
        rank = func.row_number().over(partition_by=partition, order_by=Thread.created_at.desc()).label("rank")
        unanswered = (
            select(Thread.id, Thread.title, Thread.category_id, Thread.author_id, User.region_id,
                   (Thread.post_count - 1).label("replies"), Thread.created_at, rank)
            .join(User, User.id == Thread.author_id)
            .where(*fresh)
            .subquery()
        )
        for candidate in _candidates(select(unanswered).where(unanswered.c.rank <= CANDIDATES)):
            seen[candidate.id] = candidate
    news.unanswered = sorted(seen.values(), key=lambda c: c.created_at, reverse=True)
    categories = list(db.session.scalars(select(Category).options(lazyload("*"))))
    news.all_categories = frozenset(c.id for c in categories)
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            news.categories[lang] = {c.id: c.display_name for c in categories}
    return news


def _candidates(query) -> list[Candidate]:
    return [Candidate(id=row.id, title=row.title, url=compose.site_url("board.thread", thread_id=row.id),
                      category_id=row.category_id, author_id=row.author_id, region_id=row.region_id,
                      replies=row.replies, created_at=row.created_at)
            for row in db.session.execute(query)]


def member_categories(user_ids: list[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """``(theirs, muted)``: the categories each member watches, tracks or posted in, and those they muted.

    Two queries for the whole batch; members with none are left out of ``theirs``.
    """
    theirs: dict[int, set[int]] = defaultdict(set)
    muted: dict[int, set[int]] = defaultdict(set)
    posted = db.session.execute(
        select(Post.author_id, Thread.category_id).distinct()
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.author_id.in_(user_ids))
    )
    for author_id, category_id in posted:
        theirs[author_id].add(category_id)
    watched = db.session.execute(
        select(Watch.user_id, Watch.category_id, Watch.level)
        .where(Watch.user_id.in_(user_ids), Watch.category_id.is_not(None))
    )
    for user_id, category_id, level in watched:
        if level == "muted":
            muted[user_id].add(category_id)
        elif level in ("watching", "tracking"):
            theirs[user_id].add(category_id)
    return theirs, muted


def _drafts(kind: str, label: str, members: list[User], news: Board) -> list[dict]:
    keys = {member.id: f"digest:{kind}:{member.id}:{label}" for member in members}
    done = set(db.session.scalars(select(MailMessage.key).where(MailMessage.key.in_(list(keys.values())))))
    categories, muted = member_categories([m.id for m in members if keys[m.id] not in done])
    drafts = []
    for member in members:
        if keys[member.id] in done:
            continue
        theirs = (categories.get(member.id) or news.all_categories) - muted.get(member.id, set())
        active = [c for c in news.active if c.category_id in theirs][:PER_LIST]
        unanswered = sorted(
            (c for c in news.unanswered
             if c.author_id != member.id and c.category_id not in muted.get(member.id, ())
             and (c.category_id in theirs or c.region_id == member.region_id)),
            key=lambda c: (c.region_id != member.region_id, -c.created_at.timestamp()),
        )[:PER_LIST]
        if not active and not unanswered:
            continue
        names = news.categories[compose.language_of(member)]
        drafts.append(compose.draft(
            keys[member.id], member, "digest", _subject(kind, len(active) + len(unanswered)), kind=kind,
            active=[_line(c, names) for c in active], unanswered=[_line(c, names) for c in unanswered],
            own_region=member.region_id,
        ))
    return drafts


def _line(candidate: Candidate, names: dict[int, str]) -> dict:
    return {"title": candidate.title, "url": candidate.url, "category": names.get(candidate.category_id, ""),
            "replies": candidate.replies, "region_id": candidate.region_id}


def _subject(kind: str, count: int):
    def subject() -> str:
        if kind == "daily":
            return ngettext("Jejaring today: %(num)d thread for you", "Jejaring today: %(num)d threads for you", count)
        return ngettext("Jejaring this week: %(num)d thread for you", "Jejaring this week: %(num)d threads for you",
                        count)

    return subject



# On the site's clock (Asia/Jakarta, UTC+7): the daily digest at 06:00, the weekly one on Monday at 06:30.
@periodic(minute="0", hour="23")
def daily_digest() -> None:
    """Every morning: yesterday's digest to each member who chose it."""
    send_digests("daily")


@periodic(minute="30", hour="23", day_of_week="0")
def weekly_digest() -> None:
    """Monday morning: last week's digest to each member who chose it."""
    send_digests("weekly")
