"""`rto retention run` and the overview: a household of the tenant register, assessed, contacted, given a case
that ended, and past the retention period, is erased everywhere: its name, identity number, register id,
tenancy, income figures and outreach note are in no table and nowhere in the raw database file, while the
funnel's statistics (assessed, prospect, contacted, interested) stay and every history verifies, against
checkpoints sealed before too. A household that never had a case (gone from the register) is erased once
nothing has happened to it for the period; one still assessed is not. A later import registers an erased
household's register row anew. On SQLite and PostgreSQL, and on a PostgreSQL database `rto init` secured.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import FakeClock, InProcessRto, valid_nin
from helpers import assert_not_stored, at
from sqlalchemy import create_engine, text
from test_retention import everything, raw_bytes

from workflow.bootstrap import App
from workflow.cases import open_case, set_facts
from workflow.overview import assess_household, contact_household
from workflow.register_import import import_register
from workflow.steps import StepRequest, take_step

HEADER = ("external_id;name;email;unit;adults;children_ages;nin;income_monthly;income_predictable;debt_monthly;"
          "fixed_costs_monthly;equity;tenant_since")
NIN = valid_nin(17, 6, 84)
GLEMMESEN = f"K-5501;Familien Glemmesen;glemmesen@example.no;Storgata 5 H0201;2;4 9;{NIN};71234;ja;2345;3456;" \
            "187654;2015-08-01"
BORTESEN = "K-5502;Familien Bortesen;;;1;;;38765;ja;0;0;12345;2019-02-01"
BLIVESEN = "K-5503;Familien Blivesen;;;1;;;45678;ja;0;0;23456;2020-03-01"
NOTE = "Glemmesen vil kjøpe, ring etter kl. 16"
SECRETS = ("Glemmesen", "glemmesen@example.no", "Bortesen", "K-5501", "K-5502", NOTE, "2015-08-01", "2019-02-01",
           "ring etter", "trakk seg")
AMOUNTS = ("71234", "72345", "187654", "38765")  # incomes and equity (as a number: not inside a hex hash)


def register(tmp_path: Path, name: str, *rows: str) -> str:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


@dataclass(frozen=True)
class Register:
    glemmesen: int  # imported, assessed, contacted, a case that ended on 2026-03-02
    bortesen: int  # imported, gone from the register in March 2026, never a case
    blivesen: int  # in the register, assessed again in 2031: within the period
    case: int


def tenants(app: App, clock: FakeClock, tmp_path: Path, caseworker: str = "ola") -> Register:
    """The register's story from January 2026 to May 2031, through the services (as `rto` does)."""
    clock.current = at("2026-01-05T09:00:00")
    import_register(app, caseworker, register(tmp_path, "januar.csv", GLEMMESEN, BORTESEN, BLIVESEN))
    ids = household_ids(app)
    glemmesen, bortesen, blivesen = ids["K-5501"], ids["K-5502"], ids["K-5503"]
    assess_household(app, caseworker, glemmesen)
    assess_household(app, caseworker, bortesen)
    contact_household(app, caseworker, glemmesen, "invited", NOTE)
    clock.current = at("2026-02-02T09:00:00")  # a raise, imported: old and new in its history
    changed = GLEMMESEN.replace(";71234;", ";72345;")
    import_register(app, caseworker, register(tmp_path, "februar.csv", changed, BORTESEN, BLIVESEN))
    contact_household(app, caseworker, glemmesen, "interested", "Glemmesen ringte tilbake")
    case = open_case(app, caseworker, glemmesen).id
    set_facts(app, caseworker, case, ["debt_monthly=2999"])  # flows back to the household's figures
    clock.current = at("2026-03-02T09:00:00")
    take_step(app, caseworker, case, StepRequest("closed", reason="Glemmesen trakk seg", outcome="declined"))
    done = import_register(app, caseworker, register(tmp_path, "mars.csv", changed, BLIVESEN))  # (debt as before)
    assert [a.id for a in done.absent] == [bortesen]  # reported absent, kept
    clock.current = at("2031-05-02T09:00:00")
    assess_household(app, caseworker, blivesen)  # still followed in the overview
    clock.current = at("2031-06-01T09:00:00")  # five years on: past the period for the other two
    return Register(glemmesen, bortesen, blivesen, case)


def household_ids(app: App) -> dict[str, int]:
    from sqlalchemy import select

    from workflow.schema import households as households_t

    with app.db.reads() as conn:
        return {r.external_id: r.id for r in conn.execute(
            select(households_t.c.id, households_t.c.external_id).where(households_t.c.external_id.is_not(None)))}


