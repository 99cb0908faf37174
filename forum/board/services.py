"""Rules of the board: who may read and write what, and every write."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, exists, false, func, or_, select, true, update
from sqlalchemy.orm import defer, joinedload, lazyload, load_only

from forum import markup
from forum.accounts.models import User
from forum.accounts.services import require_member as _require_member
from forum.board import revisions
from forum.board.models import Category, Post, Tag, Thread, thread_members
from forum.board.signals import post_created, post_edited, send_after_commit, solution_marked
from forum.board.stemming import index_text
from forum.database import write
from forum.errors import Invalid, Moved, NotAllowed, NotFound
from forum.extensions import db
from forum.inputs import record_id
from forum.models_base import utcnow
from forum.moderation import trust
from forum.paging import Page

TAG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
MAX_TAGS = 5


# -- permissions (one place, used by pages, API and search) --------------------

def can_view_category(user: User | None, category: Category) -> bool:
    return True


def _signed_in(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_thread_member(user: User | None, thread: Thread) -> bool:
    if not _signed_in(user):
        return False
    query = select(exists().where(thread_members.c.thread_id == thread.id, thread_members.c.user_id == user.id))
    return bool(db.session.scalar(query))


def can_view_thread(user: User | None, thread: Thread) -> bool:
    if thread.private:
        return _signed_in(user) and (user.is_admin or is_thread_member(user, thread))
    return can_view_category(user, thread.category)




def visible_threads(user: User | None):
    """SQL condition on ``Thread``: the threads ``user`` may read (lists, search, feeds)."""
    if _signed_in(user) and user.is_admin:
        return true()
    if not _signed_in(user):
        return Thread.private == false()
    member = select(thread_members.c.thread_id).where(thread_members.c.user_id == user.id)
    return or_(Thread.private == false(), Thread.id.in_(member))


def sees_only_public(user: User | None) -> bool:
    """Whether ``visible_threads(user)`` is the guests' rule (guests, and members of no private thread and
    not admins): such readers may share one copy of a list or search."""
    if not _signed_in(user):
        return True
    if user.is_admin:
        return False
    return not db.session.scalar(select(exists().where(thread_members.c.user_id == user.id)))


def post_view(user: User | None, author_id: int, state: str) -> str:
    """How ``user`` sees a post of a thread they may read: the one rule of hidden, deleted and pending posts.

    ``"full"``: its text (every visible post; moderators see every post, its author their own hidden or
    pending one); ``"placeholder"``: a line saying it was hidden or removed, in its place (members and guests,
    for hidden and deleted posts: the numbering stays); ``"none"``: not at all (a pending post).
    """
    if state == "visible":
        return "full"
    if _signed_in(user) and not user.suspended:
        if user.is_moderator:
            return "full"
        if user.id == author_id and state in ("hidden", "pending"):
            return "full"
    return "placeholder" if state in ("hidden", "deleted") else "none"


def can_view_post(user: User | None, post: Post) -> bool:
    """Whether ``user`` may read ``post``'s text (its thread aside): ``post_view`` is ``"full"``."""
    return post_view(user, post.author_id, post.state) == "full"


def visible_posts(user: User | None):
    """SQL condition on ``Post``, beside its thread's: the posts whose text ``user`` may read (``can_view_post``
    for many); lists, search, feeds, notifications and mail filter with it, so the rule changes here only."""
    if _signed_in(user) and not user.suspended:
        if user.is_moderator:
            return true()
        return or_(Post.state == "visible", and_(Post.author_id == user.id, Post.state.in_(("hidden", "pending"))))
    return Post.state == "visible"


def listed_threads():
    """SQL condition on ``Thread``, beside ``visible_threads``: the threads lists show, those with a post
    everyone may read (a new account's thread waiting for approval, or one whose every post is hidden or
    removed, is listed for nobody; ``set_post_state`` keeps ``last_post_id`` to the latest visible post), and
    not merged into another (it has no posts of its own left; its address redirects)."""
    return and_(Thread.last_post_id.isnot(None), Thread.merged_into_id.is_(None))


def readers_among(thread: Thread, user_ids) -> set[int]:
    """Of ``user_ids``, the members who may read ``thread`` (``can_view_thread`` for many, in one query)."""
    ids = set(user_ids)
    if not thread.private or not ids:
        return ids
    member = select(thread_members.c.user_id).where(thread_members.c.thread_id == thread.id)
    query = select(User.id).where(User.id.in_(ids), or_(User.role == "admin", User.id.in_(member)))
    return set(db.session.scalars(query))


