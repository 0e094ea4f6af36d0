"""The overview's figures: importing a tenant register of 10,000 rows (and re-importing it unchanged), and
`rto household list --prospects` over 100,000 households, each with its peak memory (SQLite)."""

from __future__ import annotations

import json
import random
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import BIN, new_app, peak_mb, rto_env, run_child

HEADER = ("external_id;name;email;unit;adults;children_ages;nin;income_monthly;income_predictable;debt_monthly;"
          "fixed_costs_monthly;equity;tenant_since")


def identity_numbers(count: int, seed: int = 7) -> list[str]:
    """Distinct valid fødselsnumre (check digits right), adults born 1950-2000."""
    from stdnum.no import fodselsnummer

    rng, found, seen = random.Random(seed), [], set()
    while len(found) < count:
        day, month, year, individual = rng.randint(1, 28), rng.randint(1, 12), rng.randint(50, 99), rng.randint(0, 499)
        head = f"{day:02d}{month:02d}{year:02d}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(head)
        if len(k1) != 1:
            continue
        number = head + k1 + fodselsnummer.calc_check_digit2(head + k1)
        if len(number) == 11 and number not in seen:
            seen.add(number)
            found.append(number)
    return found


def register_rows(count: int, seed: int = 1, with_nin: bool = True) -> list[str]:
    """A register of varied households: one to three adults, up to four children, incomes 18,000-95,000."""
    rng = random.Random(seed)
    numbers = identity_numbers(count, seed) if with_nin else []
    rows = []
    for i in range(count):
        adults, children = rng.choice((1, 1, 2, 2, 2, 3)), rng.choice((0, 0, 1, 2, 2, 3, 4))
        ages = " ".join(str(rng.randint(0, 17)) for _ in range(children))
        income = rng.randrange(18000, 95000, 500)
        rows.append(";".join([
            f"R{i + 1:06d}", f"Husstand {i + 1}", f"h{i + 1}@example.no", f"Bolig {i % 400 + 1} H{i % 9 + 1:02d}01",
            str(adults), ages, numbers[i] if with_nin and i % 2 == 0 else "", str(income),
            "ja" if rng.random() < 0.8 else "nei", str(rng.choice((0, 0, 1500, 3000, 6000))),
            str(rng.choice((0, 0, 2000))), str(rng.choice((0, 20000, 50000, 150000, 400000))), "2018-05-01"]))
    return rows


def write_register(path: Path, count: int, seed: int = 1) -> Path:
    path.write_text("\n".join([HEADER, *register_rows(count, seed)]) + "\n", encoding="utf-8")
    return path


def import_run(rows: int = 10_000) -> dict[str, float]:
    return run_child("overview", "_import_child", rows)  # type: ignore[no-any-return]


def _import_child(rows: int) -> dict[str, float]:
    from workflow.register_import import import_register

    folder = Path(tempfile.mkdtemp(prefix="rto-bench-overview-"))
    app = new_app(f"sqlite:///{folder / 'rto.db'}")
    path = write_register(folder / "register.csv", rows)
    start = time.perf_counter()
    first = import_register(app, "ola", str(path))
    imported = time.perf_counter() - start
    start = time.perf_counter()
    again = import_register(app, "ola", str(path))
    reimported = time.perf_counter() - start
    assert first.created == rows and again.unchanged == rows, (first, again)
    return {"rows": rows, "import_s": imported, "reimport_s": reimported, "peak_mb": peak_mb()}


def list_run(households: int = 100_000) -> dict[str, float]:
    return run_child("overview", "_list_child", households)  # type: ignore[no-any-return]


def _list_child(households: int) -> dict[str, Any]:
    """`rto household list --prospects --json` as a caseworker's terminal runs it, over a register put
    straight into the tables (the import is measured on its own)."""
    from sqlalchemy import insert

    from workflow.schema import households as households_t

    folder = Path(tempfile.mkdtemp(prefix="rto-bench-register-"))
    url = f"sqlite:///{folder / 'rto.db'}"
    app = new_app(url)
    rng, now = random.Random(3), datetime(2026, 3, 2, 9, tzinfo=UTC)
    with app.db.transaction(write=True) as conn:
        batch = []
        for i in range(households):
            children = rng.choice((0, 0, 1, 2, 2, 3))
            figures = {"income_monthly": rng.randrange(18000, 95000, 500), "income_predictable": True,
                       "debt_monthly": rng.choice((0, 1500, 3000)), "equity": rng.choice((0, 50000, 200000)),
                       "on": "2026-03-01"}
            batch.append({"name": f"Husstand {i + 1}", "external_id": f"R{i + 1:06d}", "adults": rng.choice((1, 2)),
                          "children": children, "child_ages": json.dumps(sorted(rng.randint(0, 17)
                                                                                for _ in range(children))),
                          "identity_numbers": "[]", "figures": json.dumps(figures), "created_at": now,
                          "created_by": "ola", "email_consent": False})
            if len(batch) == 10_000:
                conn.execute(insert(households_t), batch)
                batch = []
        if batch:
            conn.execute(insert(households_t), batch)
    app.close()
    times, prospects, peak = [], 0, 0.0
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run([str(BIN / "rto"), "--json", "household", "list", "--prospects"], capture_output=True,
                             text=True, check=True, env=rto_env(url, "ola"))
        times.append(time.perf_counter() - start)
        prospects = len(json.loads(out.stdout))
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"households": households, "seconds": sorted(times)[1], "prospects": prospects, "peak_mb": peak}
