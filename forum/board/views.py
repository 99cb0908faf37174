"""Pages of the board: categories, thread lists, threads, posting, search."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup, escape

from forum.board import feeds, services
from forum.board import search as search_service
from forum.board.forms import EditForm, ReplyForm, ThreadForm
from forum.cache import FragmentCache
from forum.current import viewer
from forum.errors import ForumError
from forum.extensions import limiter
from forum.forms import show_refusal
from forum.paging import Page, page_number
from forum.ratelimits import post_edits, searches

bp = Blueprint("board", __name__)


@bp.record_once
def _make_cache(state) -> None:
    state.app.extensions["board.pages"] = FragmentCache(maxsize=1024, ttl=60)
    state.app.extensions["board.lists"] = FragmentCache(maxsize=256, ttl=10)


def _post_url(post) -> str:
    return url_for("board.thread", thread_id=post.thread_id, page=services.page_of_post(post)) + f"#p{post.id}"


@bp.get("/")
def index():
    """The category index with counts and latest activity."""
    def render_categories() -> str:
        return render_template("board/_categories.html", categories=services.categories())

    if current_app.config["PAGE_CACHE"]:
        # The counters and latest post of every category (one small query) are in the key.
        key = ("index", services.categories_version(), str(get_locale()), str(get_timezone()))
        categories_html = current_app.extensions["board.lists"].get_or_render(key, render_categories)
    else:
        categories_html = render_categories()
    return render_template("board/index.html",
                           categories_html=Markup(categories_html))  # noqa: S704 - our own autoescaped template


@bp.get("/c/<slug>")
def category(slug):
    """A page of a category's threads."""
    cat = services.category_by_slug(slug)
    reader, number = viewer(), page_number(request.args.get("page"))
    holder: list[Page] = []

    def render_threads() -> str:
        holder.append(services.threads_in(reader, cat, number))
        return render_template("board/_threads.html", category=cat, page=holder[0])

    if current_app.config["PAGE_CACHE"] and services.list_is_shared(reader, cat):
        # A new thread or post changes the category's counters (in the key); a title edit, pin or lock
        # shows within the lists cache's short time limit.
        key = (cat.id, cat.thread_count, cat.post_count, cat.last_post_id, number,
               str(get_locale()), str(get_timezone()))
        threads_html = current_app.extensions["board.lists"].get_or_render(key, render_threads)
    else:
        threads_html = render_threads()
    page = holder[0] if holder else Page([], number, current_app.config["THREADS_PER_PAGE"], cat.thread_count)
    return render_template("board/category.html", category=cat, page=page,
                           threads_html=Markup(threads_html))  # noqa: S704 - our own autoescaped template