def can_post_in(user: User | None, category: Category) -> bool:
    return user is not None and user.is_authenticated and not user.suspended


def can_start_thread(user: User | None, category: Category) -> bool:
    """Members start threads in open categories; an archived one takes none (its threads stay readable)."""
    return can_post_in(user, category) and not category.archived


def archived_refusal() -> str:
    return _("This category is archived: its threads stay readable, but it takes no new threads.")


def can_reply(user: User | None, thread: Thread) -> bool:
    if not can_post_in(user, thread.category):
        return False
    return not thread.locked or user.is_moderator


def can_edit_post(user: User | None, post: Post, thread: Thread | None = None) -> bool:
    """The author while the thread is open, and moderators. ``thread`` saves a lookup on list pages."""
    return can_edit_by(user, post.author_id, thread or post.thread)


def can_edit_by(user: User | None, author_id: int, thread: Thread) -> bool:
    """``can_edit_post`` for a post of ``thread`` by ``author_id``, when only those are at hand (cached pages)."""
    if user is None or not user.is_authenticated or user.suspended:
        return False
    if user.is_moderator:
        return True
    return author_id == user.id and not thread.locked


def can_mark_solution(user: User | None, thread: Thread) -> bool:
    """The thread's author and moderators (signed in, not suspended) choose its solution."""
    if not _signed_in(user) or user.suspended:
        return False
    return user.is_moderator or user.id == thread.author_id


def can_react(user: User | None, author_id: int) -> bool:
    """Signed-in, unsuspended members react to posts, never to their own."""
    return _signed_in(user) and not user.suspended and user.id != author_id


# -- reading -------------------------------------------------------------------

# What pages show of an author: loading the whole row (password hash, bio ...) for every post is waste.
AUTHOR_COLUMNS = (User.id, User.username, User.display_name, User.role, User.institution, User.region_id,
                  User.suspended, User.session_version)

def categories() -> list[Category]:
    """Every category with its counters and latest post, in one query."""
    query = (
        select(Category)
        # lazyload: the thread's own author join would otherwise scan every thread on each view.
        .options(joinedload(Category.last_post).options(
            load_only(Post.id, Post.thread_id, Post.author_id, Post.created_at),
            joinedload(Post.thread).options(load_only(Thread.id, Thread.title), lazyload(Thread.author),
                                            lazyload(Thread.category), lazyload(Thread.tags)),
            joinedload(Post.author)))
        .order_by(Category.archived, Category.position, Category.name)
    )
    return list(db.session.scalars(query).unique())


def categories_version() -> tuple:
    """What the category index shows that writes change: every category's counters and latest post, and its
    revision (bumped when an admin renames, describes, reorders or archives it)."""
    query = select(Category.id, Category.thread_count, Category.post_count, Category.last_post_id,
                   Category.revision).order_by(Category.id)
    return tuple(tuple(row) for row in db.session.execute(query))


def category_choices(*, open_only: bool = False) -> list[Category]:
    """Every category, without counters' joins: enough for a menu of categories (the latest list's filters,
    archived ones last: their threads are still found). ``open_only``: those that take new threads."""
    query = select(Category).options(lazyload("*")).order_by(Category.archived, Category.position, Category.name)
    if open_only:
        query = query.where(Category.archived == false())
    return list(db.session.scalars(query))


def list_is_shared(user: User | None, category: Category) -> bool:
    """Whether every reader sees the same thread list in ``category`` (``threads_in`` never lists private
    threads, for anybody), so that one rendering may serve them all."""
    return can_view_category(user, category)


def category_by_slug(slug) -> Category:
    if not isinstance(slug, str):
        raise NotFound(_("No such category."))
    category = db.session.scalar(select(Category).where(Category.slug == slug))
    if category is None:
        raise NotFound(_("No such category."))
    return category


