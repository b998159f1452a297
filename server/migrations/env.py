"""Alembic environment for the server's own tables (version table server_alembic_version)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from models.db import make_engine
from server.migrate import VERSION_TABLE
from server.tables import ServerBase

config = context.config
target_metadata = ServerBase.metadata


def _include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # A shared database also holds the desktop's tables: never propose to drop them.
    return not (type_ == "table" and reflected and compare_to is None)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        version_table=VERSION_TABLE,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


# The server passes its own connection (server/migrate.py); the alembic CLI passes a URL.
given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    with make_engine(config.get_main_option("sqlalchemy.url") or "").connect() as conn:
        _run(conn)
