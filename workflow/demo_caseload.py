"""The demo's synthetic caseload: households, their finances, and a seeded script of how each case goes.

Pure data, drawn from one `random.Random`: who the households are (adults, children and their ages, a
municipal unit or none), what they earn and owe, the start loan they are granted (worked out with the same
affordability arithmetic the guards use, so a household meant to pass does), and its "fate": buys, is
refused by the affordability test, closes with an outcome, or goes quiet. `workflow.demo` plays the scripts
through the real services; nothing here touches a database.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from states.affordability import Household, annuity, assess, frame_check, living_costs
from states.policy import Policy

# fates besides "buys", in the order they get households when there are few: (fate, share of the caseload)
FATES: tuple[tuple[str, float], ...] = (
    ("quiet", 0.10),  # goes quiet in an early state: stalls, is reminded, escalated
    ("granted", 0.05),  # refused by the affordability test; a grant replaces part of the loan, and it passes
    ("close:private_rental", 0.04),
    ("close:declined", 0.04),
    ("refused_closed", 0.04),  # refused by the affordability test; closed as not eligible
    ("close:stays_municipal", 0.04),
    ("close:moved_away", 0.03),
    ("lowered", 0.05),  # refused by the affordability test; a smaller loan passes
    ("cheaper", 0.05),  # its first bid is on a home whose costs it cannot carry: refused; then a cheaper one
    ("unpredictable", 0.04),  # income not predictable: never motivated; closed as not eligible
)
CLOSE_IN = {"private_rental": "searching", "declined": "financed", "stays_municipal": "motivated",
            "moved_away": "searching"}
PAUSE_REASONS = (
    "Familien venter barn; tar opp igjen etter fødselen.",
    "Sykemeldt en periode; tar opp igjen når helsa er bedre.",
    "Ny jobb med prøvetid; venter til den er over.",
    "Samlivsbrudd; husstanden må få oversikt over økonomien først.",
)
SURNAMES = (
    "Berg", "Hansen", "Larsen", "Olsen", "Johansen", "Nilsen", "Pedersen", "Andersen", "Kristiansen", "Jensen",
    "Karlsen", "Eriksen", "Haugen", "Bakke", "Solberg", "Moen", "Tveit", "Skadberg", "Sømme", "Lunde", "Time",
    "Ueland", "Nygaard", "Ahmadi", "Hussein", "Mohammed", "Nguyen", "Kowalski", "Nowak", "Haile", "Tesfay",
    "Yilmaz", "Rahimi", "Ali", "Omar", "Abdi", "Kaur", "Petrauskas", "Silva", "Popescu", "Rasmussen", "Vik",
)
FIRST_NAMES = ("Maria", "Ahmed", "Linn", "Jonas", "Fatima", "Tomas", "Aisha", "Kristin", "Yonas", "Ewa", "Mona",
               "Daniel", "Sara", "Ali", "Hilde", "Marius", "Amina", "Piotr", "Ingrid", "Hassan")
STREETS = (("Langgata", "4306"), ("Kirkegata", "4307"), ("Storgata", "4307"), ("Rovikveien", "4306"),
           ("Austråttveien", "4306"), ("Hanamyrveien", "4326"), ("Luravegen", "4319"), ("Gravarsveien", "4306"),
           ("Brualand", "4310"), ("Tronesveien", "4310"), ("Kleivane", "4311"), ("Sandvedhagen", "4318"),
           ("Figgjoveien", "4332"), ("Skaarlia", "4312"), ("Ganddalsveien", "4322"), ("Åsveien", "4310"))
ESTATES = ("Rovik", "Trones", "Hana", "Lura", "Bogafjell", "Sviland", "Kleivane", "Austrått")
STAFF = (("kari", "Kari Nordmann", "admin"), ("ola", "Ola Hansen", "caseworker"),  # the admin first
         ("ingrid", "Ingrid Dahl", "caseworker"), ("amir", "Amir Haddad", "caseworker"),
         ("siri", "Siri Fagleder", "supervisor"), ("tor", "Tor Lunde", "supervisor"))
CASEWORKERS = [login for login, _, role in STAFF if role == "caseworker"]
SUPERVISORS = [login for login, _, role in STAFF if role == "supervisor"]
CLOSE_REASONS = {
    "private_rental": "Husstanden har fått leiekontrakt i en privat bolig og trakk budet; vil ikke kjøpe nå.",
    "stays_municipal": "Husstanden vil bli boende i den kommunale boligen; ny vurdering om et år.",
    "declined": "Husstanden takket nei etter å ha fått finansieringsbeviset: vil ikke ta opp lån nå.",
    "moved_away": "Husstanden flytter til en annen kommune for å begynne i ny jobb.",
}
MAX_LOAN = 3_600_000
MIN_COMMON = {"cooperative": 2200, "freehold": 0}
MAX_COMMON = {"cooperative": 4800, "freehold": 1500}


@dataclass
class Plan:
    """One household and the script of its case."""

    number: int
    name: str
    adults: int
    children: int
    child_ages: list[int]
    unit: str | None
    email: str | None
    email_consent: bool
    income: int
    predictable: bool
    debt: int
    fixed: int
    loan: int  # the start loan the household is granted
    asked_loan: int  # what the first application asks for (more than `loan` when it is refused)
    grant: int
    equity: int
    caseworker: str
    opens_on: int  # days after the demo starts
    fate: str  # buys | quiet | granted | lowered | cheaper | refused_closed | unpredictable | close:<outcome>
    quiet_in: str = "screened"
    lost_bids: int = 0
    pause_reason: str | None = None
    pause_days: int = 0
    slow: bool = False  # one long silence while searching: a stalled case, reminded
    answers: bool = True  # the caseworker follows a stall reminder up
    renews: bool = True  # the certificate is extended when its expiry draws near
    late_move: bool = False  # the move-in is recorded well after the takeover
    prefers: str = "cooperative"
    seed: str = field(default="", repr=False)

    @property
    def outcome(self) -> str | None:
        return self.fate.split(":", 1)[1] if self.fate.startswith("close:") else None

    @property
    def frame(self) -> int:
        return self.loan + self.grant + self.equity


def allot_fates(count: int) -> list[str]:
    """One fate per household: about half or more buy; the rest as `FATES` shares them out."""
    budget = count - math.ceil(count * 0.5)
    fates: list[str] = []
    for fate, share in FATES:
        n = min(max(1, round(count * share)), budget)
        fates += [fate] * n
        budget -= n
    return fates + ["buys"] * (count - len(fates))


def caseload(rng: random.Random, count: int, days: int, policy: Policy, caseworkers: list[str]) -> list[Plan]:
    """`count` households arriving over the first part of `days` (a quarter of them in the first weeks)."""
    fates = allot_fates(count)
    rng.shuffle(fates)
    window = max(10, int(days * 0.55))
    arrivals = sorted(rng.randrange(0, 14) if i < count // 4 else rng.randrange(0, window) for i in range(count))
    return [_plan(rng, i + 1, fate, arrivals[i], policy, caseworkers[i % len(caseworkers)])
            for i, fate in enumerate(fates)]


def _people(rng: random.Random) -> tuple[int, list[int]]:
    adults = 1 if rng.random() < 0.4 else 2
    children = rng.choices((0, 1, 2, 3, 4), weights=(30, 25, 25, 13, 7))[0]
    if adults == 1:
        children = min(children, 3)
    # no child comes of age during a demo: each member's birth date counts, and an 18th birthday would change
    # who supplies papers and what the household costs
    return adults, sorted((rng.randrange(0, 16) for _ in range(children)), reverse=True)


def _loan_capacity(income: int, adults: int, ages: list[int], debt: int, fixed: int, policy: Policy) -> int:
    """The largest loan whose stressed annuity the household can carry, beside the running costs its
    certificate's frame is tested with, before common costs: on the children's ages two years on (their
    birthdays during the case move them to dearer age bands)."""
    later = tuple(min(17, a + 2) for a in ages)
    living = living_costs(Household(adults, len(ages), later), policy)[0]
    running = sum(policy.running_costs(policy.frame_property_type).values())
    surplus = income - living - debt - fixed - running
    per_million = annuity(1_000_000, policy.stress_rate_percent, policy.standard_term_years)
    return max(0, int(surplus * 1_000_000 / per_million))


def _plan(rng: random.Random, number: int, fate: str, opens_on: int, policy: Policy, caseworker: str) -> Plan:
    prefers = "cooperative" if rng.random() < 0.6 else "freehold"
    extra_running = max(0, sum(policy.running_costs(prefers).values())
                        - sum(policy.running_costs(policy.frame_property_type).values()))
    # room for common costs, a home's running costs beyond the frame's, and some slack
    margin = MAX_COMMON[prefers] + extra_running + rng.randrange(500, 4000, 100)
    for _ in range(200):  # draw until the household's finances fit its fate
        adults, ages = _people(rng)
        low, high = (28, 52) if adults == 1 else (40, 75)
        income = rng.randrange(low, high + 1) * 1000 + rng.choice((0, 500))
        debt = 0 if rng.random() < 0.5 else rng.randrange(500, 4000, 100)
        fixed = min(3000, sum(1600 for a in ages if a <= 5)) + (rng.choice((0, 0, 1800)) if adults == 1 else 0)
        capacity = _loan_capacity(income, adults, ages, debt, fixed, policy)
        usable = _loan_capacity(income - margin, adults, ages, debt, fixed, policy)
        fits = usable >= 1_300_000
        if fate in ("granted", "lowered"):  # what it asks for, a little more than it can carry, stays modest
            fits = fits and capacity <= 3_000_000
        if fate == "refused_closed" and capacity < 900_000 or fate != "refused_closed" and fits:
            break
    loan = min(MAX_LOAN, usable // 50_000 * 50_000) if fate != "refused_closed" else 0
    asked = loan
    if fate in ("granted", "lowered", "refused_closed"):
        # a little (granted), clearly (lowered) or far (refused) more than the household can carry
        over = {"granted": rng.uniform(1.04, 1.1), "lowered": rng.uniform(1.15, 1.3)}.get(fate)
        asked = int(capacity * over) // 10_000 * 10_000 + 10_000 if over else rng.randrange(18, 26) * 100_000
    surname = SURNAMES[(number - 1) % len(SURNAMES)]
    name = f"Familien {surname}" if adults == 2 or ages else f"{rng.choice(FIRST_NAMES)} {surname}"
    unit = None
    if rng.random() < 0.7 or fate == "close:stays_municipal":
        unit = f"{rng.choice(ESTATES)} {rng.randrange(1, 40)} H0{rng.randrange(1, 5)}0{rng.randrange(1, 4)}"
    email = f"{surname.lower().replace('ø', 'o').replace('æ', 'ae').replace('å', 'a')}{number}@example.no"
    pause = rng.random() < 0.18 and fate in ("buys", "lowered", "granted")
    return Plan(
        number=number, name=name, adults=adults, children=len(ages), child_ages=ages, unit=unit,
        email=email if rng.random() < 0.8 else None, email_consent=rng.random() < 0.6, income=income,
        predictable=fate != "unpredictable", debt=debt, fixed=fixed, loan=loan, asked_loan=asked,
        grant=rng.randrange(1, 4) * 100_000 if loan and loan < 2_200_000 and rng.random() < 0.5 else 0,
        equity=0 if rng.random() < 0.5 else rng.randrange(20, 200) * 1000, caseworker=caseworker,
        opens_on=opens_on, fate=fate, quiet_in=rng.choice(("screened", "motivated", "searching")),
        lost_bids=rng.choices((0, 1, 2, 3), weights=(45, 30, 17, 8))[0],
        pause_reason=rng.choice(PAUSE_REASONS) if pause else None, pause_days=rng.randrange(30, 120),
        slow=rng.random() < 0.25, answers=rng.random() < 0.6, renews=rng.random() < 0.7,
        late_move=rng.random() < 0.15, prefers=prefers, seed=f"{rng.random()}",
    )


@dataclass(frozen=True)
class Property:
    address: str
    kind: str  # cooperative | freehold
    asking: int
    common: int
    bid: int


def max_price(plan: Plan, kind: str, common: int, policy: Policy) -> int:
    """The highest price (in steps of 5,000) within the household's frame that it can also carry, by the
    guards' own arithmetic: a household that is meant to buy does."""
    facts = {"income_monthly": plan.income, "debt_monthly": plan.debt, "fixed_costs_monthly": plan.fixed,
             "loan_amount": plan.loan, "grant_amount": plan.grant, "equity": plan.equity, "property_type": kind,
             "common_costs_monthly": common}
    household = Household(plan.adults, plan.children, tuple(min(17, a + 2) for a in plan.child_ages))
    low, high = 0, plan.frame // 5_000
    while low < high:  # the largest multiple of 5,000 that fits and passes
        middle = (low + high + 1) // 2
        price = middle * 5_000
        if frame_check(price, kind, facts, policy).passes and assess(facts, household, policy, price).passes:
            low = middle
        else:
            high = middle - 1
    return low * 5_000