def threads_in(user: User | None, category: Category, page: int) -> Page:
    """A page of a category's threads, pinned first, then by latest activity."""
    if not can_view_category(user, category):
        raise NotFound(_("No such category."))
    per_page = current_app.config["THREADS_PER_PAGE"]
    query = (
        select(Thread)
        .where(Thread.category_id == category.id, Thread.private == false(), listed_threads())
        # No author's region in lists: joined into the latest post's outer join, it costs a users-regions join.
        .options(joinedload(Thread.author).options(load_only(*AUTHOR_COLUMNS), lazyload(User.region)),
                 joinedload(Thread.last_post).options(
                     load_only(Post.id, Post.author_id, Post.created_at),
                     joinedload(Post.author).options(load_only(*AUTHOR_COLUMNS), lazyload(User.region))))
        .order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = list(db.session.scalars(query).unique())
    return Page(items, page, per_page, category.thread_count)


def get_thread(user: User | None, thread_id) -> Thread:
    """A thread the reader may see, else ``NotFound``."""
    thread_id = record_id(thread_id)
    thread = db.session.get(Thread, thread_id) if thread_id else None
    if thread is None or not can_view_thread(user, thread):
        raise NotFound(_("No such thread."))
    if thread.merged_into_id is not None:
        raise Moved(_("This thread was merged into another."), target_id=thread.merged_into_id)
    return thread


def posts_page(thread: Thread, page: int, *, with_body: bool = False) -> Page:
    """One page of a thread's posts with their authors: one query, any page size.

    Pages show the stored HTML only; ``with_body`` also loads the markdown (the API returns both).
    """
    per_page = current_app.config["POSTS_PER_PAGE"]
    first = (page - 1) * per_page + 1
    query = (
        select(Post)
        .where(Post.thread_id == thread.id, Post.number >= first, Post.number < first + per_page)
        .options(joinedload(Post.author).load_only(*AUTHOR_COLUMNS))
        .order_by(Post.number)
    )
    if not with_body:
        query = query.options(defer(Post.body))
    return Page(list(db.session.scalars(query)), page, per_page, thread.post_count)


def get_post(user: User | None, post_id, *, text: bool = True) -> Post:
    """A post whose text the reader may read, else ``NotFound``; ``text=False`` also finds a hidden or
    deleted post shown as a placeholder (permanent links, the API's masked copy)."""
    post_id = record_id(post_id)
    post = db.session.get(Post, post_id) if post_id else None
    if post is None or not can_view_thread(user, post.thread):
        raise NotFound(_("No such post."))
    view = post_view(user, post.author_id, post.state)
    if view == "none" or (text and view != "full"):
        raise NotFound(_("No such post."))
    return post


def page_of_post(post: Post) -> int:
    return (post.number - 1) // current_app.config["POSTS_PER_PAGE"] + 1


def posts_by(user: User | None, author: User, page: int, per_page: int = 20) -> Page:
    """A page of what ``author`` wrote, newest first, that ``user`` may read."""
    visible = (
        select(Post)
        .join(Thread, Post.thread_id == Thread.id)
        .where(Post.author_id == author.id, visible_threads(user), visible_posts(user))
    )
    query = (
        visible.options(joinedload(Post.thread).load_only(Thread.id, Thread.title, Thread.category_id, Thread.private))
        .order_by(Post.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    total = db.session.scalar(select(func.count()).select_from(visible.subquery()))
    return Page(list(db.session.scalars(query)), page, per_page, total)


def quote_text(user: User | None, post_id) -> str:
    """Markdown quoting a post, for the reply box."""
    post = get_post(user, post_id)
    return markup.quote(post.author.username, post.body)


def case_study_template() -> str:
    return "\n\n".join(
        [
            "## " + _("Situation") + "\n\n" + _("What was happening, where, and who was involved?"),
            "## " + _("Action taken") + "\n\n" + _("What did you do, step by step?"),
            "## " + _("Outcome") + "\n\n" + _("What happened as a result? Numbers help."),
            "## " + _("Lessons") + "\n\n" + _("What would you repeat, and what would you do differently?"),
        ]
    ) + "\n"


# -- validation ----------------------------------------------------------------

def _clean_title(raw, errors: dict) -> str:
    if not isinstance(raw, str):
        errors["title"] = _("The title must be text.")
        return ""
    title = " ".join(raw.split())
    limit = current_app.config["TITLE_MAX"]
    if len(title) < 3:
        errors["title"] = _("The title needs at least 3 characters.")
    elif len(title) > limit:
        errors["title"] = _("The title can have at most %(n)d characters.", n=limit)
    return title


def _clean_body(raw, errors: dict) -> str:
    if not isinstance(raw, str):
        errors["body"] = _("The text must be text.")
        return ""
    body = raw.replace("\r\n", "\n").strip()
    limit = current_app.config["BODY_MAX"]
    if not body:
        errors["body"] = _("Write something first.")
    elif len(body) > limit:
        errors["body"] = _("The text can have at most %(n)d characters.", n=limit)
    return body


def _clean_tags(raw, errors: dict) -> list[str]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        raw = [t for t in re.split(r"[,\s]+", raw) if t]
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        errors["tags"] = _("Tags must be a list of words.")
        return []
    tags = []
    for tag in raw:
        tag = tag.strip().lower().lstrip("#")
        if not TAG_RE.match(tag):
            errors["tags"] = _("Tags are 2 to 32 lowercase letters, digits or dashes: %(tag)s", tag=tag[:40])
            return []
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        errors["tags"] = _("At most %(n)d tags.", n=MAX_TAGS)
    return tags


def _tag_rows(names: list[str]) -> list[Tag]:
    existing = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(names)))} if names else {}
    rows = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
        rows.append(tag)
    return rows


