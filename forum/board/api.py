"""JSON routes of the board: categories, threads, posts, search."""

from __future__ import annotations

from flask import jsonify, redirect, request, url_for

from forum.api import bp, created, json_body, page_arg
from forum.board import lists, reactions, services
from forum.board import search as search_service
from forum.board.models import CATEGORY_KINDS, REACTION_KINDS, Category, Post, Thread
from forum.current import signed_in, viewer
from forum.errors import Moved
from forum.extensions import limiter
from forum.openapi import (
    BOOL,
    INT,
    PAGE_PARAM,
    STR,
    TIME,
    array,
    nullable,
    obj,
    op,
    page_of,
    path_param,
    query_param,
    ref,
)
from forum.ratelimits import post_edits, searches


def category_json(c: Category) -> dict:
    return {
        "slug": c.slug,
        "name": c.display_name,
        "name_id": c.name,
        "name_en": c.name_en,
        "description": c.display_description,
        "description_id": c.description,
        "description_en": c.description_en,
        "kind": c.kind,
        "position": c.position,
        "archived": c.archived,
        "thread_count": c.thread_count,
        "post_count": c.post_count,
        "last_post_at": c.last_post.created_at.isoformat() if c.last_post else None,
    }


def thread_summary(t: Thread) -> dict:
    return {
        "id": t.id,
        "title": t.title,
        "author": t.author.username,
        "created_at": t.created_at.isoformat(),
        "reply_count": t.reply_count,
        "last_post_at": t.last_post_at.isoformat(),
        "tags": [tag.name for tag in t.tags],
        "locked": t.locked,
        "pinned": t.pinned,
        "solved": t.solved,
        "solution_post_id": t.solution_post_id,
    }


def post_json(p: Post, mine: dict[int, list[str]] | None = None) -> dict:
    """A post; ``mine`` (the reader's reactions by post id, signed-in readers only) adds ``my_reactions``.

    A hidden post has ``hidden: true``: empty ``body`` and ``html`` for readers who may not read it, the text
    and ``hidden_reason`` for its author and moderators (``services.post_view``).
    """
    data = {
        "id": p.id,
        "thread_id": p.thread_id,
        "number": p.number,
        "author": p.author.username,
        "body": p.body,
        "html": p.html,
        "created_at": p.created_at.isoformat(),
        "edited_at": p.edited_at.isoformat() if p.edited_at else None,
        "reactions": p.reactions,
    }
    if mine is not None:
        data["my_reactions"] = mine.get(p.id, [])
    if p.state != "visible":
        data["hidden"] = True
        data["state"] = p.state
        if services.post_view(viewer(), p.author_id, p.state) == "full":
            data["hidden_reason"] = p.state_reason
        else:
            data["body"] = data["html"] = ""
    return data


def _listed(posts: list[Post]) -> list[Post]:
    """Of a page of posts, those the reader may know of: hidden ones as placeholders; removed and pending ones
    only for who may read them."""
    reader = viewer()
    return [p for p in posts if p.state in ("visible", "hidden")
            or services.post_view(reader, p.author_id, p.state) == "full"]


def _mine(posts: list[Post]) -> dict[int, list[str]] | None:
    """The reader's reactions to ``posts`` (one query), None for guests: they get no ``my_reactions``."""
    reader = viewer()
    return reactions.my_reactions(reader, [p.id for p in posts]) if reader is not None else None


def thread_json(t: Thread, posts: dict) -> dict:
    return {
        "id": t.id,
        "title": t.title,
        "category": t.category.slug,
        "author": t.author.username,
        "created_at": t.created_at.isoformat(),
        "tags": [tag.name for tag in t.tags],
        "locked": t.locked,
        "pinned": t.pinned,
        "reply_count": t.reply_count,
        "solved": t.solved,
        "solution_post_id": t.solution_post_id,
        "posts": posts,
    }


@bp.get("/categories")
def categories():
    """Every category with its counts."""
    return jsonify([category_json(c) for c in services.categories()])


@bp.get("/categories/<slug>/threads")
def category_threads(slug):
    """A page of a category's threads: latest, unanswered, unsolved or solved."""
    category = services.category_by_slug(slug)
    page = lists.category_threads(viewer(), category, request.args.get("filter"), page_arg())
    return jsonify(page.to_dict(thread_summary))


