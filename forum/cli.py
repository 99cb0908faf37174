"""Command-line tools: ``flask --app wsgi seed-demo | users ...``."""

from __future__ import annotations

import sys

import click
from flask import Flask
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
@click.option("--region", required=True, help="Region slug, e.g. bukittinggi.")
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
            role=role,
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


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(seed_demo)
    app.cli.add_command(match)
