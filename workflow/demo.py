"""`rto demo`: a throw-away database, a synthetic caseload, and months of casework simulated day by day.

Everything goes through the product's own services, as a caseworker's commands would: households are
registered, cases opened, facts recorded, steps taken (and refused), notes written, cases reassigned and
continued by supervisors. On every business day the real review runs and the real outbox delivers its
reminders into a mail folder. Time is a fake clock moved forward a day at a time: nothing sleeps.

Each household's case is a generator (its "script", drawn by `workflow.demo_caseload`) that does what is
due and yields how many days to wait before its next move; reminders from the reviews make the staff
react (follow a stalled case up, extend a certificate, decide to continue past 12 months). One seed gives
one caseload and one run: the same seed, the same report.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from notifications.senders import MaildirSender
from states.errors import Refused
from states.journey import OPEN_STATES, PATH, CaseState
from states.reviews import add_months
from workflow.bootstrap import App, bootstrap
from workflow.demo_caseload import CASEWORKERS, STAFF, SUPERVISORS, CaseRun, caseload
from workflow.demo_scripts import journey
from workflow.results import DemoRun, QueuedReminder

DEMO_START = date(2025, 1, 1)  # a fixed start, so that one seed always tells the same story
ZONE = "Europe/Oslo"
DOMAIN = "demo.kommune.no"
JOURNEY = {s.value for s in (*PATH[1:], CaseState.MOVED_IN)}  # the steps that need papers
Steps = Generator[int, None, Any]  # a script: yields the days to wait, may return a value
Progress = Callable[[dict[str, Any]], None]


class DemoClock:
    """The simulation's 'now': a day and a time of day, moved forward by the simulation alone."""

    def __init__(self, zone: ZoneInfo, day: date) -> None:
        self.zone = zone
        self.current = datetime.combine(day, time(7, 0), tzinfo=zone)

    def __call__(self) -> datetime:
        return self.current

    def set(self, day: date, at: time) -> None:
        self.current = datetime.combine(day, at, tzinfo=self.zone)

    def tick(self) -> None:
        self.current += timedelta(minutes=3)  # each action of the day a little after the one before


DATABASE, MAILDIR, REPORT = "rto.db", "Maildir", "rapport.html"  # what the demo puts in its folder
REGISTER = "leietakerregister.csv"  # the tenant register it starts from


def folder_in_use(folder: Path) -> bool:
    """Whether `folder` holds an earlier demo (or anything under its names): the demo never overwrites."""
    return (folder / DATABASE).exists() or (folder / MAILDIR).exists()


def run_demo(folder: Path, seed: int, months: int, households: int, progress: Progress,
             language: str = "nb") -> DemoRun:
    """Simulate `months` of casework for `households` households in a new database in `folder`; the paths
    of the database, the mail folder and the HTML report, what happened, and the supervisors' report."""
    from notifications.report import report_html
    from workflow.reports import build_report
    from workflow.results import plain

    folder.mkdir(parents=True, exist_ok=True)
    database, maildir, html = folder / DATABASE, folder / MAILDIR, folder / REPORT
    zone = ZoneInfo(ZONE)
    clock = DemoClock(zone, DEMO_START)
    env = {"RTO_MAILDIR": str(maildir), "RTO_MAIL_FROM": f"boligtjenesten@{DOMAIN}", "RTO_TIMEZONE": ZONE}
    app = bootstrap(env, database_url=f"sqlite:///{database}", clock=clock, language=language)
    app.settings = replace(app.settings, sqlite_synchronous="off")  # a throw-away database: no waiting on disk
    app.sender_factory = lambda: MaildirSender(maildir)  # never the user's SMTP server
    try:
        simulation = Simulation(app, clock, seed, months, households)
        simulation.register_file = folder / REGISTER
        progress({"kind": "start", "start": simulation.start.isoformat(), "end": simulation.end.isoformat(),
                  "households": households, "months": months, "seed": seed, "folder": str(folder)})
        simulation.setup()
        simulation.run(progress)
        report = build_report(app, None)
        html.write_text(report_html(plain(report, zone), language, ZONE), encoding="utf-8")
    finally:
        app.close()
    mails = sum(1 for p in (maildir / "new").iterdir() if p.is_file()) if (maildir / "new").is_dir() else 0
    return DemoRun(str(folder), str(database), f"sqlite:///{database}", str(maildir), mails, str(html), seed,
                   months, households, simulation.start, simulation.end, dict(simulation.story), report)


