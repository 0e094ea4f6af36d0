"""Building cases for tests: a household, and the facts that carry a case to each state."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from conftest import OSLO
from sqlalchemy import create_engine, select, text

from states.journey import PATH, CaseState
from workflow.bootstrap import App
from workflow.cases import open_case, set_facts
from workflow.households import add_household
from workflow.schema import outbox as outbox_t
from workflow.steps import StepRequest, take_step


def as_json(result: Any) -> Any:
    """A service's result as `--json` prints it (times in Oslo)."""
    from workflow.results import plain

    return plain(result, OSLO)


def at(iso: str) -> datetime:
    """A local time in Oslo: '2026-03-13 07:30'."""
    return datetime.fromisoformat(iso).replace(tzinfo=OSLO)


def facts_for(target: str, today: date) -> list[str]:
    """The facts (KEY=VALUE) that meet the guard of the step into `target`, given what came before."""
    expires = (today + timedelta(days=90)).isoformat()
    return {
        "motivated": ["consent=yes", "income_monthly=62000", "income_predictable=yes", "plan_agreed=yes",
                      "debt_monthly=1500", "fixed_costs_monthly=0"],
        "financed": ["loan_amount=2800000", "grant_amount=100000", "equity=50000",
                     f"certificate_issued={today.isoformat()}", f"certificate_expires={expires}"],
        "searching": [],
        "bidding": ["property=Kirkeveien 12, 4306 Sandnes", "property_type=cooperative", "asking_price=2700000",
                    "common_costs_monthly=2500", "property_approved=yes", "bid_amount=2750000", "bid_result=pending"],
        "contracted": ["bid_result=accepted", "purchase_price=2750000", f"contract_date={today.isoformat()}",
                       f"takeover_date={today.isoformat()}"],
        "moved_in": ["tenancy_ended=yes"],
    }[target]


def new_household(app: App, login: str = "ola", unit: str | None = "Kirkegata 3 H0101", **kw: Any) -> int:
    return add_household(app, login, kw.pop("name", "Familien Test"), adults=kw.pop("adults", 2),
                         children=kw.pop("children", 1), child_ages=kw.pop("child_ages", "7"), unit=unit, **kw).id


def new_case(app: App, login: str = "ola", unit: str | None = "Kirkegata 3 H0101", **kw: Any) -> int:
    household = new_household(app, login, unit, **kw)
    return open_case(app, login, household).id


def grant_help(app: App, case_id: int, login: str = "ola", supervisor: str = "siri") -> int:
    """The enkeltvedtak `motivated` needs: proposed by `login`, approved by `supervisor`."""
    from workflow.decisions import approve, propose

    decision = propose(app, login, case_id, "help_granted", "Stabil inntekt; husstanden vil eie").id
    approve(app, supervisor, decision)
    return decision


def receive_papers(app: App, case_id: int, target: str, login: str = "ola") -> None:
    """Every paper the step into `target` needs, received (from each adult where each supplies one). The
    checklist is read straight from the case, so that the test's access log shows only its own looks."""
    from states.papers import Adult, checklist
    from workflow.papers import record_paper
    from workflow.repository import load_case

    with app.db.reads() as conn:
        snap = load_case(conn, case_id)
    adults = [Adult(m.id, m.name) for m in snap.household.adults_on(app.today())]
    for paper in checklist(app.settings.documents, adults, snap.papers):
        if paper.needed_for == target and paper.status == "missing":
            record_paper(app, login, case_id, paper.key, "received", paper.member, ref=f"arkiv/{paper.key}")


