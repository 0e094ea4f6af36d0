"""How an affordability calculation reads on a terminal: every line of it, and the dated figure each line
rests on, so a caseworker can explain the verdict (and a household see what would change it)."""

from __future__ import annotations

from typing import Any

from commands.output import Output
from states.affordability import RUNNING, Affordability
from states.labels import choice_label, pick

# (bokmål, English)
WORDS: dict[str, tuple[str, str]] = {
    "title_frame": ("Betjeningsevne på finansieringsbevisets ramme", "Affordability on the certificate's frame"),
    "title_home": ("Betjeningsevne på boligen til {price}", "Affordability on the home at {price}"),
    "income": ("Netto inntekt", "Net income"),
    "living": ("− levekostnader", "− living costs"),
    "living_reference": ("referansebudsjettet (SIFO), høyere enn minstesatsen {floor}",
                         "the reference budget (SIFO), above the guideline floor {floor}"),
    "living_floor": ("minstesatsen (NAV), høyere enn referansebudsjettet {reference}",
                     "the guideline floor (NAV), above the reference budget {reference}"),
    "ages_assumed": ("alder ukjent for noen barn: høyeste sats brukt", "some children's ages unknown: highest rate"),
    "childcare": ("− barnehage/SFO", "− childcare"),
    "childcare_in_reference": ("{amount} er med i referansebudsjettet, ikke trukket to ganger",
                               "{amount} is held in the reference budget, not counted twice"),
    "debt": ("− gjeld", "− debt payments"),
    "fixed": ("− faste utgifter", "− fixed costs"),
    "startlan": ("− startlån", "− start loan"),
    "startlan_note": ("{loan} til {rate} over {years} år ({repayment})",
                      "{loan} at {rate} over {years} years ({repayment})"),
    "bank": ("− banklån", "− bank loan"),
    "bank_note": ("{loan} til {rate} (stresstestet) over {years} år",
                  "{loan} at {rate} (stress-tested) over {years} years"),
    "common": ("− felleskostnader", "− common costs"),
    "running": ("− driftskostnader", "− running costs"),
    "running_defaults": ("standard for {kind}: {items}", "defaults for {kind}: {items}"),
    "running_recorded": ("registrert for boligen", "recorded for the home"),
    "surplus": ("= overskudd per måned", "= monthly surplus"),
    "passes": ("holder", "passes"),
    "fails": ("holder ikke: lånet må avslås (finansavtaleloven § 5-4)", "fails: the loan must be refused "
              "(finansavtaleloven § 5-4)"),
    "home_loan": ("Lån som trengs: {price} + kjøpsomkostninger {costs} − egenkapital {equity} − tilskudd {grant}"
                  "{bank} = {loan}", "Loan needed: {price} + purchase costs {costs} − equity {equity} − grant "
                  "{grant}{bank} = {loan}"),
    "home_bank": (" − banklån {bank}", " − bank loan {bank}"),
    "figures": ("Tall brukt", "Figures used"),
    "from": ("fra", "from"),
    "annuity": ("annuitet", "annuity"),
    "serial": ("serielån, første termin", "serial, first month"),
    "electricity": ("strøm", "electricity"),
    "insurance": ("forsikring", "insurance"),
    "municipal_fees": ("kommunale avgifter", "municipal fees"),
    "maintenance": ("vedlikehold", "maintenance"),
    "policy_rate_percent": ("styringsrenten", "policy rate"),
    "stress_margin_points": ("påslag", "margin"),
    "standard_term_years": ("standard løpetid", "standard term"),
    "living_cost_floor": ("minstesatser", "guideline floor"),
    "reference_budget": ("referansebudsjett", "reference budget"),
    "document_duty_percent": ("dokumentavgift", "document duty"),
    "registration_fee_per_document": ("tinglysingsgebyr", "registration fee"),
    "bank_stress_add_points": ("banklånets påslag", "bank loan's margin"),
    "bank_stress_minimum_percent": ("banklånets minsterente", "bank loan's minimum rate"),
    "running_costs_freehold": ("driftskostnader, selveier", "running costs, freehold"),
    "running_costs_cooperative": ("driftskostnader, borettslag", "running costs, cooperative"),
}


