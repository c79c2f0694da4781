"""trip assignments: the trips each coordinator runs

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 17:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if "trip_assignments" in sa.inspect(op.get_bind()).get_table_names():
        return  # a database made by create_all of the newest tables, then stamped 0001
    op.create_table(
        "trip_assignments",
        sa.Column("account", sa.String(length=60), nullable=False),
        sa.Column("trip", sa.String(length=40), nullable=False),
        sa.Column("assigned_by", sa.String(length=60), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", "trip", name=op.f("pk_trip_assignments")),
    )


def downgrade() -> None:
    op.drop_table("trip_assignments")