def find_property(rng: random.Random, plan: Plan, policy: Policy, carries: bool = True) -> Property:
    """A home the household looks at, and the bid it makes: within what it can pay (with `carries` False: a
    cooperative whose common costs it cannot carry, though the price is within its frame)."""
    kind = plan.prefers if rng.random() < 0.8 else ("freehold" if plan.prefers == "cooperative" else "cooperative")
    common = rng.randrange(MIN_COMMON[kind], MAX_COMMON[kind] + 1, 100)
    if not carries:
        kind, common = "cooperative", MAX_COMMON["cooperative"] * 3
        top = min(plan.frame - 2 * policy.registration_fee_per_document, max_price(plan, kind, 0, policy))
    else:
        top = max_price(plan, kind, common, policy)
    asking = int(top * rng.uniform(0.82, 0.97)) // 10_000 * 10_000
    bid = min(top, int(asking * rng.uniform(1.0, 1.05))) // 5_000 * 5_000
    street, postcode = rng.choice(STREETS)
    address = f"{street} {rng.randrange(1, 80)}, {postcode} Sandnes"
    return Property(address, kind, asking, common, bid)


@dataclass
class CaseRun:
    """A household's case as the simulation follows it."""

    plan: Plan
    rng: random.Random
    caseworker: str
    case_id: int = 0
    state: str = "screened"
    expires: date | None = None
    takeover: date | None = None
    reassigned: bool = False
    decisions: dict[str, str] = field(default_factory=dict)
