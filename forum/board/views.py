"""Pages of the board: categories, thread lists, threads, posting, search."""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup, escape

from forum.board import search as search_service
from forum.board import services
from forum.board.forms import EditForm, ReplyForm, ThreadForm
from forum.cache import FragmentCache
from forum.current import viewer
from forum.errors import ForumError, Invalid
from forum.extensions import limiter
from forum.forms import show_refusal
from forum.paging import Page, page_number
from forum.ratelimits import post_edits, searches

bp = Blueprint("board", __name__)


@bp.record_once
def _make_cache(state) -> None:
    state.app.extensions["board.pages"] = FragmentCache(maxsize=1024, ttl=60)
    state.app.extensions["board.lists"] = FragmentCache(maxsize=256, ttl=10)
    state.app.extensions["board.search"] = FragmentCache(maxsize=256, ttl=10)  # rendered shared results


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
    """Search the forum: threads with their best matching posts; filters and bad input answered in the form."""
    args = request.args
    q = args.get("q", "")
    filters = search_service.Filters(**{name: args.get(name) or None for name in SEARCH_FILTERS})
    errors: dict[str, str] = {}
    try:
        results = search_service.search(viewer(), q, filters, page_number(args.get("page")))
    except Invalid as exc:
        results, errors = None, dict(exc.fields) or {"q": exc.message}
    filter_args = {name: getattr(filters, name) for name in SEARCH_FILTERS if getattr(filters, name)}

    def render_results() -> str:
        return render_template("board/_search_results.html", q=q, results=results, filter_args=filter_args,
                               urls=_HitUrls(q))

    if results is not None and results.key is not None:
        # Shared results (see search_service.search) are rendered once for them and the query as typed.
        results_html = current_app.extensions["board.search"].get_or_render((results.key, q), render_results)
    else:
        results_html = render_results()
    categories, regions = search_service.menus()
    return render_template(
        "board/search.html", q=q, filters=filters, errors=errors, categories=categories, regions=regions,
        filters_open=any(n != "category" for n in filter_args) or any(n != "q" for n in errors),
        results_html=Markup(results_html),  # noqa: S704 - our own autoescaped template
    ), 400 if errors else 200


SEARCH_FILTERS = ("category", "tag", "author", "region", "after", "before", "solved")


class _HitUrls:
    """The links of a results page, each ``url_for`` once per page rather than once per link."""

    def __init__(self, q: str):
        self._thread = url_for("board.thread", thread_id=0).rsplit("0", 1)[0]
        self._category = url_for("board.category", slug="x").rsplit("x", 1)[0]
        self._profile = url_for("accounts.profile", username="x").rsplit("x", 1)[0]
        self._tag = url_for("board.search", q=q or None, tag="x").rsplit("x", 1)[0]
        self._per_page = current_app.config["POSTS_PER_PAGE"]

    def post(self, thread_id: int, post) -> str:
        """Where a found post is, without the redirect of ``/p/ID``: its number says its page."""
        page = (post.number - 1) // self._per_page + 1
        return f"{self._thread}{thread_id}" + (f"?page={page}" if page > 1 else "") + f"#p{post.post_id}"

    def category(self, slug: str) -> str:
        return self._category + quote(slug)

    def profile(self, username: str) -> str:
        return self._profile + quote(username)

    def tag(self, name: str) -> str:
        return self._tag + quote(name)