@bp.route("/c/<slug>/new", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def new_thread(slug):
    """Start a thread; Studi Kasus offers the case-study template."""
    cat = services.category_by_slug(slug)
    form = ThreadForm()
    if request.method == "GET" and cat.kind == "case_study":
        form.body.data = services.case_study_template()
    if form.validate_on_submit():
        try:
            thread = services.create_thread(viewer(), cat.slug, form.title.data, form.body.data, form.tags.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            return redirect(url_for("board.thread", thread_id=thread.id))
    return render_template("board/new_thread.html", category=cat, form=form), 400 if form.errors else 200


# Where an edit link may go in a cached thread page: new for every process, so no post can contain one.
_EDIT_NONCE = secrets.token_hex(8)
_EDIT_MARK = (f"\ue002{_EDIT_NONCE}:", "\ue003")
_EDIT_MARK_RE = re.compile(re.escape(_EDIT_MARK[0]) + r"(\d+):(\d+)" + re.escape(_EDIT_MARK[1]))


def _edit_links(posts: str, reader, thr) -> str:
    """The shared rendering with this reader's edit links in place of the marks (and the others removed)."""
    if reader is None:
        return _EDIT_MARK_RE.sub("", posts)
    before, after = url_for("board.edit", post_id=0).rsplit("/0/", 1)  # one url_for, not one per post
    label = escape(_("Edit"))

    def link(match) -> str:
        post_id, author_id = int(match.group(1)), int(match.group(2))
        if not services.can_edit_by(reader, author_id, thr):
            return ""
        return f'<a href="{before}/{post_id}/{after}">{label}</a>'

    return _EDIT_MARK_RE.sub(link, posts)


@bp.get("/t/<int:thread_id>")
def thread(thread_id):
    """A page of a thread's posts, with the reply box at the end."""
    reader = viewer()
    thr = services.get_thread(reader, thread_id)
    number = page_number(request.args.get("page"))
    form = ReplyForm() if services.can_reply(reader, thr) else None

    def render_posts() -> str:
        page = services.posts_page(thr, number)
        return render_template("board/_posts.html", thread=thr, page=page, form=form, edit_mark=_EDIT_MARK)

    if current_app.config["PAGE_CACHE"]:
        # Every reader sees the same posts (who may read the thread was checked above): reuse the rendering
        # until the thread changes (its revision). Quote links depend on whether the reader may reply,
        # edit links on who reads: those are added to the copy per reader, never stored in it.
        key = (thr.id, thr.revision, number, form is not None, str(get_locale()), str(get_timezone()))
        posts = current_app.extensions["board.pages"].get_or_render(key, render_posts)
    else:
        posts = render_posts()
    page = Page([], number, current_app.config["POSTS_PER_PAGE"], thr.post_count)
    posts_html = Markup(_edit_links(posts, reader, thr))  # noqa: S704 - our own autoescaped template, our links
    return render_template("board/thread.html", thread=thr, page=page, form=form, posts_html=posts_html)


@bp.route("/t/<int:thread_id>/reply", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per minute", methods=["POST"])
def reply(thread_id):
    """Reply to a thread; ``?quote=POST`` starts the reply with that post quoted."""
    reader = viewer()
    thr = services.get_thread(reader, thread_id)
    form = ReplyForm()
    if request.method == "GET" and request.args.get("quote"):
        form.body.data = services.quote_text(reader, request.args["quote"])
    if form.validate_on_submit():
        try:
            post = services.reply(reader, thr.id, form.body.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            return redirect(_post_url(post))
    return render_template("board/reply.html", thread=thr, form=form), 400 if form.errors else 200


@bp.get("/p/<int:post_id>")
def post(post_id):
    """A permanent link to one post: the thread page it is on."""
    return redirect(_post_url(services.get_post(viewer(), post_id)))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@post_edits
def edit(post_id):
    """Edit your own post (moderators may edit any)."""
    reader = viewer()
    p = services.get_post(reader, post_id)
    if not services.can_edit_post(reader, p):
        services.edit_post(reader, p.id, p.body)  # raises the service's refusal
    form = EditForm(data={"title": p.thread.title, "body": p.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.edit_post(reader, p.id, form.body.data, form.title.data if p.number == 1 else None)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            return redirect(_post_url(p))
    return render_template("board/edit.html", post=p, form=form), 400 if form.errors else 200


@bp.get("/search")
@searches
def search():
    """Search every post; filter by category."""
    q = request.args.get("q", "")
    category = request.args.get("category") or None
    page = search_service.search(viewer(), q, category, page_number(request.args.get("page")))
    return render_template("board/search.html", q=q, category=category, page=page,
                           categories=services.category_choices())


@bp.get("/feeds/latest.atom")
def latest_feed():
    """The newest threads across the forum, as Atom (guests' view)."""
    return feeds.answer(feeds.latest_feed())


@bp.get("/c/<slug>/feed.atom")
def category_feed(slug):
    """A category's newest threads, as Atom (guests' view)."""
    return feeds.answer(feeds.category_feed(slug))


@bp.get("/tags/<name>/feed.atom")
def tag_feed(name):
    """The newest threads with a tag, as Atom (guests' view)."""
    return feeds.answer(feeds.tag_feed(name))


@bp.get("/t/<int:thread_id>/feed.atom")
def thread_feed(thread_id):
    """A thread's newest posts, as Atom (guests' view)."""
    return feeds.answer(feeds.thread_feed(thread_id))
