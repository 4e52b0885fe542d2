"""`heard db`: database schema."""

from __future__ import annotations

import typer

from cli.common import fail, settings_or_exit

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (safe to run twice)."""
    from store.db import DatabaseError, make_engine
    from store.migrate import upgrade

    settings = settings_or_exit()
    try:
        engine = make_engine(settings.database_url)
        upgrade(engine)
    except DatabaseError as error:
        raise fail(str(error)) from None
    except Exception as error:
        raise fail(f"HEARD_DATABASE_URL: cannot upgrade: {str(error).splitlines()[0]}") from None
    typer.echo("database schema is up to date")
