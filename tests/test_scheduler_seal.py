"""The daily seal in the scheduler: a checkpoint signed every day (`[scheduler] seal_time`) with
`[audit] signing_key`, appended to `[audit] checkpoints`, and its copy to the supervisors queued in the
outbox and delivered by the dispatcher, never mailed directly. Without a signing key nothing is sealed, and
the log says so."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import time_machine
from conftest import InProcessRto
from helpers import at, case_at
from sqlalchemy import select
from test_scheduler import driven, new_app, signals, write_config  # noqa: F401 (a fixture)

import workflow.scheduler
from workflow.outbox import SENT
from workflow.scheduler import SEAL_JOB
from workflow.schema import outbox as outbox_t
from workflow.staff import add_staff

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def keyed(rto: InProcessRto, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A signing key made by `rto audit keygen`, and where checkpoints go; the public key is returned."""
    monkeypatch.setenv("RTO_AUDIT_SIGNING_KEY", str(tmp_path / "audit.key"))
    monkeypatch.setenv("RTO_AUDIT_CHECKPOINTS", str(tmp_path / "checkpoints.jsonl"))
    monkeypatch.setenv("RTO_MAILDIR", str(tmp_path / "Maildir"))
    made = rto("audit", "keygen", "--private", str(tmp_path / "audit.key"), "--public", str(tmp_path / "audit.pub"))
    assert made.code == 0, made
    return tmp_path / "audit.pub"


def checkpoint_mails(app: object) -> list[tuple[str, str]]:
    with app.db.transaction() as conn:  # type: ignore[attr-defined]
        return [(r.recipient, r.status) for r in conn.execute(
            select(outbox_t.c.recipient, outbox_t.c.status).where(outbox_t.c.kind == "checkpoint")
            .order_by(outbox_t.c.recipient))]


def test_once_seals_a_checkpoint_and_the_dispatcher_delivers_its_copies(
        database_url: str, tmp_path: Path, rto: InProcessRto, keyed: Path, monkeypatch: pytest.MonkeyPatch,
        signals: None) -> None:  # noqa: F811
    app = new_app(database_url, write_config(tmp_path))
    add_staff(app, "adm", "drift", "Driftskontoen", "drift@kommune.no", "system")
    monkeypatch.setenv("RTO_USER", "drift")
    try:
        with time_machine.travel(at("2026-03-03 10:00"), tick=False):
            case_at(app, "screened")
            once = rto("--json", "scheduler", "run", "--once")
            assert once.code == 0, once
            assert once.json["sealed"] == 1 and once.json["sent"] == 2, once
            assert checkpoint_mails(app) == [("siri", SENT), ("sven", SENT)]  # through the outbox
            assert len(list((tmp_path / "Maildir" / "new").iterdir())) == 2
            lines = (tmp_path / "checkpoints.jsonl").read_text(encoding="utf-8").splitlines()
            assert len(lines) == 1 and '"households":1' in lines[0]
            verify = rto("--as", "siri", "audit", "verify", "--public-key", str(keyed))
            assert verify.code == 0 and "stemmer med alle 1 sjekkpunkter" in verify.out, verify
            again = rto("scheduler", "run", "--once")  # every run seals one
            assert again.code == 0 and "Forseglet sjekkpunkt 2; kopien til faglederne er i utboksen." in again.out
    finally:
        app.close()