def drive(app: App, case_id: int, target: str, login: str = "ola") -> None:
    """Record the facts, the decision and the papers, and take each step from where the case is up to
    `target` on the main path."""
    order = [s.value for s in PATH] + [CaseState.MOVED_IN.value]
    from workflow.views import show_case

    view = show_case(app, login, case_id)
    for state in order[order.index(view.state) + 1: order.index(target) + 1]:
        pairs = facts_for(state, app.today())
        if pairs:
            set_facts(app, login, case_id, pairs)
        if state == "motivated" and view.decisions.get("help_granted") != "approved":
            grant_help(app, case_id, login, "sven" if login == "siri" else "siri")
        receive_papers(app, case_id, state, login)
        take_step(app, login, case_id, StepRequest(state))


def case_at(app: App, target: str, login: str = "ola", **kw: Any) -> int:
    case_id = new_case(app, login, **kw)
    if target != "screened":
        drive(app, case_id, target, login)
    return case_id


def database_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the product keeps, to compare before and after a command that must write nothing."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY {key}"))]
                for table, key in (("staff", "login"), ("households", "id"), ("cases", "id"),
                                   ("case_events", "case_id, seq"))
            }
    finally:
        engine.dispose()


def enqueue(conn: Any, message: Any, from_address: str, now: datetime) -> bool:
    """Queue `message` straight into the outbox, inside the caller's write transaction: True when it is new."""
    from workflow.outbox import Enqueue
    from workflow.writes import Transaction

    return Enqueue(message, from_address).apply(Transaction(conn, "rto", now, now.date())) is None


def outbox_rows(app: App) -> list[Any]:
    """The outbox, in queue order."""
    with app.db.transaction() as conn:
        return list(conn.execute(select(outbox_t).order_by(outbox_t.c.id)))


def grant_help_by_cli(run: Callable[..., Any], case_id: int, login: str = "ola", supervisor: str = "siri") -> int:
    """`grant_help` through the command line: `rto decision propose` as `login`, `rto decision approve` as
    `supervisor`. `run(login, *args)` runs `rto` as that login and returns its Result."""
    proposed = run(login, "decision", "propose", str(case_id), "--kind", "help_granted", "--reason",
                   "Stabil inntekt; husstanden vil eie", "--json")
    assert proposed.code == 0, proposed
    decision = int(proposed.json["id"])
    approved = run(supervisor, "decision", "approve", str(decision), "--json")
    assert approved.code == 0, approved
    assert approved.json["status"] == "approved", approved
    return decision


def receive_papers_by_cli(run: Callable[..., Any], case_id: int, target: str, login: str = "ola") -> None:
    """`receive_papers` through the command line: `rto case docs`, then `rto case doc ... received` for each
    paper the step into `target` still misses. `run(login, *args)` as for `grant_help_by_cli`."""
    listed = run(login, "case", "docs", str(case_id), "--json")
    assert listed.code == 0, listed
    for paper in listed.json:
        if paper["needed_for"] == target and paper["status"] == "missing":
            member = ["--member", str(paper["member"])] if paper["member"] is not None else []
            done = run(login, "case", "doc", str(case_id), paper["key"], "received", *member,
                       "--ref", f"arkiv/{paper['key']}")
            assert done.code == 0, done


def as_the_tables_owner_would(conn: Any) -> None:
    """Tampering as someone who owns the tables: on a PostgreSQL database `rto init` secured, the trigger that
    refuses to change a history row is switched off for this transaction first (superusers can), which
    is what the signed checkpoints are for. Nothing to do on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL session_replication_role = replica"))


def assert_not_stored(secret: str, dump: str, raw: bytes) -> None:
    """`secret` is nowhere in the database's rows (`dump`) or its files (`raw`). A secret of hex digits (an
    identity number, a birth date, an amount) is looked for outside runs of hex, where salts and hashes would
    hold it by chance now and then."""
    if re.fullmatch(r"[0-9a-f]+", secret):
        pattern = rf"(?<![0-9a-f]){secret}(?![0-9a-f])"
        assert re.search(pattern, dump) is None, secret
        assert re.search(pattern.encode(), raw) is None, secret
        return
    assert secret not in dump, secret
    assert secret.encode() not in raw, secret
