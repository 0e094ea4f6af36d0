"""On PostgreSQL the database itself enforces who may see and change what (domain.md, "Trust and privacy").

`rto init` calls `secure` in the transaction that migrates. It creates, idempotently:

- group roles for the staff roles, named after the database (`<database>_caseworker`, `_supervisor`, `_admin`,
  `_system`), because roles belong to the whole server and two rto databases on one server must not share them:
  a supervisor in one municipality's database is not one in another's. A NOLOGIN `<database>_retention` role
  owns the retention job's function.
- table privileges for each group. No group is granted UPDATE, DELETE or TRUNCATE on a history table
  (`case_events`, `household_events`, `case_access`), and a trigger refuses UPDATE and DELETE of their rows for
  every login, superusers included, except an UPDATE of an event's erasable columns alone (`details`, and
  `sealed` where the salted commitments are kept) made inside `rto_retention_erase`.
- row-level security: a caseworker's login sees and writes only the cases assigned to it, their events,
  decisions and outbox messages, the households of those cases and the tenant pool (households without an open
  case), their members and histories. Supervisors, admins and system accounts see everything.
- `rto_sync_staff_role(login)`: the staff member's login role (created LOGIN without a password where missing,
  so that the server's authentication decides how it logs in) gets the group of its staff role while active,
  and no other. `staff add`, `staff activate/deactivate` and `init` call it in the same transaction.

RLS is deliberately not FORCEd: the table owner (the role that ran `rto init`, normally the service's own
account, which the scheduler and `os`/`declared` identity connect as) works as before, and the app's rules guard
it. A person is held to these rules by the database when they connect as their own login role
(`[identity] source = "database"`). The trigger, by contrast, holds for the owner too; only dropping it (DDL,
which `init` itself does around migrations that backfill history columns) gets past it, and the signed
checkpoints catch what that is used for.

Retention (`rto retention run`) erases personal data from history rows through `erase_history` below, which on
PostgreSQL calls `SELECT rto_retention_erase('case_events' | 'household_events', ids bigint[], details text[],
sealed text[] DEFAULT NULL)`: it sets `details` (and `sealed`, when given) of each row `ids[i]` to `details[i]`
(`sealed[i]`) and returns how many rows it changed; any other column, table or a missing row is refused. It
runs as the NOLOGIN retention role (SECURITY DEFINER), the one role the trigger lets through, and only the
admin and system groups (and the owner) may execute it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy import Connection, bindparam, text, update
from sqlalchemy.exc import DBAPIError

from states.errors import NotPermitted
from workflow.schema import case_events, household_events

HISTORY = ("case_events", "household_events", "case_access")
ERASABLE = ("case_events", "household_events")  # history whose personal data retention may erase
ERASABLE_COLUMNS = ("details", "sealed")  # what it may change in them (`sealed`: the commitments' salts)
_ERASABLE_TABLES = {"case_events": case_events, "household_events": household_events}
STAFF_ROLES = ("caseworker", "supervisor", "admin", "system")
TRIGGER = "rto_history_is_append_only"
_MAX_NAME = 63  # PostgreSQL's identifier length (NAMEDATALEN - 1)


def applies(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def role_prefix(database: str) -> str:
    """`<database>_`, shortened with a hash of the whole name where the longest role name would not fit."""
    if len(f"{database}_supervisor".encode()) <= _MAX_NAME:
        return f"{database}_"
    short = database.encode()[:40].decode(errors="ignore")
    return f"{short}_{hashlib.sha256(database.encode()).hexdigest()[:8]}_"


def group_roles(database: str) -> dict[str, str]:
    """The group role of each staff role, and the retention role, for `database`."""
    prefix = role_prefix(database)
    return {role: f"{prefix}{role}" for role in (*STAFF_ROLES, "retention")}


def is_secured(conn: Connection) -> bool:
    """Whether `rto init` has secured this database (so that staff changes reach the login roles)."""
    if not applies(conn):
        return False
    return _run(conn, "SELECT to_regprocedure('rto_sync_staff_role(text)') IS NOT NULL").scalar() is True


def sync_login(conn: Connection, login: str) -> None:
    """Give `login`'s role the group of its staff role (while active) and no other; nothing on SQLite."""
    if is_secured(conn):
        conn.execute(text("SELECT rto_sync_staff_role(:login)"), {"login": login})


