"""Search indexes stemmed plain text: posts.search_text and threads.search_title, filled for every post.

The index (FTS5's post_search on SQLite, posts.search_vector on PostgreSQL)
is now made from these two columns instead of the raw markdown and title:
the text without markup, each word stemmed by Sastrawi
(``forum.board.stemming``), which only Python can do. The services keep the
columns current; the triggers keep the index in step with them, also when a
post moves to another thread.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 11:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade():
    bind = op.get_bind()
    _drop_triggers(bind)
    # Plain ADD COLUMN (no batch copy of the tables on SQLite, which would trip the index's triggers).
    op.add_column('posts', sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    op.add_column('threads', sa.Column('search_title', sa.Text(), nullable=False, server_default=''))
    _fill(bind)
    if bind.dialect.name == 'sqlite':
        op.execute("DELETE FROM post_search")
        op.execute("""
            INSERT INTO post_search(rowid, title, body)
            SELECT posts.id, threads.search_title, posts.search_text FROM posts JOIN threads ON threads.id = posts.thread_id""")
        op.execute("INSERT INTO post_search(post_search) VALUES ('optimize')")
        _sqlite_triggers("search_title", "search_text")
    elif bind.dialect.name == 'postgresql':
        _postgresql_triggers("search_title", "search_text")
        op.execute("UPDATE posts SET search_text = search_text")  # the trigger fills search_vector
        op.execute("ANALYZE posts")


def downgrade():
    bind = op.get_bind()
    _drop_triggers(bind)
    if bind.dialect.name == 'sqlite':
        op.execute("DELETE FROM post_search")
        op.execute("""
            INSERT INTO post_search(rowid, title, body)
            SELECT posts.id, threads.title, posts.body FROM posts JOIN threads ON threads.id = posts.thread_id""")
        _sqlite_triggers("title", "body")
    elif bind.dialect.name == 'postgresql':
        _postgresql_triggers("title", "body")
        op.execute("UPDATE posts SET body = body")
    op.drop_column('threads', 'search_title')
    op.drop_column('posts', 'search_text')


def _fill(bind):
    """Every thread's stemmed title and every post's stemmed text, in batches (Sastrawi runs here, in Python)."""
    from forum.board.stemming import index_text
    from forum.markup import plain_text

    threads = bind.execute(sa.text("SELECT id, title FROM threads")).all()
    _update(bind, "threads", "search_title", [(i, index_text(title or "")) for i, title in threads])
    last = 0
    while True:
        rows = bind.execute(sa.text("SELECT id, html FROM posts WHERE id > :last ORDER BY id LIMIT :n"),
                            {"last": last, "n": BATCH}).all()
        if not rows:
            break
        _update(bind, "posts", "search_text", [(i, index_text(plain_text(html))) for i, html in rows])
        last = rows[-1][0]


def _update(bind, table, column, values):
    if values:
        bind.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :i"),
                     [{"i": i, "v": v} for i, v in values])


def _drop_triggers(bind):
    if bind.dialect.name == 'sqlite':
        for trigger in ("posts_search_insert", "posts_search_update", "posts_search_delete", "threads_search_title"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    elif bind.dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS threads_search_title ON threads")
        op.execute("DROP FUNCTION IF EXISTS threads_search_title()")
        op.execute("DROP TRIGGER IF EXISTS posts_search_refresh ON posts")
        op.execute("DROP FUNCTION IF EXISTS posts_search_refresh()")


def _sqlite_triggers(title, body):
    """post_search follows ``threads.<title>`` and ``posts.<body>``."""
    moved = ", thread_id" if body == "search_text" else ""
    op.execute(f"""
        CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
          INSERT INTO post_search(rowid, title, body)
          VALUES (new.id, (SELECT {title} FROM threads WHERE id = new.thread_id), new.{body});
        END""")
    op.execute(f"""
        CREATE TRIGGER posts_search_update AFTER UPDATE OF {body}{moved} ON posts BEGIN
          UPDATE post_search SET body = new.{body}, title = (SELECT {title} FROM threads WHERE id = new.thread_id)
          WHERE rowid = new.id;
        END""")
    op.execute("""
        CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
          DELETE FROM post_search WHERE rowid = old.id;
        END""")
    op.execute(f"""
        CREATE TRIGGER threads_search_title AFTER UPDATE OF {title} ON threads BEGIN
          UPDATE post_search SET title = new.{title}
          WHERE rowid IN (SELECT id FROM posts WHERE thread_id = new.id);
        END""")


def _postgresql_triggers(title, body):
    """posts.search_vector follows ``threads.<title>`` (weight A) and ``posts.<body>`` (weight B)."""
    moved = ", thread_id" if body == "search_text" else ""
    op.execute(f"""
        CREATE FUNCTION posts_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_vector :=
            setweight(to_tsvector('simple', coalesce((SELECT {title} FROM threads WHERE id = NEW.thread_id), '')), 'A')
            || setweight(to_tsvector('simple', coalesce(NEW.{body}, '')), 'B');
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE TRIGGER posts_search_refresh BEFORE INSERT OR UPDATE OF {body}{moved} ON posts
        FOR EACH ROW EXECUTE FUNCTION posts_search_refresh()""")
    op.execute(f"""
        CREATE FUNCTION threads_search_title() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE posts SET {body} = {body} WHERE thread_id = NEW.id;
          RETURN NEW;
        END $$""")
    op.execute(f"""
        CREATE TRIGGER threads_search_title AFTER UPDATE OF {title} ON threads
        FOR EACH ROW EXECUTE FUNCTION threads_search_title()""")
