"""`rto audit seal` and `rto audit verify` on the report's database: 100,000 cases, 2,000,000 history events
(targets: seal under 5 s, verify under 60 s).

The database is bench/reports.py's, whose histories (and each household's `registered` event) are chained
as rto chains them. With a key pair from `rto audit keygen`, each figure is the wall time of the real command
in a process of its own, as a supervisor runs it:
- the first seal (every case and household is new to the checkpoint file: a line of 200,000 leaves),
- a daily seal after 100 cases got a note since (the file read and checked, the rows read, 100 leaves new),
- `rto audit verify --checkpoints --public-key` over every event against both checkpoints (exit 0 expected),
  beside `rto audit verify` (the chains alone), which shows what checking against the checkpoints adds.
The machine's load average is printed with them: on a shared machine the figures move with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import BIN, rto_env, run_child


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    began = time.perf_counter()
    done = subprocess.run([str(BIN / "rto"), *args], env=env, capture_output=True, text=True)
    return time.perf_counter() - began, done


def _notes(url: str, cases: int) -> int:
    """A note on each of the first `cases` open cases, through the service (between two seals)."""
    from sqlalchemy import text

    from workflow.bootstrap import bootstrap
    from workflow.cases import add_note

    app = bootstrap({}, database_url=url)
    with app.db.transaction() as conn:
        workers = dict(conn.execute(text(
            "SELECT id, caseworker FROM cases WHERE state NOT IN ('closed', 'moved_in', 'paused') ORDER BY id "
            "LIMIT :n"), {"n": cases}).all())
    for case_id, caseworker in workers.items():
        add_note(app, caseworker, case_id, "Ny samtale med husstanden.")
    app.close()
    return len(workers)


def measure_on(path: Path, url: str, folder: Path, notes: int = 100) -> dict[str, Any]:
    """Seal, seal again after `notes` notes, and verify, on the database at `url` (a supervisor: siri)."""
    env = {**rto_env(url, "siri"), "RTO_AUDIT_SIGNING_KEY": str(folder / "audit.key"),
           "RTO_AUDIT_CHECKPOINTS": str(folder / "checkpoints.jsonl"), "RTO_MAILDIR": str(folder / "Maildir")}
    subprocess.run([str(BIN / "rto"), "audit", "keygen", "--private", str(folder / "audit.key"), "--public",
                    str(folder / "audit.pub")], env=env, check=True, capture_output=True, text=True)
    first, done = _timed(["audit", "seal"], env)
    assert done.returncode == 0, done.stderr
    noted = run_child("audit", "_notes", url, notes)
    daily, done = _timed(["audit", "seal"], env)
    assert done.returncode == 0, done.stderr
    verify, done = _timed(["--json", "audit", "verify", "--checkpoints", str(folder / "checkpoints.jsonl"),
                           "--public-key", str(folder / "audit.pub")], env)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    chains, plain = _timed(["audit", "verify"], env)  # the chains alone: what the checkpoints add to it
    assert plain.returncode == 0, plain.stderr
    return {"seal_first_seconds": first, "seal_daily_seconds": daily, "noted": noted, "verify_seconds": verify,
            "verify_chains_seconds": chains, "verify": done.stdout,
            "file_mb": (folder / "checkpoints.jsonl").stat().st_size / 1e6, "load": os.getloadavg()[0]}


def measure(cases: int = 100_000, events: int = 2_000_000) -> dict[str, Any]:
    """A database of its own (bench/reports.py's), then `measure_on` it."""
    import reports

    with tempfile.TemporaryDirectory(dir=os.environ.get("RTO_BENCH_DIR")) as tmp:
        path = Path(tmp) / "audit.db"
        url = reports.create(path)
        began = time.perf_counter()
        made = reports.populate(path, cases, events)
        filled = time.perf_counter() - began
        return {"population": made, "populate_seconds": filled, **measure_on(path, url, Path(tmp))}


def report(a: dict[str, Any]) -> None:
    print(f"  rto audit seal    {a['seal_first_seconds']:5.2f} s the first (every case and household new), "
          f"{a['seal_daily_seconds']:5.2f} s a day later ({a['noted']} cases changed; target < 5 s); "
          f"checkpoint file {a['file_mb']:.1f} MB")
    print(f"  rto audit verify  {a['verify_seconds']:5.2f} s against both checkpoints (target < 60 s); "
          f"{a['verify_chains_seconds']:.2f} s the chains alone, without --public-key "
          f"(load average {a['load']:.1f} after)")


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 20 * cases
    print(f"Audit: {cases:,} cases, {events:,} history events on SQLite ...", flush=True)
    a = measure(cases, events)
    print(f"  populated in {a['populate_seconds']:.0f} s: " + ", ".join(
        f"{k} {v:,}" for k, v in a["population"].items()))
    report(a)
    print(f"  verify said: {a['verify'].strip()}")


if __name__ == "__main__":
    main()
