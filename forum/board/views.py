"""Pages of the board: categories, thread lists, threads, posting, solutions, reactions, search."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from forum.accounts.services import regions_with_members
from forum.board import feeds, lists, marks, reactions, reads, services
from forum.board import search as search_service
from forum.board.forms import EditForm, ReplyForm, ThreadForm
from forum.cache import FragmentCache
from forum.current import viewer
from forum.errors import ForumError, Invalid, Moved, NotAllowed
from forum.extensions import limiter
from forum.forms import show_refusal
from forum.paging import Page, page_number
from forum.ratelimits import post_edits, searches

bp = Blueprint("board", __name__)
HOME_THREADS = 5  # threads in each short list on the home page


@bp.record_once
def _make_cache(state) -> None:
    state.app.extensions["board.pages"] = FragmentCache(maxsize=1024, ttl=60)
    state.app.extensions["board.lists"] = FragmentCache(maxsize=256, ttl=10)
    state.app.extensions["board.search"] = FragmentCache(maxsize=256, ttl=10)  # rendered shared results


def _post_url(post) -> str:
    return url_for("board.thread", thread_id=post.thread_id, page=services.page_of_post(post)) + f"#p{post.id}"


def _list_html(reader, render, key=None) -> str:
    """A thread list's rendering (shared through the lists cache under ``key``) with ``reader``'s new markers."""
    if key is not None and current_app.config["PAGE_CACHE"]:
        html = current_app.extensions["board.lists"].get_or_render(key, render)
    else:
        html = render()
    positions = reads.positions(reader, marks.thread_ids(html)) if reader is not None else {}
    return marks.apply(html, marks.Reader(user=reader, positions=positions,
                                          posts_per_page=current_app.config["POSTS_PER_PAGE"]))


def _threads_html(page: Page, **context) -> str:
    return render_template("board/_threads.html", page=page, mark=marks.MARK, **context)


@bp.get("/")
def index():
    """The category index with counts and latest activity, the latest threads, and for members their region's
    unanswered questions."""
    reader = viewer()

    def render_categories() -> str:
        return render_template("board/_categories.html", categories=services.categories())

    # The counters and latest post of every category (one small query) key the index and the lists on it.
    version = services.categories_version() if current_app.config["PAGE_CACHE"] else None
    where = (str(get_locale()), str(get_timezone()))
    if version is not None:
        categories_html = current_app.extensions["board.lists"].get_or_render(("index", version, *where),
                                                                              render_categories)
    else:
        categories_html = render_categories()

    def render_latest() -> str:
        return _threads_html(lists.site_threads(None, lists.ListQuery(), 1, per_page=HOME_THREADS),
                             show_category=True)

    latest_html = _list_html(reader, render_latest, version and ("home", version, *where))
    region_html, region_query = None, None
    if reader is not None:
        region_query = lists.ListQuery("unanswered", region=reader.region)

        def render_region() -> str:
            return _threads_html(lists.site_threads(None, region_query, 1, per_page=HOME_THREADS), show_category=True,
                                 empty_text=_("No unanswered questions in your region. Well done!"))

        region_html = _list_html(reader, render_region, version and ("home", reader.region_id, version, *where))
    return render_template("board/index.html",
                           categories_html=Markup(categories_html),  # noqa: S704 - our own autoescaped template
                           latest_html=Markup(latest_html),  # noqa: S704 - our own autoescaped template
                           region_html=Markup(region_html) if region_html is not None else None,  # noqa: S704
                           region_query=region_query)


@bp.get("/latest")
def latest():
    """The latest threads across categories: unanswered, unsolved or solved; by category, tag, region."""
    reader = viewer()
    wanted = lists.parse(request.args)
    number = page_number(request.args.get("page"))

    def render_threads() -> str:
        # Pages list what guests may read (as category pages do), so one rendering serves every reader.
        page = lists.site_threads(None, wanted, number)
        return _threads_html(page, show_category=True, empty_text=_("No threads match these filters."),
                             pager_endpoint="board.latest", pager_args=wanted.args())

    key = None
    if current_app.config["PAGE_CACHE"]:
        key = ("latest", tuple(sorted(wanted.args().items())), number, services.categories_version(),
               str(get_locale()), str(get_timezone()))
    threads_html = _list_html(reader, render_threads, key)
    return render_template("board/latest.html", wanted=wanted, filters=lists.FILTERS,
                           categories=services.category_choices(), regions=regions_with_members(),
                           threads_html=Markup(threads_html))  # noqa: S704 - our own autoescaped template


@bp.get("/c/<slug>")
def category(slug):
    """A page of a category's threads: latest, unanswered, unsolved or solved."""
    cat = services.category_by_slug(slug)
    reader, number = viewer(), page_number(request.args.get("page"))
    name = lists.check_filter(request.args.get("filter"))

    def render_threads() -> str:
        args = {"slug": cat.slug, **({"filter": name} if name != "latest" else {})}
        return _threads_html(lists.category_threads(reader, cat, name, number), category=cat,
                             pager_endpoint="board.category", pager_args=args)

    key = None
    if services.list_is_shared(reader, cat):
        # A new thread or post changes the category's counters (in the key); a title edit, pin, lock or
        # solution shows within the lists cache's short time limit.
        key = (cat.id, cat.revision, cat.thread_count, cat.post_count, cat.last_post_id, name, number,
               str(get_locale()), str(get_timezone()))
    threads_html = _list_html(reader, render_threads, key)
    return render_template("board/category.html", category=cat, filter=name, filters=lists.FILTERS,
                           threads_html=Markup(threads_html))  # noqa: S704 - our own autoescaped template


