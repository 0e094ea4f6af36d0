"""The words for the domain's names, in bokmål and English: states, events, facts, roles and outcomes.

Nynorsk is beside them, found by the bokmål wording (states/nynorsk.py)."""

from __future__ import annotations

STATE_LABELS: dict[str, tuple[str, str]] = {
    "screened": ("kartlagt", "screened"),
    "motivated": ("motivert", "motivated"),
    "financed": ("finansiert", "financed"),
    "searching": ("boligsøk", "searching"),
    "bidding": ("budgivning", "bidding"),
    "contracted": ("kontrakt", "contracted"),
    "moved_in": ("innflyttet", "moved in"),
    "paused": ("på vent", "paused"),
    "closed": ("avsluttet", "closed"),
}

EVENT_LABELS: dict[str, tuple[str, str]] = {
    "opened": ("åpnet", "opened"),
    "fact_recorded": ("opplysning", "fact"),
    "note": ("notat", "note"),
    "transition": ("steg", "step"),
    "refused": ("avvist", "refused"),
    "override": ("overstyrt", "override"),
    "paused": ("satt på vent", "paused"),
    "resumed": ("gjenopptatt", "resumed"),
    "closed": ("avsluttet", "closed"),
    "reopened": ("gjenåpnet", "reopened"),
    "correction": ("korrigert", "correction"),
    "assigned": ("tildelt", "assigned"),
    "continued": ("videreført", "continued"),
    "reminder_queued": ("påminnelse lagt i kø", "reminder queued"),
    "reminder_sent": ("påminnelse sendt", "reminder sent"),
    "reminder_failed": ("påminnelse feilet", "reminder failed"),
    "household_changed": ("husstanden endret", "household changed"),
    "paper": ("dokument", "paper"),
    "decision_proposed": ("vedtak foreslått", "decision proposed"),
    "decision_approved": ("vedtak godkjent", "decision approved"),
    "decision_rejected": ("vedtaksforslag avvist", "decision rejected"),
    "erased": ("personopplysninger slettet", "personal data erased"),  # (a household's history too)
    # a household's own history
    "registered": ("registrert", "registered"),
    "member_added": ("medlem lagt til", "member added"),
    "member_removed": ("medlem fjernet", "member removed"),
}

FACT_LABELS: dict[str, tuple[str, str]] = {
    "consent": ("Samtykke", "Consent"),
    "income_monthly": ("Netto månedsinntekt", "Net monthly income"),
    "income_predictable": ("Forutsigbar inntekt", "Predictable income"),
    "debt_monthly": ("Månedlige betalinger på gjeld", "Monthly debt payments"),
    "fixed_costs_monthly": ("Andre faste månedlige utgifter", "Other fixed monthly costs"),
    "childcare_monthly": ("Barnehage og SFO per måned", "Childcare per month"),
    "plan_agreed": ("Avtalt plan", "Agreed plan"),
    "loan_amount": ("Startlånsramme", "Start loan frame"),
    "grant_amount": ("Tilskudd", "Grant"),
    "equity": ("Egenkapital", "Equity"),
    "certificate_issued": ("Utstedelsesdato for finansieringsbeviset", "Date the certificate was issued"),
    "certificate_expires": ("Utløpsdato for finansieringsbeviset", "Date the certificate expires"),
    "loan_rate": ("Rente", "Interest rate"),
    "loan_years": ("Løpetid i år", "Term in years"),
    "term_reason": ("Begrunnelse for lengre løpetid", "Reason for a longer term"),
    "repayment": ("Nedbetalingsform", "Repayment"),
    "bank_loan_amount": ("Banklån ved siden av startlånet", "Bank loan beside the start loan"),
    "bank_loan_rate": ("Rente på banklånet", "Bank loan rate"),
    "bank_loan_years": ("Løpetid for banklånet", "Bank loan term"),
    "startskudd_ref": ("Saksnummer i Startskudd", "Startskudd case reference"),
    "property": ("Bolig", "Property"),
    "property_type": ("Eierform", "Property type"),
    "asking_price": ("Prisantydning", "Asking price"),
    "common_costs_monthly": ("Felleskostnader per måned", "Monthly common costs"),
    "electricity_monthly": ("Strøm per måned", "Electricity per month"),
    "insurance_monthly": ("Forsikring per måned", "Insurance per month"),
    "municipal_fees_monthly": ("Kommunale avgifter per måned", "Municipal fees per month"),
    "maintenance_monthly": ("Vedlikehold per måned", "Maintenance per month"),
    "property_approved": ("Kommunens godkjenning av boligen", "The municipality's approval of the property"),
    "bid_amount": ("Bud", "Bid"),
    "bid_result": ("Budresultat", "Bid result"),
    "purchase_price": ("Kjøpesum", "Purchase price"),
    "contract_date": ("Kontraktsdato", "Contract date"),
    "takeover_date": ("Overtakelsesdato", "Takeover date"),
    "tenancy_ended": ("Avslutning av leieforholdet", "End of the tenancy"),
    "adults": ("Voksne", "Adults"),
    "children": ("Barn", "Children"),
    "child_ages": ("Barnas alder", "Children's ages"),
    "municipal_unit": ("Kommunal bolig", "Municipal unit"),
    "email": ("E-post", "Email"),
    "email_consent": ("Samtykke til e-post", "Consent to email"),
}

