"""The fan-out stores many notifications with a few multi-row inserts, not one statement per watcher."""

from __future__ import annotations

from forum.accounts.models import Region, User
from forum.board.models import Category
from forum.extensions import db
from forum.models_base import utcnow
from forum.notifications import fanout
from forum.notifications.models import Notification, Watch
from tests.fixtures.db import counting

WATCHERS = 1200


def _watchers(app, password_hash: str) -> None:
    with app.app_context():
        region_id = db.session.scalar(db.select(Region.id).where(Region.slug == "padang"))
        category_id = db.session.scalar(db.select(Category.id).where(Category.slug == "teknologi-informasi"))
        now = utcnow()
        db.session.execute(db.insert(User), [
            {"username": f"pemantau{i}", "username_key": f"pemantau{i}", "email": f"pemantau{i}@example.org",
             "display_name": f"Pemantau {i}", "password_hash": password_hash, "region_id": region_id,
             "created_at": now} for i in range(WATCHERS)])
        ids = db.session.scalars(db.select(User.id).where(User.username_key.like("pemantau%"))).all()
        db.session.execute(db.insert(Watch), [{"user_id": uid, "category_id": category_id, "level": "watching",
                                               "updated_at": now} for uid in ids])
        db.session.commit()


def test_a_reply_to_many_watchers_is_a_few_inserts(app, user, other_user, thread, api):
    _watchers(app, user.password_hash)
    post = api("budi").post(f"/threads/{thread.id}/posts", {"body": "Untuk semua."}).get_json()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Notification)
                                 .where(Notification.post_id == post["id"])) == WATCHERS + 1
        db.session.execute(db.delete(Notification).where(Notification.post_id == post["id"]))
        db.session.commit()
    with counting(app) as statements, app.app_context():
        assert fanout.post_created(post["id"]) == WATCHERS + 1
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert 1 <= len(inserts) <= -(-(WATCHERS + 1) // fanout.CHUNK), len(inserts)
    assert len(statements) < 20, statements
    with app.app_context():  # a retried job stores nothing twice
        assert fanout.post_created(post["id"]) == WATCHERS + 1
        assert db.session.scalar(db.select(db.func.count()).select_from(Notification)
                                 .where(Notification.post_id == post["id"])) == WATCHERS + 1