def _w(out: Output, key: str, **params: str) -> str:
    text = pick(WORDS[key], out.language)
    return text.format(**params) if params else text


def _value(out: Output, name: str, value: Any) -> str:
    if isinstance(value, dict):
        return "/".join(out.kr(v) for v in value.values())
    if name.endswith("_percent") or name.endswith("_points"):
        return out.formats.percent(float(value))
    if name.endswith("_years"):
        return f"{value}"
    return out.kr(int(value))


def print_affordability(out: Output, a: Affordability) -> None:
    """The calculation, line by line; the labels carry the signs, so the amounts are shown as they are."""
    out.line()
    out.line(_w(out, "title_frame") if a.basis == "frame" else _w(out, "title_home", price=out.kr(a.price or 0)))
    if a.basis == "home":
        bank = _w(out, "home_bank", bank=out.kr(a.bank_loan)) if a.bank_loan else ""
        out.line("  " + _w(out, "home_loan", price=out.kr(a.price or 0), costs=out.kr(a.purchase_costs or 0),
                          equity=out.kr(a.equity), grant=out.kr(a.grant), bank=bank, loan=out.kr(a.loan)))
    living = (_w(out, "living_reference", floor=out.kr(a.living_floor)) if a.living_basis == "reference"
              else _w(out, "living_floor", reference=out.kr(a.reference_budget)))
    if a.children_ages_assumed:
        living += "; " + _w(out, "ages_assumed")
    repayment = _w(out, a.repayment)
    lines: list[tuple[str, int, str]] = [
        ("income", a.income, ""),
        ("living", a.living_costs, living),
    ]
    if a.childcare:
        lines.append(("childcare", a.childcare if a.childcare_counted else 0,
                      "" if a.childcare_counted else _w(out, "childcare_in_reference", amount=out.kr(a.childcare))))
    lines += [
        ("debt", a.debt, ""),
        ("fixed", a.fixed_costs, ""),
        ("startlan", a.loan_payment, _w(out, "startlan_note", loan=out.kr(a.loan),
                                        rate=out.formats.percent(a.rate_percent), years=str(a.years),
                                        repayment=repayment)),
    ]
    if a.bank_loan:
        lines.append(("bank", a.bank_payment, _w(out, "bank_note", loan=out.kr(a.bank_loan),
                                                 rate=out.formats.percent(a.bank_rate_percent or 0),
                                                 years=str(a.bank_years))))
    if a.common_costs:
        lines.append(("common", a.common_costs, ""))
    kind = choice_label(a.property_type, out.language)
    defaults = ", ".join(f"{_w(out, item)} {out.kr(a.running[item])}" for item in a.running_from_policy)
    running_note = _w(out, "running_defaults", kind=kind, items=defaults) if a.running_from_policy else \
        _w(out, "running_recorded")
    if a.running_from_policy and len(a.running_from_policy) < len(RUNNING):
        running_note += "; " + ", ".join(f"{_w(out, i)} {out.kr(a.running[i])}" for i in RUNNING
                                         if i not in a.running_from_policy)
    lines.append(("running", a.running_costs, running_note))
    lines.append(("surplus", a.surplus, _w(out, "passes" if a.passes else "fails")))
    for key, amount, note in lines:
        out.line(f"  {_w(out, key):<24} {out.kr(amount):>14}   {note}".rstrip())
    out.line(f"  {_w(out, 'figures')}:")
    for name, f in a.figures.items():
        source = f" — {f['source']}" if f["source"] else ""
        out.line(f"    {_w(out, name) if name in WORDS else name} {_value(out, name, f['value'])} "
                 f"{_w(out, 'from')} {out.formats.day(f['from'])}{source}")