def known_users(names: set[str]) -> dict[str, str]:
    """Of lower-cased names, the members': ``{username_key: username}`` (markup links their @mentions)."""
    query = select(User.username_key, User.username).where(User.username_key.in_(sorted(names)))
    return dict(db.session.execute(query).all())


def render_body(body: str) -> str:
    """A post's stored HTML: its markdown rendered, members' @mentions linked."""
    return markup.render(body, known_users=known_users)


def _new_post(thread: Thread, author: User, body: str, number: int, state: str = "visible") -> Post:
    now = utcnow()
    html = render_body(body)
    post = Post(thread=thread, number=number, author_id=author.id, body=body, html=html,
                search_text=index_text(markup.plain_text(html)), created_at=now, state=state)
    db.session.add(post)
    db.session.flush()
    return post


# -- writing -------------------------------------------------------------------

def create_thread(user: User | None, category_slug, title, body, tags=None, *, archived_ok: bool = False) -> Thread:
    """Start a thread with its first post; never in an archived category, unless another capability's
    service records something begun before the archiving (``archived_ok``: a live session's transcript)."""
    _require_member(user)
    category, clean_title, clean_body, clean_tags = _validate_thread(user, category_slug, title, body, tags,
                                                                     refuse_archived=not archived_ok)
    state = trust.check_post(user, clean_body, new_thread=True)
    with write():
        thread = _insert_thread(user, category, clean_title, clean_body, clean_tags, private=False, state=state)
    db.session.refresh(thread)
    return thread


def create_private_thread(user: User, members: list[User], category_slug, title, body) -> Thread:
    """Start a thread only ``members`` (and admins) can read; for other capabilities' services.

    Joins the caller's transaction when there is one (see ``forum.database.write``).
    """
    _require_member(user)
    category, clean_title, clean_body, _tags = _validate_thread(user, category_slug, title, body, None)
    with write():
        thread = _insert_thread(user, category, clean_title, clean_body, [], private=True)
        ids = sorted({m.id for m in members} | {user.id})
        db.session.execute(thread_members.insert(), [{"thread_id": thread.id, "user_id": uid} for uid in ids])
    return thread


def _validate_thread(user, category_slug, title, body, tags, *, refuse_archived: bool = False):
    """The thread's checked fields; ``refuse_archived`` for members' new threads (private threads,
    mentorships' conversations, keep their category whatever becomes of it)."""
    errors: dict[str, str] = {}
    clean_title = _clean_title(title, errors)
    clean_body = _clean_body(body, errors)
    clean_tags = _clean_tags(tags, errors)
    try:
        category = category_by_slug(category_slug)
    except NotFound:
        errors["category"] = _("Choose a category from the list.")
        category = None
    if category is not None and not can_post_in(user, category):
        raise NotAllowed()
    if category is not None and refuse_archived and category.archived:
        raise NotAllowed(archived_refusal(), code="archived")
    if errors:
        raise Invalid(fields=errors)
    return category, clean_title, clean_body, clean_tags


