"""Command-line tools: ``flask --app wsgi seed-reference | seed-demo | users ...``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from forum.errors import ForumError

users = AppGroup("users", help="Create accounts, change roles, suspend and reinstate.")


def _fail(exc: ForumError) -> None:
    details = "; ".join(f"{k}: {v}" for k, v in (exc.fields or {}).items())
    raise click.ClickException(f"{exc.message}{' (' + details + ')' if details else ''}")


@users.command("create")
@click.argument("username")
@click.option("--email", required=True)
@click.option("--password", required=True, help="At least 10 characters.")
@click.option("--region", required=True, help="A regency or city slug, e.g. bukittinggi, kabupaten-agam.")
@click.option("--role", default="member", type=click.Choice(["member", "moderator", "admin"]))
@click.option("--display-name", default="")
@click.option("--institution", default="")
def create_user(username, email, password, region, role, display_name, institution):
    """Create an account."""
    from forum.accounts import services

    try:
        user = services.register(
            {"username": username, "email": email, "password": password, "region": region,
             "display_name": display_name, "institution": institution},
            role=role, verified=True,  # an admin made it: the address counts as confirmed
        )
    except ForumError as exc:
        _fail(exc)
    click.echo(f"created {user.username} ({user.role}, {user.region.slug})")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["member", "moderator", "admin"]))
def set_role(username, role):
    """Change a user's role."""
    from forum.accounts import services

    try:
        user = services.set_role(None, username, role)
    except ForumError as exc:
        _fail(exc)
    click.echo(f"{user.username} is now {user.role}")


@users.command("suspend")
@click.argument("username")
@click.option("--reason", required=True, help="Why; kept in the moderation log.")
def suspend(username, reason):
    """Suspend an account: signed out everywhere, live connections closed, logged."""
    from forum.moderation import services

    try:
        user = services.suspend(None, username, reason)
    except ForumError as exc:
        _fail(exc)
    click.echo(f"{user.username} is suspended")


@users.command("reinstate")
@click.argument("username")
@click.option("--reason", required=True, help="Why; kept in the moderation log.")
def reinstate(username, reason):
    """Lift an account's suspension."""
    from forum.moderation import services

    try:
        user = services.reinstate(None, username, reason)
    except ForumError as exc:
        _fail(exc)
    click.echo(f"{user.username} can sign in again")


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet (used by make run).")
def seed_demo(if_empty):
    """Load demo data (idempotent)."""
    from forum import demo
    from forum.accounts.models import User
    from forum.extensions import db

    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("database has users already; demo data not loaded")
        return
    demo.load(echo=click.echo)
    click.echo(f"demo users sign in with the password {demo.DEMO_PASSWORD!r}, e.g. admin, moderator, anggota")


@click.command("seed-reference")
@with_appcontext
def seed_reference():
    """Load the reference data: regions, the default categories, the skill taxonomy (idempotent)."""
    from forum import reference

    added = reference.load()
    click.echo(", ".join(f"{v} {k}" for k, v in added.items()) + " added")


match = AppGroup("match", help="Mentor matching rounds.")


@match.command("run")
@click.option("--dry-run", is_flag=True, help="Preview only: store and print the round, send no proposals.")
@click.option("--region", type=click.Choice(["neutral", "prefer", "avoid"]), default="neutral",
              help="Same-region pairs: no preference, prefer them, or prefer other regions.")