def rows_of(url: str, table: str, where: str, **params: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(f"SELECT * FROM {table} WHERE {where} ORDER BY id"), params))
    finally:
        engine.dispose()


def assert_gone(url: str) -> None:
    dump, raw = repr(everything(url)), raw_bytes(url)
    for secret in (*SECRETS, NIN, NIN[:6], "17.06.1984", *AMOUNTS):  # (the number: only encrypted, or masked)
        assert_not_stored(secret, dump, raw)


def test_a_register_household_past_its_period_is_erased_from_the_overview_too(
        app: App, clock: FakeClock, cli: InProcessRto, database_url: str, tmp_path: Path) -> None:
    world = tenants(app, clock, tmp_path)
    assert cli("--as", "siri", "audit", "seal").code == 0  # sealed before: the erasure must not disturb it
    funnel_before = cli("--as", "siri", "--json", "report", "--year", "2026").json["overview"]
    dump = repr(everything(database_url))
    assert [s for s in (*SECRETS, *AMOUNTS) if s not in dump] == []  # (what is looked for below was there)

    result = cli("--as", "adm", "--json", "retention", "run")

    assert result.code == 0, result
    erased = {e["household"]: e for e in result.json["erased"]}
    assert set(erased) == {world.glemmesen, world.bortesen}, result  # Blivesen: assessed within the period
    assert erased[world.glemmesen]["cases"] == [world.case] and erased[world.glemmesen]["ended_on"] == "2026-03-02"
    assert erased[world.bortesen]["cases"] == [] and erased[world.bortesen]["ended_on"] == "2026-01-05"
    assert erased[world.glemmesen]["overview"] == 7  # 4 dated figures, an assessment, 2 notes
    assert_gone(database_url)
    assert "Familien Blivesen" in repr(everything(database_url))

    assert cli("--as", "siri", "audit", "verify").code == 0
    checked = cli("--as", "siri", "audit", "verify", "--checkpoints", str(tmp_path / "checkpoints.jsonl"),
                  "--public-key", str(tmp_path / "audit.pub"))
    assert checked.code == 0, checked
    assert cli("--as", "siri", "--json", "report", "--year", "2026").json["overview"] == funnel_before
    household = rows_of(database_url, "households", "id = :h", h=world.glemmesen)[0]
    assert household.external_id is None and household.tenant_since is None and household.name == ""
    assert household.last_assessed_on is not None and household.last_contact == "interested"  # the statistics
    assessments = rows_of(database_url, "assessments", "household_id = :h", h=world.glemmesen)
    assert [(a.prospect, a.max_price, a.monthly_available) for a in assessments] == [(True, 0, 0)]
    contacts = rows_of(database_url, "contacts", "household_id = :h", h=world.glemmesen)
    assert [(c.outcome, c.note, c.case_id) for c in contacts] == [("invited", None, None),
                                                                  ("interested", None, world.case)]
    assert {r.source for r in rows_of(database_url, "household_figures", "household_id = :h", h=world.glemmesen)} \
        == {"import of januar.csv", "import of februar.csv", f"case {world.case}", "import of mars.csv"}
    assert [h["id"] for h in cli("--json", "household", "list").json] == [world.blivesen]  # no one any more
    again = cli("--as", "adm", "--json", "retention", "run")
    assert again.code == 0 and again.json["erased"] == [], again


def test_a_later_import_registers_an_erased_households_row_anew(
        app: App, clock: FakeClock, cli: InProcessRto, database_url: str, tmp_path: Path) -> None:
    world = tenants(app, clock, tmp_path)
    assert cli("--as", "adm", "retention", "run").code == 0
    path = register(tmp_path, "juni.csv", GLEMMESEN, BLIVESEN)

    done = cli("--as", "per", "--json", "household", "import", path)

    assert done.code == 0, done
    assert (done.json["created"], done.json["updated"], done.json["unchanged"]) == (1, 0, 1), done
    assert done.json["absent"] == []  # the erased households are no one the register could miss
    listed = {h["external_id"]: h["id"] for h in cli("--as", "siri", "--json", "household", "list").json}
    assert set(listed) == {"K-5501", "K-5503"} and listed["K-5501"] not in (world.glemmesen, world.bortesen)
    fresh = cli("--as", "per", "--json", "household", "show", listed["K-5501"]).json
    assert fresh["name"] == "Familien Glemmesen"  # a new tenant record: its history starts with the import
    history = rows_of(database_url, "household_events", "household_id = :h", h=listed["K-5501"])
    assert [e.kind for e in history] == ["registered"]
    assert cli("--json", "household", "show", world.glemmesen).json["name"] == ""  # the erased one stays erased
    assert cli("--as", "siri", "audit", "verify").code == 0