def _insert_thread(user, category, title, body, tags, *, private: bool, state: str = "visible") -> Thread:
    now = utcnow()
    thread = Thread(category_id=category.id, author_id=user.id, title=title, search_title=index_text(title),
                    created_at=now, last_post_at=now, post_count=1, private=private,
                    hidden_count=0 if state == "visible" else 1)
    thread.tags = _tag_rows(tags)
    db.session.add(thread)
    db.session.flush()
    post = _new_post(thread, user, body, 1, state)
    thread.last_post_id = post.id if state == "visible" else None
    _count_new_post(thread, post, user, new_thread=True)
    if state == "visible":
        send_after_commit(post_created, post_id=post.id, thread_id=thread.id, author_id=user.id, new_thread=True)
    return thread


def _count_new_post(thread: Thread, post: Post, user: User, *, new_thread: bool) -> None:
    """Public counters (category, profile) only count public posts: private ones leave no trace, and a
    pending post counts once it is approved (``set_post_state``)."""
    if thread.private:
        return
    values = {"post_count": Category.post_count + 1, "last_post_id": post.id} if post.state == "visible" else {}
    if new_thread and post.state == "visible":
        values["thread_count"] = Category.thread_count + 1
    if values:
        db.session.execute(update(Category).where(Category.id == thread.category_id).values(**values))
    if post.state == "visible":
        db.session.execute(update(User).where(User.id == user.id).values(post_count=User.post_count + 1))


def reply(user: User | None, thread_id, body) -> Post:
    """Add a post at the end of a thread."""
    _require_member(user)
    errors: dict[str, str] = {}
    clean_body = _clean_body(body, errors)
    thread = get_thread(user, thread_id)
    if not can_reply(user, thread):
        raise NotAllowed(_("This thread is locked."))
    if errors:
        raise Invalid(fields=errors)
    state = trust.check_post(user, clean_body, new_thread=False)
    with write():
        # Reserve the next number atomically: two replies at once never share one.
        number = db.session.execute(
            update(Thread)
            .where(Thread.id == thread.id)
            .values(post_count=Thread.post_count + 1, revision=Thread.revision + 1)
            .returning(Thread.post_count)
        ).scalar_one()
        post = _new_post(db.session.get(Thread, thread.id), user, clean_body, number, state)
        if state == "visible":
            db.session.execute(
                update(Thread).where(Thread.id == thread.id).values(last_post_id=post.id, last_post_at=post.created_at)
            )
            send_after_commit(post_created, post_id=post.id, thread_id=thread.id, author_id=user.id,
                              new_thread=False)
        else:  # waiting for approval: announced then (forum.moderation.queue.approve)
            db.session.execute(update(Thread).where(Thread.id == thread.id)
                               .values(hidden_count=Thread.hidden_count + 1))
        _count_new_post(thread, post, user, new_thread=False)
    db.session.refresh(post)
    return post


def edit_post(user: User | None, post_id, body, title=None) -> Post:
    """Change a post's text (and the thread title, on its first post)."""
    _require_member(user)
    post = get_post(user, post_id)
    if not can_edit_post(user, post):
        raise NotAllowed(_("You can only edit your own posts."))
    errors: dict[str, str] = {}
    clean_body = _clean_body(body, errors)
    clean_title = None
    if title is not None and post.number == 1:
        clean_title = _clean_title(title, errors)
    if errors:
        raise Invalid(fields=errors)
    trust.check_limits(user, clean_body)
    with write():
        fresh = db.session.get(Post, post.id)
        old_body, old_title = fresh.body, fresh.thread.title if fresh.number == 1 else None
        changed = False
        if fresh.body != clean_body:
            fresh.body, fresh.html, changed = clean_body, render_body(clean_body), True
            fresh.search_text = index_text(markup.plain_text(fresh.html))
        if clean_title is not None and clean_title != fresh.thread.title:
            fresh.thread.title, changed = clean_title, True
            fresh.thread.search_title = index_text(clean_title)
        if changed:
            revisions.keep(fresh, user, old_body, old_title)
            fresh.edited_at = utcnow()
            fresh.thread.revision += 1
            send_after_commit(post_edited, post_id=fresh.id, thread_id=fresh.thread_id, author_id=fresh.author_id,
                              editor_id=user.id)
    return fresh


# -- solutions -------------------------------------------------------------------