@bp.route("/c/<slug>/new", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def new_thread(slug):
    """Start a thread; Studi Kasus offers the case-study template."""
    cat = services.category_by_slug(slug)
    if cat.archived:
        raise NotAllowed(services.archived_refusal(), code="archived")
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


@bp.get("/t/<int:thread_id>")
def thread(thread_id):
    """A page of a thread's posts, with the reply box at the end; a merged thread redirects to its new one."""
    reader = viewer()
    try:
        thr = services.get_thread(reader, thread_id)
    except Moved as moved:
        return redirect(url_for("board.thread", thread_id=moved.target_id), 301)
    number = page_number(request.args.get("page"))
    form = ReplyForm() if services.can_reply(reader, thr) else None
    per_page = current_app.config["POSTS_PER_PAGE"]

    def render_posts() -> str:
        page = services.posts_page(thr, number)
        solution = services.solution_of(thr) if number == 1 else None
        return render_template("board/_posts.html", thread=thr, page=page, form=form, mark=marks.MARK,
                               solution=solution, solution_page=services.page_of_post(solution) if solution else 1)

    # Every reader sees the same posts (who may read the thread was checked above): reuse the rendering
    # until the thread changes (its revision: replies, edits, reactions, the solution). Quote links depend
    # on whether the reader may reply (in the key); the rest that depends on who reads is added to the copy
    # per reader (forum.board.marks), never stored in it. Guests all get the same copy: kept too.
    key = (thr.id, thr.revision, number, form is not None, str(get_locale()), str(get_timezone()))
    cache = current_app.extensions["board.pages"] if current_app.config["PAGE_CACHE"] else None
    if reader is None:
        def render_for_guests() -> str:
            shared = cache.get_or_render(key, render_posts) if cache else render_posts()
            return marks.apply(shared, marks.Reader(thread=thr))

        posts = cache.get_or_render(("guest", *key), render_for_guests) if cache else render_for_guests()
    else:
        shared = cache.get_or_render(key, render_posts) if cache else render_posts()
        first, last = (number - 1) * per_page + 1, min(number * per_page, thr.post_count)
        known, mine = reads.on_page(reader, thr.id, first, last)
        first_unread = known + 1 if known is not None and known < thr.post_count else None
        posts = marks.apply(shared, marks.Reader(
            user=reader, thread=thr, can_mark=services.can_mark_solution(reader, thr),
            mine=mine, first_unread=first_unread))
        if first <= thr.post_count:  # a page past the end shows nothing: nothing read
            reads.advance(reader, thr.id, last, known)
    page = Page([], number, per_page, thr.post_count)
    return render_template("board/thread.html", thread=thr, page=page, form=form, actions_form=marks.FORM,
                           moderation=moderate_views.menu(reader, thr),
                           posts_html=Markup(posts))  # noqa: S704 - our own autoescaped template, our links


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
    return redirect(_post_url(services.get_post(viewer(), post_id, text=False)))


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


@bp.post("/t/<int:thread_id>/solution")
@login_required
def mark_solution(thread_id):
    """Mark a reply as the thread's solution (its author or a moderator), from the button under the reply."""
    reader = viewer()
    thr = services.mark_solution(reader, thread_id, request.form.get("post_id"))
    flash(_("Marked as the solution."), "success")
    return redirect(_post_url(services.get_post(reader, thr.solution_post_id)))


@bp.post("/t/<int:thread_id>/solution/clear")
@login_required
def clear_solution(thread_id):
    """Leave the thread without a solution (its author or a moderator)."""
    thr = services.clear_solution(viewer(), thread_id)
    flash(_("The thread has no solution marked now."), "success")
    return redirect(url_for("board.thread", thread_id=thr.id))


@bp.post("/p/<int:post_id>/reactions/<kind>")
@login_required
@limiter.limit("60 per minute")
def react(post_id, kind):
    """Add or take back a reaction, from the small form under the post (``on`` = 1 adds, 0 takes back)."""
    p = reactions.react(viewer(), post_id, kind, on=request.form.get("on", "1") != "0")
    return redirect(_post_url(p))


@bp.get("/p/<int:post_id>/reactions")
def reactors(post_id):
    """Who reacted to a post, and how."""
    p, page = reactions.reactors(viewer(), post_id, page_number(request.args.get("page")))
    return render_template("board/reactions.html", post=p, page=page, labels=reactions.LABELS,
                           post_url=_post_url(p))


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


# Thread moderation and edit history: routes on this blueprint, in their own module.
from forum.board import moderate_views  # noqa: E402
