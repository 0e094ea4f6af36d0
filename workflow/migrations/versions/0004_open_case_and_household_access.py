"""A household records its one open case; the access log records views of households too.

`households.open_case_id` is what opening and reopening a case claim with a conditional update, so that two
caseworkers doing so at the same moment cannot give a household two open cases. It is filled from the cases
as they are (the newest open case, should a database already hold two).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OPEN = ("screened", "motivated", "financed", "searching", "bidding", "contracted", "paused")


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("open_case_id", sa.Integer(), nullable=True))
    states = ", ".join(f"'{s}'" for s in _OPEN)
    op.execute(
        "UPDATE households SET open_case_id = (SELECT max(c.id) FROM cases c "
        f"WHERE c.household_id = households.id AND c.state IN ({states}))"
    )
    with op.batch_alter_table("case_access") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id",
                                                                                name="fk_case_access_household"),
                                   nullable=True))
    op.create_index("ix_case_access_household", "case_access", ["household_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_case_access_household", "case_access")
    with op.batch_alter_table("case_access") as batch:
        batch.drop_column("household_id")
    with op.batch_alter_table("households") as batch:
        batch.drop_column("open_case_id")
