"""The overview: the tenant register's id on a household, its own dated figures, purchasing-power
assessments and outreach.

A household gets the register's id (`external_id`, unique), the day it became a tenant, its latest figures
(income, predictability, debts, fixed costs, equity: the last of `household_figures`, read with it), and the
latest assessment's day and verdict and the latest outreach's outcome and day, so the register is listed
in one statement. Assessments and contacts are rows of their own.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("external_id", sa.String(100), nullable=True))
        batch.add_column(sa.Column("tenant_since", sa.Date(), nullable=True))
        batch.add_column(sa.Column("figures", sa.Text(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("last_assessed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("prospect", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("last_contact", sa.String(20), nullable=True))
        batch.add_column(sa.Column("last_contact_on", sa.Date(), nullable=True))
        batch.create_index("ix_households_external_id", ["external_id"], unique=True)
    op.create_table(
        "household_figures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_household_figures_household", "household_figures", ["household_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessed_by", sa.String(64), nullable=False),
        sa.Column("monthly_available", sa.Integer(), nullable=False),
        sa.Column("max_loan", sa.Integer(), nullable=False),
        sa.Column("max_price", sa.Integer(), nullable=False),
        sa.Column("price_needed", sa.Integer(), nullable=True),
        sa.Column("prospect", sa.Boolean(), nullable=False),
        sa.Column("calculation", sa.Text(), nullable=False),
    )
    op.create_index("ix_assessments_household", "assessments", ["household_id"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("contacted_by", sa.String(64), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id"), nullable=True),
    )
    op.create_index("ix_contacts_household", "contacts", ["household_id"])


def downgrade() -> None:
    op.drop_index("ix_contacts_household", "contacts")
    op.drop_table("contacts")
    op.drop_index("ix_assessments_household", "assessments")
    op.drop_table("assessments")
    op.drop_index("ix_household_figures_household", "household_figures")
    op.drop_table("household_figures")
    with op.batch_alter_table("households") as batch:
        batch.drop_index("ix_households_external_id")
        for column in ("last_contact_on", "last_contact", "prospect", "last_assessed_on", "figures", "tenant_since",
                       "external_id"):
            batch.drop_column(column)
