"""Retention: each event keeps the salts of its personal values beside it, and a household when it was erased.

Version 3 of the hash formula (states/history.py) commits to an event's personal values through salted
commitments; the salts (and, once erased, the commitments) are in the new `sealed` columns. Events sealed
before (versions 1 and 2) have none: their details are hashed as they are, and when retention erases them
the record of erasure vouches for them instead (states/commitments.py, `attestation`).


Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_events") as batch:
        batch.add_column(sa.Column("sealed", sa.Text(), nullable=True))
    with op.batch_alter_table("household_events") as batch:
        batch.add_column(sa.Column("sealed", sa.Text(), nullable=True))
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.drop_column("erased_at")
    with op.batch_alter_table("household_events") as batch:
        batch.drop_column("sealed")
    with op.batch_alter_table("case_events") as batch:
        batch.drop_column("sealed")
