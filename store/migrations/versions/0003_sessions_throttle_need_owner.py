"""server-side sessions, the sign-in throttle, hiring needs keyed by employer id

Revision ID: 0003
Revises: 0002

The throttle replaces the per-account lockout columns (a stranger could lock the admin out, and
the lock told which user names exist). Needs get the id of the employer with exactly their
employer name; a need whose employer is not listed keeps none and is seen by the bureau only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            ondelete="CASCADE",
            name=op.f("fk_sessions_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sessions_token_hash")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_account_id"), ["account_id"], unique=False)
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")
    with op.batch_alter_table("hiring_needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("employer_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_hiring_needs_employer_id"), ["employer_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_hiring_needs_employer_id_employers"),
            "employers",
            ["employer_id"],
            ["id"],
        )
    op.execute(
        "UPDATE hiring_needs SET employer_id = (SELECT employers.id FROM employers "
        "WHERE employers.name = hiring_needs.employer)"
    )


def downgrade() -> None:
    with op.batch_alter_table("hiring_needs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_hiring_needs_employer_id_employers"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_hiring_needs_employer_id"))
        batch_op.drop_column("employer_id")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
    op.drop_table("sign_in_throttle")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_account_id"))
    op.drop_table("sessions")
