"""The demo's tenant register: about 200 households in municipal housing (the caseload's among them),
written as the CSV a register exports, imported, assessed, and the prospects invited; the caseload's
households are the interested ones, whose cases then open from the register (`workflow.demo_scripts`)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workflow.demo_caseload import ESTATES, FIRST_NAMES, SURNAMES, Plan

if TYPE_CHECKING:
    from workflow.demo import Simulation

SIZE = 200  # households in the register
HEADER = "Leieforhold;Navn;E-post;Bolig;Voksne;Barn (alder);Netto inntekt;Fast inntekt;Gjeld per mnd;Faste utgifter;" \
         "Egenkapital;Leietaker fra"
MAPS = ("Leieforhold=external_id", "Navn=name", "E-post=email", "Bolig=unit", "Voksne=adults",
        "Barn (alder)=children_ages", "Netto inntekt=income_monthly", "Fast inntekt=income_predictable",
        "Gjeld per mnd=debt_monthly", "Faste utgifter=fixed_costs_monthly", "Egenkapital=equity",
        "Leietaker fra=tenant_since")


def _tenant(rng: random.Random, number: int) -> str:
    """One more tenant of the register: one or two adults, some children, incomes from benefits to two salaries."""
    adults = 1 if rng.random() < 0.45 else 2
    ages = sorted((rng.randrange(0, 17) for _ in range(rng.choices((0, 1, 2, 3), weights=(40, 25, 25, 10))[0])),
                  reverse=True)
    income = rng.randrange(17000, 38000 if adults == 1 else 72000, 250)
    unit = f"{rng.choice(ESTATES)} {rng.randint(1, 40)} H0{rng.randint(1, 4)}0{rng.randint(1, 4)}"
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" if adults == 1 else f"Familien {rng.choice(SURNAMES)}"
    return ";".join([f"T{number:04d}", name, "", unit, str(adults), " ".join(map(str, ages)), str(income),
                     "ja" if rng.random() < 0.8 else "nei", str(rng.choice((0, 0, 0, 1500, 3500))),
                     str(rng.choice((0, 0, 1200))), str(rng.choice((0, 0, 25000, 60000, 150000))),
                     f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-01"])


def _caseload_row(p: Plan) -> str:
    """A household of the caseload as the register has it (its equity is learnt in its case)."""
    return ";".join([f"D{p.number:04d}", p.name, p.email or "", p.unit or "", str(p.adults),
                     " ".join(map(str, p.child_ages)), str(p.income), "ja" if p.predictable else "nei", str(p.debt),
                     str(p.fixed), "", ""])


def seed_register(sim: Simulation, plans: list[Plan], path: Path, seed: int) -> dict[int, int]:
    """Write and import the register, assess every household, invite the prospects; the caseload's households
    say they are interested. Their household ids by plan number."""
    from workflow.overview import assess_household, contact_household, list_register
    from workflow.register_import import import_register

    rng = random.Random(f"register:{seed}")
    rows = [_caseload_row(p) for p in plans if p.unit is not None]
    rows += [_tenant(rng, n) for n in range(1, max(SIZE - len(rows), 0) + 1)]
    rng.shuffle(rows)
    path.write_text("\ufeff" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    clerk = plans[0].caseworker if plans else "ola"
    imported = import_register(sim.app, clerk, str(path), MAPS)
    sim.story["register"] = imported.created
    entries = list_register(sim.app, clerk)
    ids = {e.external_id: e.id for e in entries}
    prospects = 0
    for entry in entries:
        sim.clock.tick()
        if assess_household(sim.app, clerk, entry.id).calculation.prospect:
            prospects += 1
            if entry.external_id and entry.external_id.startswith("T"):  # (the caseload's: below)
                contact_household(sim.app, clerk, entry.id, "invited", "Brev om leie til eie og tilbud om samtale.")
                later = rng.choice(("declined", "no_answer", "no_answer", "declined"))
                contact_household(sim.app, clerk, entry.id, later)
    for p in plans:  # the caseload's households asked themselves, or answered an invitation
        if f"D{p.number:04d}" in ids:
            contact_household(sim.app, clerk, ids[f"D{p.number:04d}"], "interested", "Vil gjerne høre mer om å kjøpe.")
    sim.story["prospects"] = prospects
    return {p.number: ids[f"D{p.number:04d}"] for p in plans if f"D{p.number:04d}" in ids}


def reassessment_round(sim: Simulation, seed: int) -> Iterator[int]:
    """A year on, the method's systematic review: every household due is assessed again, and the new
    prospects are invited (some answer, none opens a case within the demo)."""
    from workflow.overview import assess_household, contact_household, list_register

    rng = random.Random(f"round:{seed}")
    for entry in list_register(sim.app, "siri", due=True):
        if entry.open_case is not None:
            continue
        sim.clock.tick()
        assessed = assess_household(sim.app, "siri", entry.id).calculation
        if assessed.prospect and entry.last_contact is None:
            contact_household(sim.app, "siri", entry.id, "invited", "Ny vurdering: tilbud om samtale.")
            contact_household(sim.app, "siri", entry.id, rng.choice(("interested", "declined", "no_answer")))
    yield from ()
