"""Households of people, the papers a case needs, and decisions.

A household gets its members (name, birth date, role, identity number), a hash-chained history of its own and
a language for its letters; a case keeps its papers and the latest status of each kind of decision (read with
the case in one statement); decisions are rows of their own.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("history_seq", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("history_head", sa.String(64), nullable=False, server_default="0" * 64))
        batch.add_column(sa.Column("members", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("language", sa.String(2), nullable=True))
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("papers", sa.Text(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("decisions", sa.Text(), nullable=False, server_default="{}"))
    op.create_table(
        "household_members",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("born", sa.Date(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("identity_number", sa.Text(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("removed_by", sa.String(64), nullable=True),
        sa.Column("removed_reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_household_members_household", "household_members", ["household_id"])
    op.create_table(
        "household_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("hash_version", sa.Integer(), nullable=True),
        sa.UniqueConstraint("household_id", "seq", name="uq_household_events_household_seq"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.String(64), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_decisions_case", "decisions", ["case_id"])


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("household_events")
    op.drop_table("household_members")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("decisions")
        batch.drop_column("papers")
    with op.batch_alter_table("households") as batch:
        batch.drop_column("language")
        batch.drop_column("members")
        batch.drop_column("history_head")
        batch.drop_column("history_seq")
