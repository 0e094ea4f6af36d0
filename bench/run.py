"""`make bench`: every figure the issues name, measured side by side in one run."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit  # noqa: E402
import journey  # noqa: E402
import overview  # noqa: E402
import reminders  # noqa: E402
import reports  # noqa: E402
import startup  # noqa: E402


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(f"Journey: {cases} cases driven screened -> moved_in on SQLite (median of 3 rounds) ...", flush=True)
    j = journey.measure(cases, rounds=3)
    print(f"  engine  {j['engine_per_s']:8.0f} transitions/s")
    print(f"  floor   {j['floor_per_s']:8.0f} bare sqlite3 transactions/s (SELECT + UPDATE + INSERT, "
          f"synchronous={j['synchronous']})")
    print(f"  ratio   {j['ratio']:8.2f}                 (target <= 3)")
    print(f"  (the same bare loop writing the engine's own rows: {j['rows_floor_per_s']:.0f}/s, ratio "
          f"{j['rows_ratio']:.2f}: the rest is the engine's own work, not the size of what it records)")
    g = journey.home_guard_cost(max(cases // 2, 100))
    print(f"  the affordability test on the home (bidding, contracted): {100 * g['cost']:+.1f} % "
          f"({g['with_per_s']:.0f} vs {g['without_per_s']:.0f} transitions/s without it; target < 10 %)")
    pg_cases = max(cases // 2, 100)
    print(f"Journey: {pg_cases} cases on PostgreSQL (median of 3 rounds) ...", flush=True)
    p = journey.measure_postgres(pg_cases, rounds=3)
    print(f"  engine  {p['engine_per_s']:8.0f} transitions/s")
    print(f"  floor   {p['floor_per_s']:8.0f} bare psycopg transactions/s (SELECT + UPDATE + INSERT)")
    print(f"  ratio   {p['ratio']:8.2f}                 (target <= 3)")
    print("Start-up, process time (user + system CPU), median of 21 alternating runs ...", flush=True)
    s = startup.measure()
    h, c = s["help"], s["show"]
    print(f"  rto --help     {h['cpu_ms']:6.1f} ms vs python -c pass          {h['baseline_cpu_ms']:6.1f} ms: "
          f"{h['cpu_ratio']:.2f}x (target <= 3x; wall {h['wall_ratio']:.2f}x)")
    print(f"  rto case show  {c['cpu_ms']:6.1f} ms vs python -c 'import sqlmodel' {c['baseline_cpu_ms']:6.1f} ms: "
          f"{c['cpu_ratio']:.2f}x (target <= 1.0x; wall {c['wall_ratio']:.2f}x)")
    print("Review: 5,000 cases due among 100,000 and among 1,000,000 (SQLite; each run in its own process) ...",
          flush=True)
    small, large = reminders.review_run(100_000, 5000), reminders.review_run(1_000_000, 5000)
    for r in (small, large):
        print(f"  {r['cases']:>9,} cases: {r['seconds']:5.2f} s, {r['queued']} reminders queued, "
              f"peak memory {r['peak_mb']:.0f} MB")
    print(f"  ratio {large['seconds'] / small['seconds']:.2f} (target <= 1.5; 1,000,000 under 10 s and 300 MB)")
    print("Dispatch: 5,000 messages to a local SMTP server (aiosmtpd), in 5 alternating rounds ...", flush=True)
    d = reminders.dispatch_run(5000)
    print(f"  outbox  {d['seconds']:5.2f} s vs bare smtplib loop over one connection {d['bare_seconds']:5.2f} s: "
          f"{d['ratio']:.2f}x (target <= 1.5x)")
    print("Report: 100,000 cases with 2,000,000 history events on SQLite (median of 3), the access log's cost,",
          "and audit seal and verify on the same database", flush=True)
    r = reports.measure(also=audit.measure_on)
    print(f"  rto report     {r['report']['seconds']:5.2f} s, peak memory {r['report']['peak_mb']:.0f} MB; "
          f"floor (one bare sqlite3 pass over case_events) {r['report']['floor_seconds']:.2f} s: "
          f"ratio {r['report']['ratio']:.1f}")
    show = r["show"]
    print(f"  rto case show  {100 * show['cost_cpu']:+.1f} % process time with the access log "
          f"({100 * show['cost_wall']:+.1f} % wall; target < 10 %)")
    audit.report(r["also"])
    print_overview()


def print_overview() -> None:
    print("Overview: a tenant register of 10,000 rows imported, then re-imported unchanged; "
          "`rto household list --prospects` over 100,000 households (SQLite) ...", flush=True)
    o = overview.import_run(10_000)
    print(f"  import     {o['import_s']:5.2f} s (target < 10 s); re-import {o['reimport_s']:5.2f} s (target < 5 s); "
          f"peak memory {o['peak_mb']:.0f} MB")
    listed = overview.list_run(100_000)
    print(f"  list       {listed['seconds']:5.2f} s for {listed['prospects']:,} prospects among "
          f"{listed['households']:,} (target < 3 s); peak memory {listed['peak_mb']:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
