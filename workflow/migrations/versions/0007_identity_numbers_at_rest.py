"""Identity numbers at rest: every stored number encrypted, and an index of their keyed hashes.

Numbers stored in clear (households.identity_numbers, household_members.identity_number) are sealed with the
identity key (`[identity] key_file`), which `rto init` hands over as `identity_vault`; a database that holds
no number needs none. Each number gets a row in `identity_lookup` by its keyed hash.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import context, op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_lookup",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("household_members.id"), nullable=True),
    )
    op.create_index("ix_identity_lookup_hash", "identity_lookup", ["hash"])
    conn = op.get_bind()
    households = conn.execute(sa.text("SELECT id, identity_numbers FROM households "
                                      "WHERE identity_numbers <> '[]'")).all()
    members = conn.execute(sa.text("SELECT id, household_id, identity_number FROM household_members "
                                   "WHERE identity_number IS NOT NULL")).all()
    if not households and not members:
        return
    vault = context.config.attributes.get("identity_vault")
    if vault is None:
        raise RuntimeError("identity numbers are stored in clear, and this upgrade was given no identity key")
    lookup = sa.text("INSERT INTO identity_lookup (hash, household_id, member_id) VALUES (:h, :hh, :m)")
    for household_id, text in households:
        sealed = [vault.seal_stored(n) for n in json.loads(text)]
        conn.execute(sa.text("UPDATE households SET identity_numbers = :v WHERE id = :id"),
                     {"v": json.dumps(sealed), "id": household_id})
        for n in sealed:
            conn.execute(lookup, {"h": n["kh"], "hh": household_id, "m": None})
    for member_id, household_id, text in members:
        sealed_one = vault.seal_stored(json.loads(text))
        conn.execute(sa.text("UPDATE household_members SET identity_number = :v WHERE id = :id"),
                     {"v": json.dumps(sealed_one), "id": member_id})
        conn.execute(lookup, {"h": sealed_one["kh"], "hh": household_id, "m": member_id})


def downgrade() -> None:
    op.drop_index("ix_identity_lookup_hash", "identity_lookup")
    op.drop_table("identity_lookup")