@bp.get("/threads")
def site_threads():
    """A page of the threads across the site, latest activity first, filtered."""
    page = lists.site_threads(viewer(), lists.parse(request.args), page_arg())
    return jsonify(page.to_dict(thread_summary))


@bp.post("/threads")
@limiter.limit("10 per minute")
def create_thread():
    """Start a thread."""
    data = json_body()
    thread = services.create_thread(
        signed_in(), data.get("category"), data.get("title"), data.get("body"), data.get("tags")
    )
    first = services.posts_page(thread, 1, with_body=True)
    return created(thread_json(thread, [post_json(p, {}) for p in _listed(first.items)]))


@bp.get("/threads/<int:thread_id>")
def show_thread(thread_id):
    """A thread with one page of its posts; a thread merged into another answers a redirect there."""
    try:
        thread = services.get_thread(viewer(), thread_id)
    except Moved as moved:
        return redirect(url_for("api.show_thread", thread_id=moved.target_id), 301)
    page = services.posts_page(thread, page_arg(), with_body=True)
    page.items = _listed(page.items)
    mine = _mine(page.items)
    return jsonify(thread_json(thread, page.to_dict(lambda p: post_json(p, mine))))


@bp.put("/threads/<int:thread_id>/solution")
def mark_solution(thread_id):
    """Mark a reply as the thread's solution (the thread's author or a moderator)."""
    data = json_body()
    thread = services.mark_solution(signed_in(), thread_id, data.get("post_id"))
    return jsonify(_thread_with_first_page(thread))


@bp.delete("/threads/<int:thread_id>/solution")
def clear_solution(thread_id):
    """Leave the thread without a solution (the thread's author or a moderator)."""
    thread = services.clear_solution(signed_in(), thread_id)
    return jsonify(_thread_with_first_page(thread))


def _thread_with_first_page(thread: Thread) -> dict:
    page = services.posts_page(thread, 1, with_body=True)
    page.items = _listed(page.items)
    mine = _mine(page.items)
    return thread_json(thread, page.to_dict(lambda p: post_json(p, mine)))


@bp.post("/threads/<int:thread_id>/posts")
@limiter.limit("30 per minute")
def create_post(thread_id):
    """Reply to a thread."""
    data = json_body()
    post = services.reply(signed_in(), thread_id, data.get("body"))
    return created(post_json(post, {}))


@bp.get("/posts/<int:post_id>")
def show_post(post_id):
    """One post."""
    post = services.get_post(viewer(), post_id, text=False)
    if not _listed([post]):
        services.get_post(viewer(), post_id)  # a removed post: not found
    return jsonify(post_json(post, _mine([post])))


@bp.put("/posts/<int:post_id>/reactions/<kind>")
@limiter.limit("60 per minute")
def add_reaction(post_id, kind):
    """React to a post (not your own); again changes nothing."""
    return jsonify(_reactions(reactions.react(signed_in(), post_id, kind, on=True)))


@bp.delete("/posts/<int:post_id>/reactions/<kind>")
@limiter.limit("60 per minute")
def remove_reaction(post_id, kind):
    """Take back a reaction; again changes nothing."""
    return jsonify(_reactions(reactions.react(signed_in(), post_id, kind, on=False)))


def _reactions(post: Post) -> dict:
    return {"reactions": post.reactions, "my_reactions": _mine([post]).get(post.id, [])}


@bp.patch("/posts/<int:post_id>")
@post_edits
def edit_post(post_id):
    """Edit a post (its author, or a moderator)."""
    data = json_body()
    post = services.edit_post(signed_in(), post_id, data.get("body"), data.get("title"))
    return jsonify(post_json(post, _mine([post])))


@bp.get("/search")
@searches
def search():
    """Full-text search: one hit per thread with its best posts, filtered."""
    args = request.args
    filters = search_service.Filters(**{name: args.get(name) or None for name in SEARCH_FILTERS})
    page = search_service.search(viewer(), args.get("q"), filters, page_arg())
    return jsonify(page.to_dict(lambda hit: hit.to_dict()))


