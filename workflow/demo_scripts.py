"""The households' scripts in `rto demo`: each case a generator that does what is due (through the real
services, as a caseworker's commands would) and yields how many days to wait before its next move."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from workflow.demo_caseload import CLOSE_REASONS, CaseRun, find_property

if TYPE_CHECKING:
    from workflow.demo import Simulation, Steps


def journey(sim: Simulation, run: CaseRun) -> Steps:
    from workflow.cases import open_case
    from workflow.households import add_household

    p, rng = run.plan, run.rng
    sim.clock.tick()
    nynorsk = rng.random() < 0.15
    household = sim.register.get(p.number)  # a tenant of the register who said they are interested
    if household is None:  # an applicant without a municipal unit: not in the register
        household = add_household(sim.app, run.caseworker, p.name, p.email, p.email_consent and p.email is not None,
                                  unit=p.unit, language="nn" if nynorsk else None).id
        members(sim, run, household)
        run.case_id = open_case(sim.app, run.caseworker, household).id
    else:  # the case opens from the register's figures (and links the outreach); its people recorded next
        run.case_id = open_case(sim.app, run.caseworker, household).id
        members(sim, run, household)
    sim.runs[run.case_id] = run
    sim.story["households"] += 1
    sim.note(run, "Første samtale: kartla inntekt, gjeld og husstand. Husstanden vil gjerne eie.")
    yield rng.randint(5, 20)
    sim.facts(run, consent=True, income_monthly=p.income, income_predictable=p.predictable,
               debt_monthly=p.debt, fixed_costs_monthly=p.fixed)
    if p.fate == "quiet" and p.quiet_in == "screened":
        return
    yield rng.randint(7, 30)
    sim.facts(run, plan_agreed=True)
    if not p.predictable:  # the caseworker proposes to refuse the help; a supervisor decides
        sim.note(run, "Midlertidig stilling: inntekten er ikke forutsigbar ennå.")
        sim.decide(run, "help_refused", "Inntekten er ikke forutsigbar (midlertidig stilling), og husstanden kan "
                                        "derfor ikke betjene et startlån nå. Ny kartlegging om et år.")
        yield rng.randint(40, 80)
        sim.close(run, "not_eligible", "Inntekten er ikke forutsigbar; ny kartlegging om et år.")
        return
    sim.decide(run, "help_granted", "Husstanden har forutsigbar inntekt, ønsker å eie og har avtalt en plan for "
                                    "bistanden; kartleggingen viser at et startlån kan være aktuelt.")
    sim.must(run, "motivated")
    if p.fate == "quiet" and p.quiet_in == "motivated":
        return
    if not (yield from finance(sim, run)):
        return
    if p.outcome == "declined":
        yield rng.randint(20, 40)
        sim.close(run, "declined", CLOSE_REASONS["declined"])
        return
    yield rng.randint(1, 7)
    sim.must(run, "searching")
    if (yield from search(sim, run)):
        yield from move_in(sim, run)


def members(sim: Simulation, run: CaseRun, household: int) -> None:
    """The household's people, with birth dates that give the ages its plan has on the day it arrives."""
    from workflow.demo_caseload import FIRST_NAMES
    from workflow.households import add_member

    p, rng = run.plan, run.rng
    surname = p.name.split()[-1]
    adult_ages = [rng.randint(24, 58) for _ in range(p.adults)]
    for n, age in enumerate([*adult_ages, *p.child_ages]):
        # a birthday 30 to 330 days ago: the age the plan has, and no birthday in the first month of the case
        born = sim.today - timedelta(days=365 * age + rng.randint(30, 330))
        name = p.name if n == 0 and not p.name.startswith("Familien") else f"{rng.choice(FIRST_NAMES)} {surname}"
        sim.clock.tick()
        add_member(sim.app, run.caseworker, household, name, born.isoformat(), co_applicant=n == 1 and p.adults > 1)


