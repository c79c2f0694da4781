"""Alembic environment: the project's one MetaData, and the connection `store.db` hands over."""

from alembic import context

import store  # noqa: F401  (registers every table module on the metadata)
from store.db import make_engine, metadata

config = context.config
connection = config.attributes.get("connection")


def run(bound) -> None:
    context.configure(
        connection=bound, target_metadata=metadata, render_as_batch=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with make_engine().begin() as opened:
        run(opened)