SEARCH_FILTERS = ("category", "tag", "author", "region", "after", "before", "solved")


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_SLUG = path_param("slug", STR, "the category's slug")
_THREAD = path_param("thread_id", description="the thread's id")
_POST = path_param("post_id", description="the post's id")
_TAGS = array({"type": "string", "pattern": "^[a-z0-9-]{2,32}$"})
_KIND = path_param("kind", {"type": "string", "enum": list(REACTION_KINDS)}, "the reaction: thanks, helpful or insightful")
_FILTER = query_param("filter", {"type": "string", "enum": list(lists.FILTERS)},
                      "latest (default), unanswered (no reply yet), unsolved or solved")
_COUNTS = obj({kind: INT for kind in REACTION_KINDS})
_MY = array({"type": "string", "enum": list(REACTION_KINDS)})

def _with_redirect(operation: dict) -> dict:
    operation["responses"]["301"] = {"description": "Merged into another thread: ``Location`` is that thread.",
                                     "headers": {"Location": {"schema": STR}}}
    return operation


SCHEMAS = {
    "Category": obj({"slug": STR, "name": STR, "description": STR, "thread_count": INT},
                    {"name_id": STR, "name_en": nullable(STR), "description_id": STR, "description_en": STR,
                     "kind": {"type": "string", "enum": list(CATEGORY_KINDS)}, "position": INT,
                     "archived": {**BOOL, "description": "readable, takes no new threads"}, "post_count": INT,
                     "last_post_at": nullable(TIME)}),
    "ThreadSummary": obj({"id": INT, "title": STR, "author": STR, "created_at": TIME, "reply_count": INT,
                          "last_post_at": TIME, "tags": array(STR), "solved": BOOL,
                          "solution_post_id": nullable(INT)}, {"locked": BOOL, "pinned": BOOL}),
    "Post": obj({"id": INT, "author": STR, "body": STR, "html": STR, "created_at": TIME,
                 "edited_at": nullable(TIME), "reactions": _COUNTS},
                {"thread_id": INT, "number": INT, "my_reactions": _MY,
                 "hidden": {**BOOL, "description": "hidden by a moderator (or flags), removed, or waiting for "
                                                   "review: body and html are empty unless the reader may read it"},
                 "state": {"type": "string", "enum": ["visible", "hidden", "deleted", "pending"]},
                 "hidden_reason": {**STR, "description": "why, for the post's author and moderators"}}),
    "Thread": obj({"id": INT, "title": STR, "category": STR, "author": STR, "tags": array(STR), "locked": BOOL,
                   "solved": BOOL, "solution_post_id": nullable(INT), "posts": page_of(ref("Post"))},
                  {"created_at": TIME, "pinned": BOOL, "reply_count": INT}),
    "Reactions": obj({"reactions": _COUNTS, "my_reactions": _MY}),
    "NewThread": obj({"id": INT, "title": STR, "category": STR, "author": STR, "posts": array(ref("Post"))},
                     {"tags": array(STR), "locked": BOOL}),
    "SearchPost": obj({"post_id": INT, "number": INT, "author": STR, "created_at": TIME, "snippet": STR,
                       "snippet_html": STR}),
    "SearchHit": obj(
        {"thread_id": INT, "post_id": INT, "title": STR, "snippet": STR},
        {"snippet_html": {**STR, "description": "the snippet as HTML: escaped text, matched words in <mark>"},
         "author": {**STR, "description": "username of the best matching post's author"},
         "created_at": {**TIME, "description": "when the best matching post was written"},
         "category": {**STR, "description": "the thread's category slug"},
         "solved": {**BOOL, "description": "whether the thread has a chosen answer"},
         "tags": array(STR),
         "posts": {**array(ref("SearchPost")), "description": "the thread's best matching posts, best first"}}),
}

