"""Each event records the version of the hash formula that sealed it.

The formula changed once without a marker (commit 328cd21): databases created by the first release hold
events hashed with version 1, and later ones (or later events of the same cases) with version 2. Every
existing row is given the version its hash matches; a row that matches neither was altered before this
upgrade, is marked 2, and `rto audit verify` goes on reporting it. Both formulas are copied here as they
were released, so that this migration means the same thing whatever `states/history.py` becomes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _version_1(fields: list[Any], details: str, prev_hash: str) -> str:
    return hashlib.sha256(_canonical([*fields, details, prev_hash]).encode("utf-8")).hexdigest()


def _version_2(fields: list[Any], details: str, prev_hash: str) -> str:
    return hashlib.sha256(f"{_canonical([*fields, prev_hash])}\x1f{details}".encode()).hexdigest()


def _stamp(value: Any) -> str:
    """A stored time as the formulas took it: aware UTC, to the microsecond."""
    at = datetime.fromisoformat(value).replace(tzinfo=UTC) if isinstance(value, str) else value.astimezone(UTC)
    return str(at.isoformat(timespec="microseconds"))


def upgrade() -> None:
    with op.batch_alter_table("case_events") as batch:
        batch.add_column(sa.Column("hash_version", sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, case_id, seq, at, actor, kind, from_state, to_state, details, prev_hash, hash "
                "FROM case_events").execution_options(yield_per=5000)
    )
    first: list[int] = []
    for r in rows:
        fields = [r.case_id, r.seq, _stamp(r.at), r.actor, r.kind, r.from_state, r.to_state]
        if _version_2(fields, r.details, r.prev_hash) == r.hash:
            continue
        if _version_1(fields, r.details, r.prev_hash) == r.hash:
            first.append(r.id)
    update = sa.text("UPDATE case_events SET hash_version = 1 WHERE id = :id")
    for start in range(0, len(first), 5000):
        conn.execute(update, [{"id": i} for i in first[start:start + 5000]])
    conn.execute(sa.text("UPDATE case_events SET hash_version = 2 WHERE hash_version IS NULL"))


def downgrade() -> None:
    with op.batch_alter_table("case_events") as batch:
        batch.drop_column("hash_version")