def test_a_refused_seal_is_logged_and_the_supervisors_are_alerted_through_the_outbox(
        database_url: str, tmp_path: Path, rto: InProcessRto, keyed: Path, caplog: pytest.LogCaptureFixture,
        signals: None) -> None:  # noqa: F811
    from test_checkpoints import rehash, tamper

    app = new_app(database_url, write_config(tmp_path))
    try:
        with time_machine.travel(at("2026-03-03 10:00"), tick=False) as traveller:
            case_id = case_at(app, "motivated")
            assert rto("--as", "siri", "--json", "scheduler", "run", "--once").json["sealed"] == 1

            def cut_short(t: Any) -> None:
                last = t.last_seq(case_id)  # (two: the next review may append one of its own before the seal)
                t.sql("DELETE FROM case_events WHERE case_id = :c AND seq >= :s", c=case_id, s=last - 1)
                rehash(t, case_id, last - 2)

            tamper(database_url, cut_short)
            traveller.move_to(at("2026-03-04 10:00"))
            with caplog.at_level(logging.ERROR):
                once = rto("--as", "siri", "--json", "scheduler", "run", "--once")
            assert once.code == 0 and "sealed" not in once.json, once
            assert "no checkpoint sealed: seal_refused" in caplog.text
            with app.db.transaction() as conn:
                alerts = conn.execute(select(outbox_t.c.recipient, outbox_t.c.subject, outbox_t.c.body_text,
                                             outbox_t.c.status).where(outbox_t.c.kind == "seal_refused")
                                      .order_by(outbox_t.c.recipient)).all()
            assert [(a.recipient, a.status) for a in alerts] == [("siri", SENT), ("sven", SENT)]
            assert alerts[0].subject.startswith("Dagens sjekkpunkt ble ikke forseglet (04.03.2026)")
            assert f"sak {case_id} stemmer ikke med sjekkpunkt 1" in alerts[0].body_text
            again = rto("--as", "siri", "--json", "scheduler", "run", "--once")  # the same day: alerted once
            assert again.code == 0 and len(checkpoint_mails(app)) == 2
            with app.db.transaction() as conn:
                assert len(conn.execute(select(outbox_t.c.id).where(outbox_t.c.kind == "seal_refused")).all()) == 2
    finally:
        app.close()


def test_without_a_signing_key_nothing_is_sealed_and_the_log_says_so(
        database_url: str, tmp_path: Path, rto: InProcessRto, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, signals: None) -> None:  # noqa: F811
    monkeypatch.setenv("RTO_AUDIT_SIGNING_KEY", str(tmp_path / "missing.key"))
    monkeypatch.setenv("RTO_AUDIT_CHECKPOINTS", str(tmp_path / "checkpoints.jsonl"))
    app = new_app(database_url, write_config(tmp_path))
    try:
        with time_machine.travel(at("2026-03-03 10:00"), tick=False), caplog.at_level(logging.WARNING):
            once = rto("--as", "siri", "--json", "scheduler", "run", "--once")
            assert once.code == 0, once
            assert "sealed" not in once.json
        assert f"no signing key at {tmp_path / 'missing.key'}" in caplog.text
        assert not (tmp_path / "checkpoints.jsonl").exists()
    finally:
        app.close()


def test_the_seal_job_runs_every_day_at_its_configured_time(database_url: str, tmp_path: Path, keyed: Path,
                                                            rto: InProcessRto, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setattr(workflow.scheduler, "_login", "siri")  # who `scheduler run` acts as
    config = write_config(tmp_path, seal_time="22:15")
    checkpoints = tmp_path / "checkpoints.jsonl"
    with config.open("a", encoding="utf-8") as fh:  # the keys by configuration, as a service would have them
        fh.write(f'\n[audit]\nsigning_key = "{tmp_path / "audit.key"}"\ncheckpoints = "{checkpoints}"\n')
    app = new_app(database_url, config)
    try:
        with (time_machine.travel(at("2026-03-07 20:00"), tick=False) as traveller,  # a Saturday
              driven(app, traveller) as scheduler):
            job = scheduler.scheduler.get_job(SEAL_JOB)
            assert "hour='22', minute='15'" in str(job.trigger) and "day_of_week" not in str(job.trigger)
            assert job.next_run_time == at("2026-03-07 22:15")
            scheduler.resume()
            for day in ("2026-03-07", "2026-03-08"):  # Saturday and Sunday too
                mark = scheduler.jobs.mark()
                traveller.move_to(at(f"{day} 22:16"))
                scheduler.scheduler.wakeup()
                scheduler.jobs.wait_for(SEAL_JOB, mark)
            assert len(checkpoints.read_text(encoding="utf-8").splitlines()) == 2
            assert sorted(recipient for recipient, _ in checkpoint_mails(app)) == ["siri", "siri", "sven", "sven"]
        assert rto("--as", "siri", "audit", "verify", "--public-key", str(keyed)).code == 0
    finally:
        app.close()


def test_a_seal_time_in_the_hour_daylight_saving_skips_is_refused(tmp_path: Path, rto: InProcessRto) -> None:
    config = write_config(tmp_path, seal_time="02:30")
    result = rto("--config", str(config), "--as", "siri", "audit", "seal")
    assert result.code == 2 and "scheduler.seal_time" in result.err, result