def finance(sim: Simulation, run: CaseRun) -> Steps:
    """From motivated to financed: the certificate, and the affordability test's verdict on it."""
    p, rng = run.plan, run.rng
    if p.outcome == "stays_municipal":
        yield rng.randint(10, 40)
        sim.close(run, "stays_municipal", CLOSE_REASONS["stays_municipal"])
        return False
    yield rng.randint(14, 45)  # the application to Husbanken
    certificate(sim, run, p.asked_loan)
    if sim.step(run, "financed"):
        return True
    sim.story["refused_affordability"] += 1
    sim.note(run, "Betjeningsevnen holder ikke for lånet det er søkt om; gikk gjennom beregningen sammen.")
    if p.fate == "granted":  # a grant (tilskudd til etablering) takes the place of part of the loan
        yield rng.randint(7, 20)
        certificate(sim, run, p.loan, grant=p.grant + p.asked_loan - p.loan)
        sim.note(run, "Innvilget tilskudd til etablering; startlånet er redusert tilsvarende.")
        if sim.step(run, "financed"):
            sim.story["grants"] += 1
            return True
    elif p.fate == "lowered":
        yield rng.randint(7, 20)
        certificate(sim, run, p.loan)
        if sim.step(run, "financed"):
            sim.story["smaller_loans"] += 1
            return True
    yield rng.randint(5, 15)
    sim.close(run, "not_eligible", "Betjeningsevnen holder ikke for et lån til en egnet bolig; lånet er avslått "
                                    "(finansavtaleloven § 5-4).")
    return False


def certificate(sim: Simulation, run: CaseRun, loan: int, grant: int | None = None) -> None:
    p = run.plan
    run.expires = sim.today + timedelta(days=90)
    if grant is not None:
        p.loan, p.grant = loan, grant  # the frame the household now searches with
    sim.facts(run, loan_amount=loan, grant_amount=p.grant if grant is None else grant, equity=p.equity,
               certificate_issued=sim.today.isoformat(), certificate_expires=run.expires.isoformat(),
               loan_years=30)


def search(sim: Simulation, run: CaseRun) -> Steps:
    """Viewings, a pause perhaps, bids lost and won: True once a purchase contract is signed."""
    p, rng = run.plan, run.rng
    lost, paused, slow, too_dear = 0, False, p.slow, p.fate == "cheaper"
    while True:
        for _ in range(rng.randint(1, 3)):
            yield rng.randint(62, 85) if slow else rng.randint(7, 28)
            slow = False
            home = find_property(rng, p, sim.policy, carries=not too_dear)
            sim.note(run, f"Visning i {home.address}.")
        if p.fate == "quiet":
            return False
        if p.pause_reason and not paused:
            paused = True
            sim.must(run, "paused", p.pause_reason)
            sim.story["pauses"] += 1
            yield p.pause_days
            sim.must(run, None)
            continue
        sim.extend(run)  # the last home viewed: the household bids on it
        sim.facts(run, property=home.address, property_type=home.kind, asking_price=home.asking,
                   common_costs_monthly=home.common, property_approved=True, bid_amount=home.bid,
                   bid_result="pending")
        if too_dear:  # within the frame, but the common costs leave too little: refused, and it looks on
            too_dear = False
            if not sim.step(run, "bidding"):
                sim.story["refused_affordability"] += 1
                sim.story["cheaper_homes"] += 1
                sim.note(run, "Felleskostnadene gjør boligen for dyr å bo i; ser etter en rimeligere bolig.")
                continue
        else:
            sim.must(run, "bidding")
        yield rng.randint(2, 7)
        if lost < p.lost_bids:
            lost += 1
            sim.story["lost_bids"] += 1
            sim.facts(run, bid_result="lost")
            sim.must(run, "searching")
            sim.note(run, "Budet nådde ikke opp; leter videre.")
            continue
        if p.outcome in ("private_rental", "moved_away"):
            sim.facts(run, bid_result="withdrawn")
            sim.must(run, "searching")
            yield rng.randint(5, 20)
            sim.close(run, p.outcome, CLOSE_REASONS[p.outcome])
            return False
        sim.extend(run)
        run.takeover = sim.today + timedelta(days=rng.randint(20, 60))
        sim.facts(run, bid_result="accepted", purchase_price=home.bid, contract_date=sim.today.isoformat(),
                   takeover_date=run.takeover.isoformat())
        sim.must(run, "contracted")
        return True


def move_in(sim: Simulation, run: CaseRun) -> Steps:
    p, rng = run.plan, run.rng
    assert run.takeover is not None
    yield (run.takeover - sim.today).days + (rng.randint(10, 20) if p.late_move else rng.randint(0, 3))
    if p.unit:
        sim.facts(run, tenancy_ended=True)
    sim.must(run, "moved_in")
    sim.note(run, "Overtakelse gjennomført." + (" Den kommunale boligen er levert tilbake." if p.unit else ""))