FACT_GROUPS: dict[str, tuple[str, str]] = {
    "screening": ("Kartlegging", "Screening"),
    "financing": ("Finansiering", "Financing"),
    "search": ("Boligsøk og bud", "Search and bid"),
    "contract": ("Kontrakt", "Contract"),
    "move_in": ("Innflytting", "Moving in"),
    "household": ("Husstanden", "The household"),
}

CHOICE_LABELS: dict[str, tuple[str, str]] = {
    "freehold": ("selveier", "freehold"),
    "cooperative": ("borettslag", "cooperative"),
    "pending": ("venter på svar", "pending"),
    "accepted": ("akseptert", "accepted"),
    "lost": ("tapt", "lost"),
    "withdrawn": ("trukket", "withdrawn"),
    "annuity": ("annuitet", "annuity"),
    "serial": ("serielån", "serial"),
}

DECISION_KIND_LABELS: dict[str, tuple[str, str]] = {
    "help_granted": ("bistand innvilget", "help granted"),
    "help_refused": ("bistand avslått", "help refused"),
    "help_ended": ("bistand avsluttet", "help ended"),
}
DECISION_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "proposed": ("foreslått", "proposed"),
    "approved": ("godkjent", "approved"),
    "rejected": ("avvist", "rejected"),
}
PAPER_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "received": ("mottatt", "received"),
    "waived": ("frafalt", "waived"),
    "missing": ("mangler", "missing"),
}
MEMBER_ROLE_LABELS: dict[str, tuple[str, str]] = {
    "applicant": ("søker", "applicant"),
    "co_applicant": ("medsøker", "co-applicant"),
    "resident": ("bor i husstanden", "resident"),
}

# The words of `rto diagram`, (bokmål, English).
DIAGRAM_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Fra leie til eie: sakens gang", "From renting to owning: the journey of a case"),
    "group": ("aktiv sak", "active case"),
    "note": ("Gjenoppta: tilbake til steget saken stod i.\nKorrigering (fagleder): tilbake til et tidligere "
             "steg;\nvises med rto diagram --all.",
             "Resume: back to the step the case left.\nCorrection (supervisor): back to an earlier step;\n"
             "shown by rto diagram --all."),
}
STEP_WORDS: dict[str, tuple[str, str]] = {  # by step kind
    "advance": ("videre", "advance"),
    "pause": ("sett på vent", "pause"),
    "resume": ("gjenoppta", "resume"),
    "close": ("avslutt", "close"),
    "reopen": ("gjenåpne (fagleder)", "reopen (supervisor)"),
    "correction": ("korriger (fagleder)", "correction (supervisor)"),
}
# What each journey step needs, in a few words, for its arrow in the diagram: a summary of its guard in
# `guards.GUARDS` (keyed "source>dest"; a test keeps the two in step). Its papers come on top, by the checklist.
GUARD_WORDS: dict[str, tuple[str, str]] = {
    "screened>motivated": ("samtykke, fast inntekt, plan, vedtak", "consent, steady income, plan, decision"),
    "motivated>financed": ("finansieringsbevis, betjeningsevne", "certificate, affordability"),
    "financed>searching": ("gyldig finansieringsbevis", "valid certificate"),
    "searching>bidding": ("godkjent bolig, bud innen rammen", "approved home, bid within the frame"),
    "bidding>searching": ("tapt bud", "bid lost"),
    "bidding>contracted": ("bud akseptert, kontrakt, overtakelse", "bid accepted, contract, takeover"),
    "contracted>moved_in": ("overtatt, leieforholdet avsluttet", "taken over, tenancy ended"),
}

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "caseworker": ("saksbehandler", "caseworker"),
    "supervisor": ("fagleder", "supervisor"),
    "admin": ("administrator", "admin"),
    "system": ("systemkonto", "system account"),
}
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "pause": ("sette saken på vent", "pause the case"),
    "close": ("avslutte saken", "close the case"),
    "reopen": ("gjenåpne saken", "reopen the case"),
    "correct": ("flytte saken tilbake", "move the case back"),
    "override": ("overstyre", "override"),
    "waive": ("frafalle et dokumentkrav", "waive a paper"),
}
OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "private_rental": ("leier privat", "private rental"),
    "stays_municipal": ("blir i kommunal bolig", "stays in municipal housing"),
    "not_eligible": ("fyller ikke vilkårene", "not eligible"),
    "declined": ("takket nei", "declined"),
    "moved_away": ("flyttet fra kommunen", "moved away"),
    "bought_elsewhere": ("kjøpte uten programmets hjelp (f.eks. med vanlig banklån)",
                         "bought without the programme's help (e.g. an ordinary bank loan)"),
    "other": ("annet", "other"),
}
NIN_PROBLEMS: dict[str, tuple[str, str]] = {  # why an identity number is refused (workflow/identity.py)
    "length": ("det må ha 11 siffer", "it must have 11 digits"),
    "format": ("det kan bare ha siffer", "it may only have digits"),
    "checksum": ("kontrollsifrene stemmer ikke", "its check digits do not match"),
    "date": ("datoen i nummeret finnes ikke", "the date in it does not exist"),
    "h_number": ("det er et H-nummer (måned + 40), ikke et fødselsnummer",
                 "it is an H-number (month + 40), not an identity number"),
    "fh_number": ("det er et felles hjelpenummer (FH-nummer, første siffer 8 eller 9), ikke et fødselsnummer",
                  "it is an FH-number (felles hjelpenummer, first digit 8 or 9), not an identity number"),
    "synthetic_not_accepted": (
        "det er et syntetisk testnummer (måned + 80); sett [identity] accept_synthetic = true"
        " (eller RTO_ACCEPT_SYNTHETIC_NIN=1) for å godta slike",
        "it is a synthetic test number (month + 80); set [identity] accept_synthetic = true"
        " (or RTO_ACCEPT_SYNTHETIC_NIN=1) to accept it"),
}


