"""Reviews and reminders: the review log on each case, the outbox, and the scheduler's job store.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # every transition rewrote this index; a list by state reads few cases (0001 created it, so it goes here)
    op.drop_index("ix_cases_state", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("review_log", sa.Text(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("review_due_on", sa.Date(), nullable=True))
        batch.create_index("ix_cases_review_due_on", ["review_due_on"])
    # every case already there is looked at by the next review, which works out its real next day
    op.execute(sa.text("UPDATE cases SET review_due_on = CURRENT_DATE"))
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("mime", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_case_id", "outbox", ["case_id"])
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(191), primary_key=True),
        sa.Column("next_run_time", sa.Float(25), index=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("apscheduler_jobs")
    op.drop_table("outbox")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_review_due_on")
        batch.drop_column("review_due_on")
        batch.drop_column("review_log")
    op.create_index("ix_cases_state", "cases", ["state"])