class Simulation:
    def __init__(self, app: App, clock: DemoClock, seed: int, months: int, households: int) -> None:
        self.app, self.clock, self.count = app, clock, households
        self.start = DEMO_START
        self.end = add_months(DEMO_START, months) - timedelta(days=1)
        self.rng = random.Random(seed)
        self.seed = seed
        self.register_file: Path | None = None  # the tenant register the demo writes and imports first
        self.register: dict[int, int] = {}  # a plan's household in the register, by the plan's number
        self.policy = app.policy.on(self.start)
        self.queue: list[tuple[date, int, Iterator[int]]] = []
        self.serial = 0
        self.today = self.start
        self.runs: dict[int, CaseRun] = {}
        self.refusal = Refused("none")  # the last refusal, for the demo's own error when a step must succeed
        self.story = dict.fromkeys(("households", "refused_affordability", "smaller_loans", "grants",
                                    "cheaper_homes", "lost_bids", "pauses", "follow_ups", "reassigned", "continued",
                                    "certificates_extended", "decisions", "papers", "papers_waived"), 0)

    # --- the run ---
    def setup(self) -> None:
        from workflow.staff import add_staff, init_database

        self.clock.set(self.start, time(8, 0))
        admin, name, _ = STAFF[0]
        init_database(self.app, admin, name, f"{admin}@{DOMAIN}")
        for login, name, role in STAFF[1:]:
            add_staff(self.app, admin, login, name, f"{login}@{DOMAIN}", role)
        days = (self.end - self.start).days + 1
        plans = caseload(self.rng, self.count, days, self.policy, CASEWORKERS)
        if self.register_file is not None:
            from workflow.demo_register import reassessment_round, seed_register

            self.register = seed_register(self, plans, self.register_file, self.seed)
            if days > 365:
                self.schedule(self.start + timedelta(days=365), reassessment_round(self, self.seed))
        for plan in plans:
            run = CaseRun(plan, random.Random(plan.seed), plan.caseworker)
            self.schedule(self.start + timedelta(days=plan.opens_on), journey(self, run))

    def schedule(self, day: date, steps: Iterator[int]) -> None:
        heapq.heappush(self.queue, (day, self.serial, steps))
        self.serial += 1

    def later(self, run: CaseRun, low: int, high: int, action: Callable[[CaseRun], None]) -> None:
        """Do `action` on the case in `low` to `high` days (on the first business day from then)."""
        def once() -> Iterator[int]:
            action(run)
            yield from ()

        self.schedule(self.today + timedelta(days=run.rng.randint(low, high)), once())

    def run(self, progress: Progress) -> None:
        from workflow.calendar import is_business_day
        from workflow.dispatch import send_outbox
        from workflow.reviews import run_review

        day = self.start
        while day <= self.end:
            self.today = day
            if is_business_day(day):
                self.clock.set(day, time(7, 30))
                self.react(run_review(self.app, None, day))
                self.clock.set(day, time(7, 45))
                send_outbox(self.app, "demo")
                self.clock.set(day, time(9, 0))
                while self.queue and self.queue[0][0] <= day:
                    steps = heapq.heappop(self.queue)[2]
                    wait = next(steps, None)
                    if wait is not None:
                        self.schedule(day + timedelta(days=wait), steps)
            if (day + timedelta(days=1)).day == 1 or day == self.end:
                progress(self.month_line(day))
            day += timedelta(days=1)
        self.clock.set(self.end, time(16, 0))
        send_outbox(self.app, "demo")

    def month_line(self, day: date) -> dict[str, Any]:
        from workflow.reports import build_report

        self.clock.set(day, time(16, 0))
        report = build_report(self.app, None)
        current = report.current
        return {"kind": "month", "date": day.isoformat(), "households": self.story["households"],
                "open": current.open, "stalled": current.stalled,
                "moved_in": sum(y.households for y in report.moved_in),
                "closed": sum(o.cases for o in report.closed_by_outcome),
                "reminders_sent": report.reminders["sent"]}

    # --- what the staff do when a reminder reaches them ---
    def react(self, queued: list[QueuedReminder]) -> None:
        seen: set[tuple[int, str]] = set()
        for item in queued:
            run = self.runs.get(item.case) if item.case is not None else None
            if run is None or (run.case_id, item.kind) in seen:
                continue
            seen.add((run.case_id, item.kind))
            kind = item.kind
            if kind == "stalled" and run.plan.answers and run.plan.fate != "quiet":
                self.later(run, 1, 3, self.follow_up)
            elif kind == "stalled_escalation" and not run.reassigned:
                self.later(run, 1, 4, self.reassign)
            elif kind == "horizon_escalation":
                self.later(run, 1, 4, self.carry_on)
            elif kind == "certificate" and run.plan.renews and run.expires and (run.expires - self.today).days <= 10:
                self.later(run, 1, 2, self.extend_reminded)
            elif kind == "followup":
                self.later(run, 2, 8, self.check_in)

    def follow_up(self, run: CaseRun) -> None:
        if run.state in OPEN_STATES:
            self.note(run, "Purret husstanden etter påminnelsen; avtalt ny samtale.")
            self.story["follow_ups"] += 1

    def check_in(self, run: CaseRun) -> None:
        self.note(run, "Oppfølging seks måneder etter innflytting: husstanden trives og betaler som avtalt.")

    def reassign(self, run: CaseRun) -> None:
        from workflow.cases import assign

        if run.state not in OPEN_STATES or run.reassigned:
            return
        to = CASEWORKERS[(CASEWORKERS.index(run.caseworker) + 1) % len(CASEWORKERS)]
        self.clock.tick()
        assign(self.app, self.supervisor(run), run.case_id, to)
        run.caseworker, run.reassigned = to, True
        self.story["reassigned"] += 1

    def carry_on(self, run: CaseRun) -> None:
        from workflow.cases import continue_case

        if run.state in OPEN_STATES:
            self.clock.tick()
            continue_case(self.app, self.supervisor(run), run.case_id,
                          "Husstanden er fortsatt motivert; saken fortsetter med tett oppfølging.")
            self.story["continued"] += 1

    def extend_reminded(self, run: CaseRun) -> None:
        if run.state in ("financed", "searching", "bidding"):
            self.extend(run)

    def extend(self, run: CaseRun) -> None:
        """The certificate extended by three months (when it is about to expire, or has)."""
        if run.expires is not None and run.expires > self.today + timedelta(days=10):
            return
        run.expires = self.today + timedelta(days=90)
        self.facts(run, certificate_expires=run.expires.isoformat())
        self.story["certificates_extended"] += 1

    # --- the services, as a caseworker calls them ---
    def supervisor(self, run: CaseRun) -> str:
        return SUPERVISORS[run.case_id % len(SUPERVISORS)]

    def facts(self, run: CaseRun, **values: Any) -> None:
        from workflow.cases import set_facts

        self.clock.tick()
        pairs = [f"{k}={'yes' if v is True else 'no' if v is False else v}" for k, v in values.items()]
        set_facts(self.app, run.caseworker, run.case_id, pairs)

    def note(self, run: CaseRun, text: str) -> None:
        from workflow.cases import add_note

        self.clock.tick()
        add_note(self.app, run.caseworker, run.case_id, text)

    def decide(self, run: CaseRun, kind: str, reason: str) -> None:
        """The caseworker proposes a decision, the case's supervisor approves it (four eyes)."""
        from workflow.decisions import approve, propose

        self.clock.tick()
        decision = propose(self.app, run.caseworker, run.case_id, kind, reason).id
        self.clock.tick()
        approve(self.app, self.supervisor(run), decision)
        run.decisions[kind] = "approved"
        self.story["decisions"] += 1

    def papers(self, run: CaseRun, target: str) -> None:
        """The papers the step into `target` needs, as they come in; now and then one a household cannot
        supply (payslips, for income from NAV) is waived by the supervisor, with the reason."""
        from workflow.papers import list_papers, record_paper

        for paper in list_papers(self.app, run.caseworker, run.case_id):
            if paper.needed_for != target or paper.status != "missing":
                continue
            self.clock.tick()
            if paper.key == "payslips" and run.rng.random() < 0.15:
                record_paper(self.app, self.supervisor(run), run.case_id, paper.key, "waived", paper.member,
                             reason="Inntekten er uføretrygd; vedtaket fra NAV ligger i arkivet.")
                self.story["papers_waived"] += 1
                continue
            self.serial += 1
            record_paper(self.app, run.caseworker, run.case_id, paper.key, "received", paper.member,
                         ref=f"{self.today.year}/{run.case_id}-{self.serial % 1000}")
            self.story["papers"] += 1

    def step(self, run: CaseRun, target: str | None, reason: str | None = None, outcome: str | None = None,
             login: str | None = None) -> bool:
        """Take a step; False (and the refusal recorded in the history) when the journey's rules refuse it."""
        from workflow.steps import StepRequest, take_step

        if target in JOURNEY:
            self.papers(run, target)
        self.clock.tick()
        try:
            done = take_step(self.app, login or run.caseworker, run.case_id, StepRequest(target, reason, outcome))
        except Refused as refused:
            self.refusal = refused
            return False
        run.state = done.state
        return True

    def must(self, run: CaseRun, target: str | None, reason: str | None = None) -> None:
        if not self.step(run, target, reason):
            unmet = [(r.code, r.params) for r in self.refusal.requirements]
            raise AssertionError(f"demo: case {run.case_id} could not go to {target}: {self.refusal.code} {unmet}")

    def close(self, run: CaseRun, outcome: str, reason: str) -> None:
        if run.decisions.get("help_granted") == "approved":  # the help granted ends with the case
            self.decide(run, "help_ended", f"Saken avsluttes: {reason}")
        if not self.step(run, "closed", reason, outcome):
            raise AssertionError(f"demo: case {run.case_id} could not be closed")