def test_a_tenant_without_a_case_is_kept_while_the_overview_follows_it(
        app: App, clock: FakeClock, cli: InProcessRto, tmp_path: Path) -> None:
    world = tenants(app, clock, tmp_path)
    clock.current = at("2031-05-30T09:00:00")
    contact_household(app, "ola", world.bortesen, "no_answer")  # activity: its period starts again
    clock.current = at("2031-06-01T09:00:00")

    listed = cli("--as", "adm", "--json", "retention", "run", "--dry-run")

    assert {e["household"] for e in listed.json["erased"]} == {world.glemmesen}, listed
    human = cli("--as", "adm", "retention", "run", "--dry-run")
    assert "Husstander uten sak (leietakerregisteret), og med sak, regnes fra siste aktivitet" in human.out, human


def test_the_overviews_personal_values_are_sealed_in_its_events(app: App, clock: FakeClock, cli: InProcessRto,
                                                               database_url: str, tmp_path: Path) -> None:
    """Each of the overview's events holds its personal values as salted commitments (so retention can erase
    them), and keeps in clear what the funnel and the journey's statistics need."""
    import json

    world = tenants(app, clock, tmp_path)
    sealed = {}
    for e in rows_of(database_url, "household_events", "household_id = :h", h=world.glemmesen):
        sealed.setdefault(e.kind, []).append(sorted(tuple(p) for p, _how, _salt in json.loads(e.sealed or "[]")))
    assert sealed["registered"][0] == [("child_ages",), ("email",), ("external_id",), ("figures", "debt_monthly"),
                                       ("figures", "equity"), ("figures", "fixed_costs_monthly"),
                                       ("figures", "income_monthly"), ("identity_numbers",), ("tenant_since",)]
    assert sealed["imported"] == [[("changes", "income_monthly"), ("external_id",)],
                                  [("changes", "debt_monthly"), ("external_id",)]]
    assert sealed["figures"] == [[("changes", "debt_monthly")]]
    assert sealed["assessed"] == [[("max_loan",), ("max_price",), ("monthly_available",)]]
    assert sealed["contacted"] == [[("note",)], [("note",)]]


# --- a PostgreSQL database `rto init` secured: history rows append-only but for retention's function ------


def test_on_a_secured_postgresql_database_the_overview_is_erased_too(postgres_admin_url: str,
                                                                     tmp_path: Path) -> None:
    import uuid

    from conftest import QUIET_POLICY, create_postgres_database, drop_postgres_database
    from test_retention import _drop_roles

    from workflow.audit import verify_histories
    from workflow.bootstrap import bootstrap
    from workflow.checkpoints import generate_keys, seal_checkpoint
    from workflow.retention import run_retention
    from workflow.staff import add_staff, init_database

    tag = uuid.uuid4().hex[:8]
    admin, caseworker = f"rto_o{tag}_adm", f"rto_o{tag}_ola"
    url = create_postgres_database(postgres_admin_url, "rto_retention_overview")
    clock = FakeClock(at("2026-01-05T08:00:00"))
    generate_keys(tmp_path / "audit.key", tmp_path / "audit.pub")
    app = bootstrap({"RTO_IDENTITY_KEY_FILE": str(tmp_path / "identity.key"),
                     "RTO_AUDIT_SIGNING_KEY": str(tmp_path / "audit.key"),
                     "RTO_AUDIT_CHECKPOINTS": str(tmp_path / "checkpoints.jsonl"),
                     "RTO_MAILDIR": str(tmp_path / "Maildir")},
                    config_file=QUIET_POLICY, database_url=url, clock=clock)
    try:
        init_database(app, admin, "Anne Admin", None)
        add_staff(app, admin, caseworker, "Ola", None, "caseworker")
        world = tenants(app, clock, tmp_path, caseworker)
        seal_checkpoint(app, admin)

        run = run_retention(app, admin)

        assert {e.household for e in run.erased} == {world.glemmesen, world.bortesen}
        assert_gone(url)
        assert verify_histories(app, admin).ok
        assert verify_histories(app, admin, tmp_path / "audit.pub", tmp_path / "checkpoints.jsonl").ok
    finally:
        app.close()
        drop_postgres_database(postgres_admin_url, url)
        _drop_roles(postgres_admin_url, [admin, caseworker])
