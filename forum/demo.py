"""Demo data: the reference data, a few users of each role, threads.

Loading is idempotent: reference data is added where missing (``forum.reference``), users are made
once, and threads are only written into a forum that has none.
"""

from __future__ import annotations

from datetime import timedelta
from random import Random

from sqlalchemy import func, select, update

from forum import demo_content as content
from forum import reference
from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.board import reactions
from forum.board import services as board
from forum.board.models import Category, Post, Thread
from forum.database import write
from forum.extensions import db
from forum.live import services as live
from forum.live.models import LiveSession
from forum.mentoring import rounds, taxonomy
from forum.mentoring import services as mentoring
from forum.mentoring.models import MentoringProfile
from forum.models_base import utcnow

DEMO_PASSWORD = "pustakawan-demo"


def load_reference() -> dict:
    """Regions, categories and skills: what every installation starts from (``forum.reference``)."""
    return reference.load()


def load(echo=print) -> dict:
    """Load the demo data; returns how many rows of each kind were added."""
    added = load_reference()
    added.update(users=0, threads=0, posts=0)
    for u in content.USERS:
        if accounts.user_by_username(u["username"]) is None:
            user = accounts.register({**u, "password": DEMO_PASSWORD}, role=u["role"], verified=True)
            accounts.update_profile(user, user, {"bio": u.get("bio", ""), "display_name": u["display_name"],
                                                 "institution": u["institution"], "region": u["region"]})
            added["users"] += 1
    if db.session.scalar(select(func.count(MentoringProfile.user_id))) == 0:
        added["mentoring_profiles"] = _mentoring()
        # One published round, so the mentoring pages have proposals to answer.
        added["proposals"] = rounds.run_round(None, publish=True).matched
    if db.session.scalar(select(func.count(LiveSession.id))) == 0:
        added["live_sessions"] = _live()
    if db.session.scalar(select(func.count(Thread.id))) == 0:
        for t in content.THREADS:
            _thread(t)
            added["threads"] += 1
            added["posts"] += 1 + len(t["replies"])
        _backfill_category_latest()
    echo(", ".join(f"{v} {k}" for k, v in added.items()) + " added")
    return added


def _thread(t: dict) -> None:
    author = accounts.user_by_username(t["author"])
    thread = board.create_thread(author, t["category"], t["title"], t["body"], t.get("tags"))
    posts = [board.posts_page(thread, 1).items[0].id]
    for username, body in t["replies"]:
        posts.append(board.reply(accounts.user_by_username(username), thread.id, body).id)
    # The asker thanks the others' answers and, for a question that got three or more, marks the first
    # as the solution (the rest stay open: the lists' filters have something to show either way).
    answers = [post_id for post_id, (username, _body) in zip(posts[1:], t["replies"], strict=True)
               if username != t["author"]]
    for post_id in answers:
        reactions.react(author, post_id, "thanks")
    if t["title"].rstrip().endswith("?") and len(answers) >= 3:
        board.mark_solution(author, thread.id, answers[0])
    # Spread the conversation over the days since it started, so the demo reads like a real forum.
    start = utcnow() - timedelta(days=t["days_ago"], hours=3)
    step = timedelta(hours=min(20, max(1, t["days_ago"] * 20 // max(len(posts), 1))))
    with write():
        for i, post_id in enumerate(posts):
            db.session.execute(update(Post).where(Post.id == post_id).values(created_at=start + step * i))
        db.session.execute(
            update(Thread).where(Thread.id == thread.id).values(created_at=start, last_post_at=start + step * (len(posts) - 1))
        )


def _backfill_category_latest() -> None:
    with write():
        for category in db.session.scalars(select(Category)):
            latest = db.session.scalar(
                select(Post.id).join(Thread, Post.thread_id == Thread.id)
                .where(Thread.category_id == category.id)
                .order_by(Post.created_at.desc(), Post.id.desc()).limit(1)
            )
            category.last_post_id = latest


def demo_users() -> list[User]:
    return [accounts.user_by_username(u["username"]) for u in content.USERS]


def _mentoring() -> int:
    """Skill profiles for every demo user; staff and seniors mentor, newer members ask for mentors."""
    slugs = [sk["slug"] for sk in taxonomy.SKILLS]
    count = 0
    for u in content.USERS:
        user = accounts.user_by_username(u["username"])
        rng = Random(u["username"])  # the same demo every time
        senior = u["role"] != "member" or rng.random() < 0.3
        levels = {slug: rng.choice([2, 3, 3, 4, 4] if senior else [0, 1, 1, 2, 3]) for slug in slugs}
        wants = not senior
        goals = {}
        if wants:
            for slug in rng.sample(slugs, 3):
                if levels[slug] < 4:
                    goals[slug] = min(4, max(3, levels[slug] + 2))
        languages = ["id", "en"] if rng.random() < 0.5 else ["id"]
        if u["region"] in {"bukittinggi", "padang", "payakumbuh", "kabupaten-agam", "solok"}:
            languages.append("minang")
        mentoring.set_skill_levels(user, user, levels)
        mentoring.set_mentoring(user, user, {
            "mentor": {"capacity": rng.choice([1, 2, 3])} if senior else None,
            "mentee": {"goals": goals} if wants and goals else None,
            "languages": languages,
            "availability": rng.sample(["weekday-morning", "weekday-afternoon", "weekday-evening", "weekend"], 2),
        })
        count += 1
    return count


def _live() -> int:
    """A clinic open now and a Q&A with a partner university next week."""
    host = accounts.user_by_username("moderator")
    clinic = live.schedule(host, {
        "title": "Klinik katalogisasi: RDA dan MARC untuk koleksi lokal",
        "description": "Bawa contoh cantuman yang membingungkan; kita bahas bersama.",
        "category": "pengelolaan-koleksi", "starts_at": utcnow().isoformat(), "duration_minutes": 90})
    live.open_session(host, clinic.id)
    live.schedule(host, {
        "title": "Tanya jawab: kemitraan magang dengan perpustakaan universitas",
        "description": "Bersama UPT Perpustakaan Universitas Andalas.",
        "category": "kemitraan-jaringan", "starts_at": (utcnow() + timedelta(days=7)).isoformat(),
        "duration_minutes": 60})
    return 2
