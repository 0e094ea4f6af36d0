"""The sentences of the guards' unmet requirements, in bokmål and English (`states.messages` renders them;
placeholders as there). Each says what is missing and, where it helps, the fact to record."""

from __future__ import annotations

GUARDS: dict[str, tuple[str, str]] = {
    "fact_missing": ("{fact:fact} er ikke registrert.", "{fact:fact} is not recorded."),
    "consent_missing": (
        "Samtykke fra husstanden er ikke registrert (consent=ja).",
        "The household's consent is not recorded (consent=yes).",
    ),
    "consent_missing_no": (
        "Husstanden har ikke samtykket (consent er registrert som nei).",
        "The household has not consented (consent is recorded as no).",
    ),
    "income_unpredictable": (
        "Det er ikke registrert om inntekten er forutsigbar (income_predictable=ja).",
        "Whether the income is predictable is not recorded (income_predictable=yes).",
    ),
    "income_unpredictable_no": (
        "Inntekten er registrert som ikke forutsigbar (income_predictable=nei).",
        "The income is recorded as not predictable (income_predictable=no).",
    ),
    "plan_missing": (
        "Planen for bistanden er ikke avtalt med husstanden (plan_agreed=ja).",
        "The plan for the help is not agreed with the household (plan_agreed=yes).",
    ),
    "plan_missing_no": (
        "Planen er registrert som ikke avtalt (plan_agreed=nei).",
        "The plan is recorded as not agreed (plan_agreed=no).",
    ),
    "certificate_missing": (
        "Finansieringsbeviset er ikke registrert: lånerammen må være over 0 kr (loan_amount).",
        "No financing certificate is recorded: the loan frame must be above NOK 0 (loan_amount).",
    ),
    "certificate_expired": (
        "Finansieringsbeviset utløper {expires:date}; utløpsdatoen må være etter {on:date}.",
        "The financing certificate expires {expires:date}; its expiry must be after {on:date}.",
    ),
    "certificate_invalid": (
        "Finansieringsbeviset er ikke gyldig {on:date}: det utløp {expires:date}.",
        "The financing certificate is not valid on {on:date}: it expired {expires:date}.",
    ),
    "certificate_invalid_on_contract": (
        "Finansieringsbeviset var ikke gyldig på kontraktsdatoen {on:date}: det utløp {expires:date}.",
        "The financing certificate was not valid on the contract date {on:date}: it expired {expires:date}.",
    ),
    "certificate_not_yet": (
        "Finansieringsbeviset gjelder fra {issued:date} og var ikke gyldig {on:date}.",
        "The financing certificate applies from {issued:date} and was not valid on {on:date}.",
    ),
    "term_too_long": (
        "Løpetiden {years} år er lengre enn maksimum {max} år (loan_years).",
        "The term of {years} years exceeds the maximum of {max} years (loan_years).",
    ),
    "unaffordable": (
        "Husstanden kan ikke betjene finansieringsbevisets ramme: overskuddet er {surplus:kr} per måned"
        " (inntekt {income:kr} − levekostnader {living_costs:kr} − gjeld {debt:kr} − faste utgifter"
        " {fixed_costs:kr} − boutgift {housing_cost:kr} med {loan:kr} i startlån til {rate_percent:pct} over"
        " {years} år). Lånet må avslås (finansavtaleloven § 5-4); det som kan endre vurderingen er et mindre"
        " lån, tilskudd, bostøtte regnet som inntekt eller en rimeligere bolig. Se `rto case show`.",
        "The household cannot carry the certificate's frame: the surplus is {surplus:kr} a month (income"
        " {income:kr} − living costs {living_costs:kr} − debt {debt:kr} − fixed costs {fixed_costs:kr} − housing"
        " {housing_cost:kr} with a start loan of {loan:kr} at {rate_percent:pct} over {years} years). The loan"
        " must be refused (finansavtaleloven § 5-4); what can change the verdict is a smaller loan, a grant,"
        " housing allowance counted as income, or a cheaper home. See `rto case show`.",
    ),
    "unaffordable_home": (
        "Husstanden kan ikke betjene lånet til boligen til {price:kr}: overskuddet er {surplus:kr} per måned"
        " (inntekt {income:kr} − levekostnader {living_costs:kr} − gjeld {debt:kr} − faste utgifter"
        " {fixed_costs:kr} − boutgift {housing_cost:kr}: {loan:kr} i startlån til {rate_percent:pct} over"
        " {years} år, felleskostnader {common_costs:kr} og driftskostnader {running_costs:kr}). Lånet må"
        " avslås (finansavtaleloven § 5-4); det som kan endre vurderingen er et mindre lån, tilskudd, bostøtte"
        " regnet som inntekt eller en rimeligere bolig. Se `rto case show`.",
        "The household cannot carry the loan for the home at {price:kr}: the surplus is {surplus:kr} a month"
        " (income {income:kr} − living costs {living_costs:kr} − debt {debt:kr} − fixed costs {fixed_costs:kr}"
        " − housing {housing_cost:kr}: a start loan of {loan:kr} at {rate_percent:pct} over {years} years,"
        " common costs {common_costs:kr} and running costs {running_costs:kr}). The loan must be refused"
        " (finansavtaleloven § 5-4); what can change the verdict is a smaller loan, a grant, housing allowance"
        " counted as income, or a cheaper home. See `rto case show`.",
    ),
    "term_reason_missing": (
        "Løpetiden {years} år er lengre enn standarden på {standard} år: registrer begrunnelsen (term_reason).",
        "The term of {years} years is longer than the standard {standard} years: record the reason"
        " (term_reason).",
    ),
    "over_frame_with_bank": (
        "{what:fact} {price:kr} + kjøpsomkostninger {costs:kr} = {total:kr} er over rammen {frame:kr}"
        " (startlån {loan:kr} + banklån {bank_loan:kr} + tilskudd {grant:kr} + egenkapital {equity:kr}).",
        "{what:fact} {price:kr} + purchase costs {costs:kr} = {total:kr} exceeds the frame {frame:kr}"
        " (start loan {loan:kr} + bank loan {bank_loan:kr} + grant {grant:kr} + equity {equity:kr}).",
    ),
    "property_not_approved": (
        "Kommunen har ikke godkjent boligen (property_approved=ja).",
        "The municipality has not approved the property (property_approved=yes).",
    ),
    "property_not_approved_no": (
        "Boligen er registrert som ikke godkjent av kommunen (property_approved=nei).",
        "The property is recorded as not approved by the municipality (property_approved=no).",
    ),
    "over_frame": (
        "{what:fact} {price:kr} + kjøpsomkostninger {costs:kr} = {total:kr} er over rammen {frame:kr}"
        " (lån {loan:kr} + tilskudd {grant:kr} + egenkapital {equity:kr}).",
        "{what:fact} {price:kr} + purchase costs {costs:kr} = {total:kr} exceeds the frame {frame:kr}"
        " (loan {loan:kr} + grant {grant:kr} + equity {equity:kr}).",
    ),
    "bid_not_lost": (
        "Budet er ikke registrert som tapt eller trukket (bid_result=lost eller withdrawn; nå: {result}).",
        "The bid is not recorded as lost or withdrawn (bid_result=lost or withdrawn; now: {result}).",
    ),
    "bid_not_accepted": (
        "Budet er ikke registrert som akseptert (bid_result=accepted; nå: {result}).",
        "The bid is not recorded as accepted (bid_result=accepted; now: {result}).",
    ),
    "takeover_before_contract": (
        "Overtakelsen {takeover:date} er før kontraktsdatoen {contract:date}.",
        "The takeover {takeover:date} is before the contract date {contract:date}.",
    ),
    "takeover_not_reached": (
        "Overtakelsesdatoen {takeover:date} er ikke nådd (i dag {on:date}).",
        "The takeover date {takeover:date} has not been reached (today {on:date}).",
    ),
    "tenancy_not_ended": (
        "Leieforholdet i den kommunale boligen {unit} er ikke avsluttet (tenancy_ended=ja).",
        "The tenancy of municipal unit {unit} has not ended (tenancy_ended=yes).",
    ),
}