def mark_solution(user: User | None, thread_id, post_id) -> Thread:
    """Mark a reply of the thread as its solution (or change it); the author or a moderator."""
    _require_member(user)
    thread = get_thread(user, thread_id)
    if not can_mark_solution(user, thread):
        raise NotAllowed(_("Only the thread's author or a moderator can choose its solution."))
    post_id = record_id(post_id)
    post = db.session.get(Post, post_id) if post_id else None
    if post is None or post.thread_id != thread.id:
        message = _("Choose a reply of this thread as its solution.")
        raise Invalid(message, fields={"post_id": message})
    if post.number == 1:
        message = _("The first post asks the question: mark a reply as the solution.")
        raise Invalid(message, fields={"post_id": message})
    if post.state != "visible":
        message = _("A hidden or removed post cannot be the solution.")
        raise Invalid(message, fields={"post_id": message})
    if thread.solution_post_id != post.id:
        with write():
            db.session.execute(update(Thread).where(Thread.id == thread.id)
                               .values(solution_post_id=post.id, revision=Thread.revision + 1))
            send_after_commit(solution_marked, thread_id=thread.id, post_id=post.id, by_id=user.id)
        db.session.refresh(thread)
    return thread


def clear_solution(user: User | None, thread_id) -> Thread:
    """Leave the thread without a solution; the author or a moderator."""
    _require_member(user)
    thread = get_thread(user, thread_id)
    if not can_mark_solution(user, thread):
        raise NotAllowed(_("Only the thread's author or a moderator can choose its solution."))
    if thread.solution_post_id is not None:
        with write():
            db.session.execute(update(Thread).where(Thread.id == thread.id)
                               .values(solution_post_id=None, revision=Thread.revision + 1))
        db.session.refresh(thread)
    return thread


def solution_of(thread: Thread) -> Post | None:
    """The thread's solution post (without its markdown), for the line under the first post."""
    if thread.solution_post_id is None:
        return None
    query = (select(Post).where(Post.id == thread.solution_post_id)
             .options(defer(Post.body), joinedload(Post.author).load_only(*AUTHOR_COLUMNS)))
    return db.session.scalar(query)


def category_latest_post(category_id: int):
    """SQL for a category's latest post everyone may read (its public threads' newest visible post), for
    ``Category.last_post_id`` after posts left it, came to it or changed state."""
    return (select(func.max(Post.id)).join(Thread, Post.thread_id == Thread.id)
            .where(Thread.category_id == category_id, Thread.private == false(), Post.state == "visible")
            .scalar_subquery())


# -- hidden, deleted and pending posts (moderation changes a post's state through here) ---------------

def set_post_state(post: Post, state: str, reason: str = "") -> None:
    """Give ``post`` a new state (``POST_STATES``), in the caller's write; for moderation's services.

    Keeps every counter and cache in step: the thread's pages change (its revision), a post that is no
    longer visible is no longer the solution nor anyone's latest post in lists, and public counters
    (category, the author's posts) count only visible posts.
    """
    was_visible, thread = post.state == "visible", post.thread
    was_listed = db.session.scalar(select(Thread.last_post_id).where(Thread.id == thread.id)) is not None
    post.state, post.state_reason = state, reason
    values = {"revision": Thread.revision + 1}
    if was_visible != (state == "visible"):
        values["hidden_count"] = Thread.hidden_count + (-1 if state == "visible" else 1)
    if state != "visible" and thread.solution_post_id == post.id:
        values["solution_post_id"] = None
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(**values))
    db.session.flush()
    latest = db.session.execute(select(Post.id, Post.created_at).where(Post.thread_id == thread.id,
                                Post.state == "visible").order_by(Post.number.desc()).limit(1)).first()
    if latest is not None:
        db.session.execute(update(Thread).where(Thread.id == thread.id)
                           .values(last_post_id=latest.id, last_post_at=latest.created_at))
    else:
        db.session.execute(update(Thread).where(Thread.id == thread.id).values(last_post_id=None))
    if thread.private or was_visible == (state == "visible"):
        return
    step = 1 if state == "visible" else -1
    listed = latest is not None
    if listed != was_listed:
        db.session.execute(update(Category).where(Category.id == thread.category_id)
                           .values(thread_count=Category.thread_count + (1 if listed else -1)))
    db.session.execute(update(Category).where(Category.id == thread.category_id)
                       .values(post_count=Category.post_count + step,
                               last_post_id=category_latest_post(thread.category_id)))
    db.session.execute(update(User).where(User.id == post.author_id).values(post_count=User.post_count + step))
