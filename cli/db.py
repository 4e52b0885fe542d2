"""`heard db`: database schema and backups."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.common import fail, settings_or_exit

app = typer.Typer(help="Database schema and backups.", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (safe to run twice); say what was applied."""
    from store.db import DatabaseError, make_engine
    from store.migrate import current_revision, upgrade

    settings = settings_or_exit()
    try:
        engine = make_engine(settings.database_url)
        applied = upgrade(engine)
        now = current_revision(engine)
    except DatabaseError as error:
        raise fail(str(error)) from None
    except Exception as error:
        raise fail(f"HEARD_DATABASE_URL: cannot upgrade: {str(error).splitlines()[0]}") from None
    if applied:
        for revision in applied:
            typer.echo(f"applied {revision}")
        typer.echo(f"database schema is now at {now} ({len(applied)} migration(s) applied)")
    else:
        typer.echo(f"database schema is already at {now}: nothing to apply")


@app.command("current")
def db_current() -> None:
    """The schema revision the database is at, and whether it is the one heard needs."""
    from store.db import DatabaseError, make_engine
    from store.migrate import current_revision, head_revision

    settings = settings_or_exit()
    try:
        engine = make_engine(settings.database_url, create=False)
        current, head = current_revision(engine), head_revision(engine)
    except DatabaseError as error:
        raise fail(str(error)) from None
    except Exception as error:
        raise fail(f"HEARD_DATABASE_URL: cannot read: {str(error).splitlines()[0]}") from None
    if current == head:
        typer.echo(f"{current} (current: what this heard needs)")
        return
    typer.echo(f"{current or 'nothing'} (heard needs {head}: run `heard db upgrade`)")
    raise typer.Exit(code=1)


@app.command("backup")
def db_backup(
    target: Path = typer.Argument(..., help="The new file to write the copy to."),
) -> None:
    """An online copy of the SQLite database (SQLite's backup API; heard may keep running).
    For PostgreSQL use pg_dump (see README "Running heard in production")."""
    from store.backup import BackupError, sqlite_backup
    from store.db import is_sqlite, sqlite_path

    settings = settings_or_exit()
    url = settings.database_url
    path = sqlite_path(url) if is_sqlite(url) else None
    if not is_sqlite(url):
        raise fail("HEARD_DATABASE_URL is PostgreSQL: back it up with pg_dump (see the README)")
    if path is None or not path.exists():
        raise fail(f"HEARD_DATABASE_URL: no database file to back up ({path or 'in memory'})")
    try:
        result = sqlite_backup(path, target)
    except (BackupError, OSError) as error:
        raise fail(f"backup failed: {error}") from None
    typer.echo(
        f"backed up {path} to {result.path}: {result.pages} pages, {result.bytes} bytes, "
        "integrity ok"
    )


@app.command("new-attachment-key")
def new_attachment_key() -> None:
    """Print a new key for HEARD_ATTACHMENT_KEYS (put it first to rotate: see the README)."""
    from store.sealing import new_key

    typer.echo(new_key())


@app.command("seal-attachments")
def seal_attachments() -> None:
    """Encrypt every attachment with the first key of HEARD_ATTACHMENT_KEYS: those stored
    before a key was set, and those sealed with an older key (after a rotation)."""
    from cli.common import context_or_exit
    from store.sealed_attachments import reseal_all
    from store.sealing import SealedWithoutKey, Sealer

    settings = settings_or_exit()
    keys = settings.attachment_key_list()
    if not keys:
        raise fail("HEARD_ATTACHMENT_KEYS: set a key first (heard db new-attachment-key)")
    context = context_or_exit(settings=settings, read_only=True)
    try:
        count = reseal_all(context.engine, Sealer(keys))
    except SealedWithoutKey as error:
        raise fail(f"HEARD_ATTACHMENT_KEYS: {error}") from None
    finally:
        context.engine.dispose()
    typer.echo(f"{count} attachment{'s' if count != 1 else ''} sealed with the first key")