def erase_history(conn: Connection, history: str, ids: Sequence[int], details: Sequence[str],
                  sealed: Sequence[str | None] | None = None) -> int:
    """Retention's one way to change written history rows: `details` (and `sealed`, if given) of the rows `ids`
    of `history` (case_events or household_events). On a database `rto init` secured, through
    `rto_retention_erase` (the trigger refuses anything else); elsewhere (SQLite) a plain update. Returns how
    many rows changed."""
    if history not in ERASABLE:
        raise ValueError(f"retention erases {' or '.join(ERASABLE)}, not {history}")
    if not ids:
        return 0
    if is_secured(conn):
        return int(conn.execute(text("SELECT rto_retention_erase(:history, :ids, :details, :sealed)"),
                                {"history": history, "ids": list(ids), "details": list(details),
                                 "sealed": None if sealed is None else list(sealed)}).scalar_one())
    table = _ERASABLE_TABLES[history]
    values: dict[str, Any] = {"details": bindparam("b_details")}
    if sealed is not None:
        values["sealed"] = bindparam("b_sealed")
    rows = [{"b_id": i, "b_details": d, "b_sealed": None if sealed is None else sealed[n]}
            for n, (i, d) in enumerate(zip(ids, details, strict=True))]
    return int(conn.execute(update(table).where(table.c.id == bindparam("b_id")).values(values), rows).rowcount)


