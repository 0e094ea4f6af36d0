"""Review time against the number of cases (it must follow what is due, not the caseload), and outbox
dispatch against a bare smtplib loop sending the same messages to the same local SMTP server."""

from __future__ import annotations

import os
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from common import AS_OF, new_app, peak_mb, run_child

if TYPE_CHECKING:
    from workflow.bootstrap import App

STAFF = [("ola", "Ola Hansen", "ola@kommune.no", "caseworker"), ("siri", "Siri Leder", "siri@kommune.no", "supervisor")]


def _app(folder: Path, name: str, clock_at: datetime) -> App:
    return new_app(f"sqlite:///{folder / name}", lambda: clock_at, STAFF)


def populate(path: Path, cases: int, due: int) -> None:
    """`cases` cases in `searching`, `due` of them stalled as of AS_OF; written straight into SQLite."""
    import sqlite3

    from states.history import GENESIS

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")  # only while filling the benchmark's database
    db.execute("BEGIN")
    households = max(cases // 100, 1)
    db.executemany(
        "INSERT INTO households (id, name, email_consent, adults, children, child_ages, identity_numbers, "
        "created_at, created_by) VALUES (?, ?, 0, 2, 1, '[]', '[]', '2025-01-01 00:00:00.000000', 'ola')",
        ((i, f"Husstand {i}") for i in range(1, households + 1)))
    old = "2025-12-01 09:00:00.000000"  # 91 days before AS_OF: stalled in `searching` (60 days)
    recent = "2026-02-20 09:00:00.000000"
    stride = max(cases // due, 1)

    def rows():  # type: ignore[no-untyped-def]
        for i in range(1, cases + 1):
            stalled = i % stride == 0 and i // stride <= due
            activity = old if stalled else recent
            review_on = "2026-01-31" if stalled else "2026-04-21"
            yield (i, (i % households) + 1, activity, activity, GENESIS, review_on)

    db.executemany(
        "INSERT INTO cases (id, household_id, state, caseworker, opened_at, state_entered_at, last_activity_at, "
        "version, facts, history_seq, history_head, review_log, review_due_on) VALUES "
        "(?, ?, 'searching', 'ola', '2025-11-01 09:00:00.000000', ?, ?, 1, '{}', 0, ?, '{}', ?)",
        rows())
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()


def review_run(cases: int, due: int) -> dict[str, float]:
    """In a process of its own, so that its peak memory is its own."""
    return run_child("reminders", "_review_child", cases, due)  # type: ignore[no-any-return]


def _review_child(cases: int, due: int) -> dict[str, float]:
    from workflow.reviews import run_review

    with tempfile.TemporaryDirectory(dir=os.environ.get("RTO_BENCH_DIR")) as tmp:
        app = _app(Path(tmp), "review.db", datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
        populate(Path(tmp) / "review.db", cases, due)
        start = time.perf_counter()
        queued = run_review(app, None, AS_OF)
        seconds = time.perf_counter() - start
        app.close()
    return {"cases": cases, "due": due, "queued": len(queued), "seconds": seconds, "peak_mb": peak_mb()}


# --- dispatch ---

def _smtp_server() -> tuple[subprocess.Popen[str], int]:
    """aiosmtpd in a process of its own, accepting and discarding."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = ("import asyncio, sys\nfrom aiosmtpd.controller import Controller\n"
            "class H:\n    async def handle_DATA(self, server, session, envelope):\n        return '250 OK'\n"
            f"c = Controller(H(), hostname='127.0.0.1', port={port}); c.start(); print('ready', flush=True)\n"
            "sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc, port


def dispatch_run(messages: int, rounds: int = 5) -> dict[str, float]:
    """Ours and the bare loop take turns, `messages / rounds` at a time, so both meet the same machine."""
    from notifications.messages import Rendered
    from notifications.senders import SmtpSender, SmtpSettings
    from workflow.dispatch import send_outbox
    from workflow.outbox import Enqueue, Message
    from workflow.writes import Transaction

    server, port = _smtp_server()
    ours = floor = 0.0
    try:
        with tempfile.TemporaryDirectory(dir=os.environ.get("RTO_BENCH_DIR")) as tmp:
            start_at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
            clock = [start_at]
            app = _app(Path(tmp), "dispatch.db", start_at)
            app.clock = lambda: clock[0]
            app.sender_factory = lambda: SmtpSender(SmtpSettings("127.0.0.1", port, "none"))
            text = "Hei Ola,\n\nsak 12 (F. B.) har stått stille i 61 dager.\n\n    rto case show 12\n"
            per_round = messages // rounds
            with app.db.transaction(write=True) as conn:
                for i in range(messages):  # round r's messages fall due r hours later
                    rendered = Rendered(f"Sak {i} står stille", text, f"<p>{text}</p>")
                    due = start_at + timedelta(hours=i // per_round)
                    Enqueue(Message(f"bench:{i}", "stalled", None, "ola", "ola@kommune.no", rendered),
                            "rto@kommune.no").apply(Transaction(conn, "rto", due, due.date()))
                mimes = [r[0] for r in conn.exec_driver_sql("SELECT mime FROM outbox ORDER BY id")]
            sent = 0
            for r in range(rounds):
                clock[0] = start_at + timedelta(hours=r, minutes=1)
                began = time.perf_counter()
                sent += send_outbox(app).sent
                ours += time.perf_counter() - began
                began = time.perf_counter()
                with smtplib.SMTP("127.0.0.1", port) as bare:
                    for mime in mimes[r * per_round:(r + 1) * per_round]:
                        bare.sendmail("rto@kommune.no", ["ola@kommune.no"], mime)
                floor += time.perf_counter() - began
            assert sent == per_round * rounds, sent
            app.close()
    finally:
        server.communicate("", timeout=30)
    return {"messages": messages, "seconds": ours, "bare_seconds": floor, "ratio": ours / floor}


if __name__ == "__main__":
    print(review_run(100_000, 5000))
    print(dispatch_run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
