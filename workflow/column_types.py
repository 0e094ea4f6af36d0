"""The one column type of the schema that SQLAlchemy does not have: times stored as UTC.

It behaves exactly as SQLModel's `UTCDateTime` (sqlmodel.sql.sqltypes), which the tables declare and the
migrations create. It is written here because that module cannot be imported without loading SQLModel and
pydantic, about 140 ms a command's start does not need (workflow.schema). tests/test_schema.py holds the
two to the same stored values and the same answers, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import types
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.sql.operators import OperatorType


class UtcDateTime(types.TypeDecorator[datetime]):
    """Aware times only, stored and returned in UTC (a naive one is refused: its zone is unknown)."""

    impl = types.DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def __repr__(self) -> str:
        return "UtcDateTime()"

    def coerce_compared_value(self, op: OperatorType | None, value: Any) -> types.TypeEngine[Any]:
        return types.Interval() if isinstance(value, timedelta) else self

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("a time without a time zone cannot be stored: its zone is unknown")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:  # SQLite keeps no offset: what is stored is UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
