from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import models
from models.db import make_engine

config = context.config
target_metadata = models.Base.metadata


def _ours(name: str | None, type_: str, _parent: object) -> bool:
    """The server keeps its own server_* tables (and migrations) when it shares the database."""
    return not (type_ == "table" and name is not None and name.startswith("server_"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, include_name=_ours
    )
    with context.begin_transaction():
        context.run_migrations()


# The app passes its own connection (models/migrate.py); the alembic CLI passes a URL.
given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    with make_engine(config.get_main_option("sqlalchemy.url") or "").connect() as conn:
        _run(conn)