PATHS = {
    "/api/v1/categories": {"get": op("Every category with its counts.", answer=array(ref("Category")),
                                     auth="optional", tag="forum")},
    "/api/v1/categories/{slug}/threads": {"get": op(
        "A page of a category's threads (never private ones), pinned first, then by latest activity; "
        "an unknown filter is a 400.", answer=page_of(ref("ThreadSummary")), auth="optional", tag="forum",
        params=(_SLUG, _FILTER, PAGE_PARAM), errors=(404,))},
    "/api/v1/threads": {
        "get": op("A page of the threads across the site that the reader may read, latest activity first. "
                  "An unknown filter, category, region or a malformed tag is a 400.",
                  answer=page_of(ref("ThreadSummary")), auth="optional", tag="forum",
                  params=(_FILTER, query_param("category", STR, "a category's slug"),
                          query_param("tag", {"type": "string", "maxLength": 40}, "a tag"),
                          query_param("region", STR, "the slug of the region of the thread's author"), PAGE_PARAM)),
        "post": op(
            "Start a thread; an archived category refuses new threads (403, code `archived`).", ok=201, answer=ref("NewThread"), tag="forum", errors=(404, 413),
            body=obj({"category": STR, "title": {"type": "string", "minLength": 3, "maxLength": 160},
                      "body": {"type": "string", "minLength": 1, "maxLength": 20000}}, {"tags": _TAGS})),
    },
    "/api/v1/threads/{thread_id}/solution": {
        "put": op("Mark a reply as the thread's solution, or change it (the thread's author or a moderator: "
                  "others 403). The first post or a post of another thread is a 400.",
                  answer=ref("Thread"), tag="forum", params=(_THREAD,), errors=(404,), body=obj({"post_id": INT})),
        "delete": op("Leave the thread without a solution (the thread's author or a moderator: others 403).",
                     answer=ref("Thread"), tag="forum", params=(_THREAD,), errors=(404,)),
    },
    "/api/v1/posts/{post_id}/reactions/{kind}": {
        "put": op("React to a post; again changes nothing. Your own post is a 403, an unknown kind a 400.",
                  answer=ref("Reactions"), tag="forum", params=(_POST, _KIND), errors=(404,)),
        "delete": op("Take back a reaction; again changes nothing. Your own post is a 403, an unknown kind a 400.",
                     answer=ref("Reactions"), tag="forum", params=(_POST, _KIND), errors=(404,)),
    },
    "/api/v1/threads/{thread_id}": {"get": _with_redirect(op(
        "A thread with one page of its posts. A thread merged into another answers 301 with its ``Location``.",
        answer=ref("Thread"), auth="optional", tag="forum", params=(_THREAD, PAGE_PARAM), errors=(404,)))},
    "/api/v1/threads/{thread_id}/posts": {"post": op(
        "Reply to a thread.", ok=201, answer=ref("Post"), tag="forum", params=(_THREAD,), errors=(404, 409, 413),
        body=obj({"body": {"type": "string", "minLength": 1, "maxLength": 20000}}))},
    "/api/v1/posts/{post_id}": {
        "get": op("One post.", answer=ref("Post"), auth="optional", tag="forum", params=(_POST,), errors=(404,)),
        "patch": op("Edit a post (its author, or a moderator); ``title`` edits the thread's title too.",
                    answer=ref("Post"), tag="forum", params=(_POST,), errors=(404, 409, 413),
                    body=obj({"body": {"type": "string", "minLength": 1, "maxLength": 20000}},
                             {"title": {"type": "string", "minLength": 3, "maxLength": 160}})),
    },
    "/api/v1/search": {"get": op(
        "Threads matching a full-text search that the reader may see, best first, one hit per thread with its "
        "best posts. 400 when the query is too long (200 characters, 12 words), only excludes words, or a "
        "filter is bad (unknown category, a date not YYYY-MM-DD).",
        answer={**page_of(ref("SearchHit")), "properties": {
            **page_of(ref("SearchHit"))["properties"],
            "capped": {**BOOL, "description": "more posts matched than were ranked: total is a lower bound"}}},
        auth="optional", tag="forum",
        params=(query_param("q", {"type": "string"},
                            'words to find (stemmed); "exact phrase", -word to leave out, OR between alternatives; '
                            "at most 200 characters and 12 words"),
                query_param("category", STR, "a category's slug"),
                query_param("tag", STR, "only threads with this tag"),
                query_param("author", STR, "only posts by this username"),
                query_param("region", STR, "only posts by members of this region (slug)"),
                query_param("after", {"type": "string", "format": "date"}, "only posts written on or after (YYYY-MM-DD)"),
                query_param("before", {"type": "string", "format": "date"},
                            "only posts written on or before (YYYY-MM-DD)"),
                query_param("solved", {"type": "string", "enum": ["true", "false"]}, "true: only solved threads"),
                PAGE_PARAM))},
}