@click.option("--objective", type=click.Choice(["max_matched", "max_score"]), default="max_matched")
def match_run(dry_run, region, objective):
    """Run a matching round over everyone waiting and print a summary."""
    from forum.mentoring import rounds

    bars: dict[str, object] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = click.progressbar(length=max(total, 1), label=f"{stage:<10}", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    try:
        round_ = rounds.run_round(None, {"region": region, "objective": objective}, publish=not dry_run,
                                  progress=progress)
    except ForumError as exc:
        _fail(exc)
    result = round_.result
    click.echo(f"round #{round_.id}: {result['mentees']} mentees waiting, {result['mentors']} mentors with places; "
               f"{round_.matched} matched, {round_.unmatched} unmatched, total score {round_.total_score} "
               f"({round_.seconds:.2f} s)")
    for pair in result["pairs"][:20]:
        click.echo(f"  {pair['mentee']:>16} <- {pair['mentor']:<16} {pair['score']:>7}  {'; '.join(pair['reasons'])}")
    if len(result["pairs"]) > 20:
        click.echo(f"  ... and {len(result['pairs']) - 20} more pairs")
    for miss in result["unmatched"][:20]:
        click.echo(f"  {miss['mentee']:>16}    unmatched: {miss['reason']}")
    if dry_run:
        click.echo("dry run: nothing was sent; publish it from the round's page")
    else:
        sent = len(result["pairs"]) - len(result["skipped"])
        click.echo(f"published: {sent} proposals sent" + (f", skipped {', '.join(result['skipped'])}" if result["skipped"] else ""))


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace PATH when it exists.")
def backup_command(path, overwrite):
    """Write a consistent copy of the database to PATH while the site runs.

    PATH is a file, or a folder to get a dated file in it (jejaring-YYYYMMDD-HHMMSS.db
    for SQLite, .dump for PostgreSQL, a pg_dump custom-format archive).
    """
    from forum import backup

    try:
        done = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path, overwrite=overwrite)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backed up the {done.kind} database to {done.path} ({_size(done.size)}, {done.seconds:.1f} s)")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path, yes):
    """Replace everything in the database with the backup at PATH (made by `backup`)."""
    from sqlalchemy import make_url

    from forum import backup
    from forum.extensions import db

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        backup.kind_of_file(path)  # a missing or foreign file is refused before anyone is asked
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    parsed = make_url(url)
    where = Path(parsed.database or "").name if parsed.get_backend_name() == "sqlite" else parsed.database
    if not yes:
        click.confirm(f"Changes made since that backup will be lost. Replace everything in the "
                      f"{parsed.get_backend_name()} database {where!r} with {path}?", abort=True)
    db.session.remove()
    db.engine.dispose()  # this process's connections must not hold locks the restore waits for
    try:
        done = backup.restore(url, path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    counts, revision, head = _restored_summary()
    click.echo(f"restored {path} into the {done.kind} database ({done.seconds:.1f} s): " +
               ", ".join(f"{n} {name}" for name, n in counts.items()))
    if revision != head:
        click.echo(f"the backup's schema is at revision {revision}, the code's at {head}: "
                   "run `flask --app wsgi db upgrade` now", err=True)


def _restored_summary() -> tuple[dict[str, int], str | None, str | None]:
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from forum.config import ROOT
    from forum.extensions import db

    with db.engine.connect() as conn:
        counts = {name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()  # noqa: S608 - fixed names
                  for name in ("users", "threads", "posts")}
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return counts, revision, ScriptDirectory(str(ROOT / "migrations")).get_current_head()


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.1f} KB" if n < 1024 ** 2 else f"{n / 1024 ** 2:.1f} MB"


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@with_appcontext
def worker(workers: int) -> None:
    """Run the task queue's worker (mail, digests, fan-out) until interrupted."""
    from forum import tasks

    click.echo(f"worker: {workers} thread(s) on {type(tasks.huey.storage).__name__}")
    tasks.run_worker(workers)


mail = AppGroup("mail", help="Mail that comes in: replies by email.")

# sysexits.h: what a mail server's pipe transport understands. DATAERR: not a mail, the server bounces it;
# TEMPFAIL: try again later (the database is unreachable), the server keeps the message and retries.
EX_DATAERR, EX_TEMPFAIL = 65, 75


@mail.command("receive")
@with_appcontext
def mail_receive() -> None:
    """Read one RFC 5322 message on stdin and post it as a reply by email, or refuse it with one mail back.

    Exit 0 when it became a post or was refused (the sender is told why); 65 when it is not a
    mail at all; 75 when the database is unreachable (the mail server should retry).
    """
    import json

    from sqlalchemy import exc as sa_exc

    from forum.notifications import incoming

    stdin = sys.stdin.buffer
    raw = stdin.read(current_app.config["INCOMING_MAIL_MAX_BYTES"] + 1)
    while stdin.read(1 << 20):  # drain the rest: the mail server must not see a broken pipe
        pass
    try:
        outcome = incoming.receive(raw)
    except incoming.UnreadableMessage as exc:
        click.echo(json.dumps({"accepted": False, "reason": "unreadable", "message": exc.message}))
        sys.exit(EX_DATAERR)
    except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
        click.echo(f"the database is unreachable, try again later: {exc.__class__.__name__}", err=True)
        sys.exit(EX_TEMPFAIL)
    click.echo(json.dumps(outcome.to_dict()))


def register(app: Flask) -> None:
    app.cli.add_command(mail)
    app.cli.add_command(worker)
    app.cli.add_command(users)
    app.cli.add_command(seed_demo)
    app.cli.add_command(seed_reference)
    app.cli.add_command(match)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
