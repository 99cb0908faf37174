"""JSON routes of the board: categories, threads, posts, search."""

from __future__ import annotations

from flask import jsonify, request

from forum.api import bp, created, json_body, page_arg, require_user, viewer
from forum.board import search as search_service
from forum.board import services
from forum.board.models import Category, Post, Thread
from forum.extensions import limiter
from forum.ratelimits import post_edits, searches


def category_json(c: Category) -> dict:
    return {
        "slug": c.slug,
        "name": c.display_name,
        "name_id": c.name,
        "name_en": c.name_en,
        "description": c.display_description,
        "kind": c.kind,
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
    }


def post_json(p: Post) -> dict:
    return {
        "id": p.id,
        "thread_id": p.thread_id,
        "number": p.number,
        "author": p.author.username,
        "body": p.body,
        "html": p.html,
        "created_at": p.created_at.isoformat(),
        "edited_at": p.edited_at.isoformat() if p.edited_at else None,
    }


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
        "posts": posts,
    }


@bp.get("/categories")
def categories():
    """Every category with its counts."""
    return jsonify([category_json(c) for c in services.categories()])


@bp.get("/categories/<slug>/threads")
def category_threads(slug):
    """A page of a category's threads."""
    category = services.category_by_slug(slug)
    page = services.threads_in(viewer(), category, page_arg())
    return jsonify(page.to_dict(thread_summary))


@bp.post("/threads")
@limiter.limit("10 per minute")
def create_thread():
    """Start a thread."""
    data = json_body()
    thread = services.create_thread(
        require_user(), data.get("category"), data.get("title"), data.get("body"), data.get("tags")
    )
    first = services.posts_page(thread, 1, with_body=True)
    return created(thread_json(thread, [post_json(p) for p in first.items]))


@bp.get("/threads/<int:thread_id>")
def show_thread(thread_id):
    """A thread with one page of its posts."""
    thread = services.get_thread(viewer(), thread_id)
    page = services.posts_page(thread, page_arg(), with_body=True)
    return jsonify(thread_json(thread, page.to_dict(post_json)))


@bp.post("/threads/<int:thread_id>/posts")
@limiter.limit("30 per minute")
def create_post(thread_id):
    """Reply to a thread."""
    data = json_body()
    post = services.reply(require_user(), thread_id, data.get("body"))
    return created(post_json(post))


@bp.get("/posts/<int:post_id>")
def show_post(post_id):
    """One post."""
    return jsonify(post_json(services.get_post(viewer(), post_id)))


@bp.patch("/posts/<int:post_id>")
@post_edits
def edit_post(post_id):
    """Edit a post (its author, or a moderator)."""
    data = json_body()
    post = services.edit_post(require_user(), post_id, data.get("body"), data.get("title"))
    return jsonify(post_json(post))


@bp.get("/search")
@searches
def search():
    """Full-text search over posts."""
    page = search_service.search(viewer(), request.args.get("q"), request.args.get("category") or None, page_arg())
    return jsonify(page.to_dict(lambda hit: hit.to_dict()))