def suspend(conn: Connection) -> None:
    """Before migrations: they may backfill history columns (0005 did), which the trigger would refuse. Only
    the tables' owner may (a staff member's own login is refused, exit 5)."""
    if not applies(conn):
        return
    owner = _run(conn, "SELECT pg_get_userbyid(relowner), pg_has_role(current_user, relowner, 'USAGE') "
                       "FROM pg_class WHERE oid = to_regclass('cases')").first()
    if owner is not None and not owner[1]:
        login = str(_run(conn, "SELECT current_user").scalar())
        raise NotPermitted("init_needs_owner", login=login, owner=owner[0])
    for table in HISTORY:
        if _run(conn, f"SELECT to_regclass('{table}') IS NOT NULL").scalar():
            _run(conn, f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")


def secure(conn: Connection) -> dict[str, str] | None:
    """Create or refresh the roles, privileges, policies, triggers and functions; idempotent. Returns each staff
    role's group role (None on SQLite)."""
    if not applies(conn):
        return None
    database, schema, login = _run(conn, "SELECT current_database(), current_schema(), current_user").one()
    try:
        return _secure(conn, str(database), str(schema))
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        why = str(error.orig).strip().splitlines()[0]
        raise NotPermitted("init_needs_createrole", login=login, why=why) from None


def _secure(conn: Connection, database: str, schema: str) -> dict[str, str]:
    roles = group_roles(database)
    q = {name: _quoted(role) for name, role in roles.items()}
    for role in roles.values():
        _create_group(conn, role)
    _grant_privileges(conn, q, _quoted(schema))
    _row_security(conn, q)
    _history_trigger(conn, roles["retention"])
    _retention_function(conn, q, _quoted(schema))
    _sync_function(conn, roles, role_prefix(database), _quoted(schema))
    for login in _run(conn, "SELECT login FROM staff").scalars().all():
        conn.execute(text("SELECT rto_sync_staff_role(:login)"), {"login": login})
    return {role: roles[role] for role in STAFF_ROLES}


def _run(conn: Connection, sql: str) -> Any:
    """A statement without parameters (psycopg would read the `%` of `format('%I')` as a placeholder)."""
    return conn.exec_driver_sql(sql.replace("%", "%%"))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _create_group(conn: Connection, role: str) -> None:
    # Roles are the server's: another database's init, or a concurrent one, may be creating roles meanwhile.
    _run(conn, f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(role)}) THEN
            CREATE ROLE {_quoted(role)} NOLOGIN;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$""")


def _grant_privileges(conn: Connection, q: dict[str, str], schema: str) -> None:
    staff_groups = ", ".join(q[r] for r in STAFF_ROLES)
    everyone = f"{staff_groups}, {q['retention']}"
    run = partial(_run, conn)
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC, {everyone}")
    run(f"GRANT USAGE ON SCHEMA {schema} TO {everyone}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {staff_groups}")
    run(f"GRANT SELECT ON staff, alembic_version, identity_lookup TO {staff_groups}")
    run(f"GRANT SELECT, INSERT, UPDATE ON cases, households, household_members, decisions TO {staff_groups}")
    run(f"GRANT INSERT, DELETE ON identity_lookup TO {staff_groups}")
    run(f"GRANT SELECT, INSERT ON case_events, household_events, case_access, outbox TO {staff_groups}")
    # the overview: a household's own dated figures, its assessments, and outreach (linked to the case it led to)
    run(f"GRANT SELECT, INSERT ON household_figures, assessments, contacts TO {staff_groups}")
    run(f"GRANT UPDATE (case_id) ON contacts TO {staff_groups}")
    run(f"GRANT UPDATE ON outbox TO {q['supervisor']}, {q['admin']}, {q['system']}")
    run(f"GRANT INSERT, UPDATE ON staff TO {q['admin']}")
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON apscheduler_jobs TO {q['system']}")
    run(f"GRANT DELETE ON household_members, outbox TO {q['admin']}, {q['system']}")  # retention erases mails
    for table in ERASABLE:  # `sealed` arrives with the salted commitments' migration
        columns = _run(conn, "SELECT string_agg(quote_ident(column_name), ', ') FROM information_schema.columns "
                             f"WHERE table_schema = current_schema() AND table_name = '{table}' AND column_name IN "
                             f"({', '.join(_literal(c) for c in ERASABLE_COLUMNS)})").scalar()
        run(f"GRANT SELECT, UPDATE ({columns}) ON {table} TO {q['retention']}")


# Each table's rows a caseworker's login may see and change. Subqueries on `cases` and `households` are
# themselves filtered by those tables' policies, so each rule reads as one step.
_CASE = "EXISTS (SELECT 1 FROM cases c WHERE c.id = {table}.case_id)"
_HOUSEHOLD = "EXISTS (SELECT 1 FROM households h WHERE h.id = {table}.household_id)"
_CASEWORKER_SEES = {
    "cases": "caseworker = session_user",
    "case_events": _CASE,
    "decisions": _CASE,
    "households": "open_case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.household_id = households.id)",
    "household_members": _HOUSEHOLD,
    "household_events": _HOUSEHOLD,
    "identity_lookup": _HOUSEHOLD,
    "household_figures": _HOUSEHOLD,
    "assessments": _HOUSEHOLD,
    "contacts": _HOUSEHOLD,
    "case_access": f"login = session_user OR {_CASE} OR {_HOUSEHOLD}",
    "outbox": f"recipient = session_user OR {_CASE}",
}
# Where reading and adding differ from the rule above: every caseworker finds a number already registered
# (one person, one record; a keyed hash and a household's id, nothing else), anyone may queue a message, and
# the access log records only its own login's looks.
_CASEWORKER_READS = {"identity_lookup": "true"}
_CASEWORKER_ADDS = {"outbox": "true", "case_access": "login = session_user"}


def _row_security(conn: Connection, q: dict[str, str]) -> None:
    run = partial(_run, conn)
    caseworker, everyone_else = q["caseworker"], f"{q['supervisor']}, {q['admin']}, {q['system']}"
    for table, template in _CASEWORKER_SEES.items():
        rule = template.format(table=table)
        reads = _CASEWORKER_READS.get(table, rule)
        adds = _CASEWORKER_ADDS.get(table, rule)
        run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for policy in ("rto_caseworker_sees", "rto_caseworker_adds", "rto_caseworker_changes",
                       "rto_caseworker_removes", "rto_all_staff", "rto_retention"):
            run(f"DROP POLICY IF EXISTS {policy} ON {table}")
        run(f"CREATE POLICY rto_caseworker_sees ON {table} FOR SELECT TO {caseworker} USING ({reads})")
        run(f"CREATE POLICY rto_caseworker_adds ON {table} FOR INSERT TO {caseworker} WITH CHECK ({adds})")
        run(f"CREATE POLICY rto_caseworker_changes ON {table} FOR UPDATE TO {caseworker} "
            f"USING ({rule}) WITH CHECK ({rule})")
        run(f"CREATE POLICY rto_caseworker_removes ON {table} FOR DELETE TO {caseworker} USING ({rule})")
        run(f"CREATE POLICY rto_all_staff ON {table} TO {everyone_else} USING (true) WITH CHECK (true)")
        if table in ERASABLE:
            run(f"CREATE POLICY rto_retention ON {table} TO {q['retention']} USING (true) WITH CHECK (true)")


def _history_trigger(conn: Connection, retention: str) -> None:
    erasable = "ARRAY[" + ", ".join(_literal(c) for c in ERASABLE_COLUMNS) + "]"  # jsonb - text[]: those keys
    _run(conn, f"""
        CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND current_user = TG_ARGV[0]::name AND TG_ARGV[1] = 'erasable'
             AND to_jsonb(NEW) - {erasable} = to_jsonb(OLD) - {erasable} THEN
            RETURN NEW;  -- rto_retention_erase, erasing personal data and nothing else
          END IF;
          RAISE EXCEPTION 'rto: % on % refused: history rows are never changed or deleted', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END $$""")
    for table in HISTORY:
        erasable = "erasable" if table in ERASABLE else "kept"
        _run(conn, f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
        _run(conn, f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
                             f"EXECUTE FUNCTION {TRIGGER}({_literal(retention)}, '{erasable}')")


def _retention_function(conn: Connection, q: dict[str, str], schema: str) -> None:
    run = partial(_run, conn)
    run(f"""
        CREATE OR REPLACE FUNCTION rto_retention_erase(history text, ids bigint[], details text[],
                                                       sealed text[] DEFAULT NULL)
        RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
        DECLARE changed integer; wanted integer := coalesce(array_length(ids, 1), 0);
        BEGIN
          IF history NOT IN ('case_events', 'household_events') THEN
            RAISE EXCEPTION 'rto: retention erases case_events or household_events, not %', history
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF wanted <> coalesce(array_length(details, 1), 0)
             OR sealed IS NOT NULL AND wanted <> coalesce(array_length(sealed, 1), 0) THEN
            RAISE EXCEPTION 'rto: % rows, but details or sealed for a different number', wanted;
          END IF;
          IF sealed IS NULL THEN
            EXECUTE format('UPDATE %I AS h SET details = e.details FROM unnest($1, $2) AS e(id, details) '
                           'WHERE h.id = e.id', history) USING ids, details;
          ELSE
            EXECUTE format('UPDATE %I AS h SET details = e.details, sealed = e.sealed '
                           'FROM unnest($1, $2, $3) AS e(id, details, sealed) WHERE h.id = e.id', history)
              USING ids, details, sealed;
          END IF;
          GET DIAGNOSTICS changed = ROW_COUNT;
          IF changed <> wanted THEN
            RAISE EXCEPTION 'rto: % of % rows of % found', changed, wanted, history;
          END IF;
          RETURN changed;
        END $$""")
    signature = "rto_retention_erase(text, bigint[], text[], text[])"
    if not _run(conn, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar():
        run(f"GRANT {q['retention']} TO CURRENT_USER")  # to hand it the function (a superuser need not)
    run(f"GRANT CREATE ON SCHEMA {schema} TO {q['retention']}")  # an owner needs it; kept only for the moment
    run(f"ALTER FUNCTION {signature} OWNER TO {q['retention']}")
    run(f"REVOKE CREATE ON SCHEMA {schema} FROM {q['retention']}")
    run(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    run(f"GRANT EXECUTE ON FUNCTION {signature} TO {q['admin']}, {q['system']}")


def _sync_function(conn: Connection, roles: dict[str, str], prefix: str, schema: str) -> None:
    groups = "ARRAY[" + ", ".join(_literal(roles[r]) for r in STAFF_ROLES) + "]"
    _run(conn, f"""
        CREATE OR REPLACE FUNCTION rto_sync_staff_role(who text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
        DECLARE wanted text; grp text; held boolean;
        BEGIN
          IF who = ANY({groups}) OR who = {_literal(roles["retention"])} THEN
            RAISE EXCEPTION 'rto: % is one of rto''s group roles, not a login', who;
          END IF;
          SELECT {_literal(prefix)} || s.role INTO wanted FROM staff s WHERE s.login = who AND s.active;
          IF wanted IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
            BEGIN
              EXECUTE format('CREATE ROLE %I LOGIN', who);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
          END IF;
          FOREACH grp IN ARRAY {groups} LOOP
            held := EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                            JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = grp AND u.rolname = who);
            IF grp = wanted AND NOT held THEN
              EXECUTE format('GRANT %I TO %I', grp, who);
            ELSIF grp IS DISTINCT FROM wanted AND held THEN
              EXECUTE format('REVOKE %I FROM %I', grp, who);
            END IF;
          END LOOP;
        END $$""")
    _run(conn, "REVOKE ALL ON FUNCTION rto_sync_staff_role(text) FROM PUBLIC")
    _run(conn, f"GRANT EXECUTE ON FUNCTION rto_sync_staff_role(text) TO {_quoted(roles['admin'])}")