MESSAGE_KIND_LABELS: dict[str, tuple[str, str]] = {  # by template (templates/<kind>/)
    "stalled": ("står stille", "stalled"),
    "stalled_escalation": ("står stille, til fagleder", "stalled, escalated"),
    "horizon_warning": ("nærmer seg horisonten", "nearing the horizon"),
    "horizon_escalation": ("forbi horisonten, til fagleder", "past the horizon, escalated"),
    "certificate": ("finansieringsbevis utløper", "certificate expiring"),
    "followup": ("oppfølging etter kjøp", "follow-up after purchase"),
    "reassessment": ("ny vurdering forfaller", "reassessment due"),
    "policy_stale": ("utdaterte policytall", "stale policy figures"),
    "checkpoint": ("sjekkpunkt forseglet", "checkpoint sealed"),
    "letter_ready": ("vedtaksbrev klart", "decision letter ready"),
    "decision_rejected": ("vedtaksforslag avvist", "decision rejected"),
}

OUTBOX_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "pending": ("venter", "pending"), "sending": ("sendes", "sending"), "sent": ("sendt", "sent"),
    "failed": ("feilet", "failed"),
}


def pick(texts: tuple[str, str], lang: str) -> str:
    """The text in `lang`: bokmål, English, or nynorsk found by its bokmål wording (states/nynorsk.py)."""
    if lang == "nb":
        return texts[0]
    if lang == "nn":
        from states.nynorsk import nynorsk

        return nynorsk(texts[0])
    return texts[1]


def state_label(state: str, lang: str) -> str:
    labels = STATE_LABELS.get(state)
    return state if labels is None else pick(labels, lang)


def group_label(group: str, lang: str) -> str:
    return pick(FACT_GROUPS.get(group, (group, group)), lang)


def outcome_label(outcome: str, lang: str) -> str:
    return pick(OUTCOME_LABELS.get(outcome, (outcome, outcome)), lang)


def event_label(kind: str, lang: str) -> str:
    labels = EVENT_LABELS.get(kind)
    return kind if labels is None else pick(labels, lang)


def fact_label(fact: str, lang: str) -> str:
    """'Netto månedsinntekt (income_monthly)': the words, and the name to type."""
    labels = FACT_LABELS.get(fact)
    return fact if labels is None else f"{pick(labels, lang)} ({fact})"


def choice_label(value: str, lang: str) -> str:
    return pick(CHOICE_LABELS.get(value, (value, value)), lang)
