"""The sentences about a household's people, a case's papers and its decisions, in bokmål and English
(`states.messages` renders them; placeholders as there)."""

from __future__ import annotations

PEOPLE: dict[str, tuple[str, str]] = {
    # --- unmet requirements ---
    "paper_missing": ("{label:pick} er ikke mottatt ({paper}).", "{label:pick} has not been received ({paper})."),
    "paper_missing_from": ("{label:pick} fra {name} er ikke mottatt ({paper}, --member {member}).",
                           "{label:pick} from {name} has not been received ({paper}, --member {member})."),
    "decision_missing": (
        "Bistanden er ikke innvilget i et godkjent vedtak: foreslå vedtaket (rto decision propose --kind"
        " help_granted), og få det godkjent av en fagleder (boligsosialloven § 7).",
        "The help has not been granted by an approved decision: propose it (rto decision propose --kind"
        " help_granted) and have a supervisor approve it (boligsosialloven § 7).",
    ),
    "decision_awaiting": (
        "Vedtaket om å innvilge bistanden er foreslått, men ennå ikke godkjent av en fagleder.",
        "The decision to grant the help is proposed, but not yet approved by a supervisor.",
    ),
    "help_refused_in_force": (
        "Et godkjent vedtak avslår bistanden (help_refused): saken kan bare avsluttes.",
        "An approved decision refuses the help (help_refused): the case can only be closed.",
    ),
    # --- refusals ---
    "override_decision": (
        "Sak {case} kan ikke overstyres til {target:state}: individuell bistand gis, avslås og avsluttes ved"
        " enkeltvedtak (boligsosialloven § 7), og en overstyring kan ikke erstatte vedtaket.",
        "Case {case} cannot be overridden to {target:state}: individual help is granted, refused and ended by"
        " an individual decision (boligsosialloven § 7), which an override cannot replace.",
    ),
    # --- decisions ---
    "decision_pending": ("Sak {case} har allerede et forslag om {kind:decision} som venter på en fagleder.",
                         "Case {case} already has a proposal of {kind:decision} waiting for a supervisor."),
    "decision_nothing_to_end": ("Sak {case} har ikke noe godkjent vedtak om bistand som kan avsluttes.",
                                "Case {case} has no approved decision granting help that could be ended."),
    "decision_exists": ("Sak {case} har allerede et godkjent vedtak: {kind:decision}.",
                        "Case {case} already has an approved decision: {kind:decision}."),
    "decision_help_granted": (
        "Bistanden er innvilget i sak {case}; skal den opphøre, foreslå help_ended.",
        "Help is granted in case {case}; to end it, propose help_ended.",
    ),
    "decision_only_closing": ("Et godkjent avslag (help_refused) gjelder for sak {case}: saken kan bare avsluttes.",
                              "An approved refusal (help_refused) stands for case {case}: it can only be closed."),
    "decision_own_proposal": (
        "{login} foreslo vedtak {decision} selv; en annen fagleder må godkjenne eller avvise det (to par øyne).",
        "{login} proposed decision {decision}; another supervisor must approve or reject it (four eyes).",
    ),
    "decision_not_proposed": ("Vedtak {decision} er allerede {status:dstatus}; bare et forslag kan avgjøres.",
                              "Decision {decision} is already {status:dstatus}; only a proposal can be decided."),
    "decision_not_found": ("Fant ikke vedtak {decision}.", "No decision {decision}."),
    "bad_decision_kind": ("Ukjent vedtakstype «{value}»; gyldige: {valid}.",
                          "Unknown kind of decision {value!r}; valid: {valid}."),
    "letter_not_decided": ("Vedtak {decision} er {status:dstatus}; bare et godkjent vedtak har et brev.",
                           "Decision {decision} is {status:dstatus}; only an approved decision has a letter."),
    "letter_failed": ("Brevet for vedtak {decision} kan ikke lages: {why}.",
                      "The letter for decision {decision} cannot be made: {why}."),
    "pdf_to_terminal": ("En PDF skrives ikke til terminalen: bruk -o vedtak-{decision}.pdf, eller --format html.",
                        "A PDF is not written to the terminal: use -o decision-{decision}.pdf, or --format html."),
    "bad_format": ("Ukjent format «{value}»; gyldige: {valid}.", "Unknown format {value!r}; valid: {valid}."),
    "bad_language": ("Ukjent språk «{value}»; gyldige: {valid}.", "Unknown language {value!r}; valid: {valid}."),
    # --- papers ---
    "paper_not_found": ("Ukjent dokument «{key}»; sjekklisten har: {valid}.",
                        "Unknown paper {key!r}; the checklist has: {valid}."),
    "bad_paper_status": ("Ukjent status «{value}»; gyldige: {valid}.", "Unknown status {value!r}; valid: {valid}."),
    "paper_per_household": ("{key} leveres én gang for husstanden: oppgi ikke --member.",
                            "{key} is supplied once for the household: give no --member."),
    "member_needed": ("{key} leveres av hver voksen: oppgi --member, en av {valid}.",
                      "{key} is supplied by each adult: give --member, one of {valid}."),
    "member_not_adult": ("Medlem {member} er ikke voksen; {key} leveres av de voksne.",
                         "Member {member} is not an adult; {key} is supplied by the adults."),
    # --- members ---
    "nin_registered": ("Fødselsnummeret er allerede registrert i husstand {household}; flytt personen derfra"
                       " (household member remove) i stedet for å registrere det to ganger.",
                       "The identity number is already registered in household {household}; move the person"
                       " (household member remove) rather than registering it twice."),
    "member_not_found": ("Fant ikke medlem {member} i husstand {household}.",
                         "No member {member} in household {household}."),
    "born_in_future": ("Fødselsdatoen {born:date} er etter i dag ({today:date}).",
                       "The birth date {born:date} is after today ({today:date})."),
    "co_applicant_child": ("En medsøker må være voksen (minst {age} år); fødselsdatoen er {born:date}.",
                           "A co-applicant must be an adult (at least {age}); the birth date is {born:date}."),
    "co_applicant_exists": ("Husstanden har allerede en medsøker.", "The household already has a co-applicant."),
    "nin_only_adults": ("Fødselsnummer registreres bare for voksne; medlemmet er født {born:date}.",
                        "Identity numbers are recorded for adults only; the member was born {born:date}."),
    "nin_born_mismatch": ("Fødselsnummeret passer ikke med fødselsdatoen {born:date}.",
                          "The identity number does not match the birth date {born:date}."),
    "counts_from_members": (
        "Husstand {household} har registrerte medlemmer, så {facts} regnes ut fra fødselsdatoene deres:"
        " bruk rto household member add og remove.",
        "Household {household} has members recorded, so {facts} come from their birth dates: use rto"
        " household member add and remove.",
    ),
    "export_not_yours": (
        "{login} er ikke saksbehandler for noen sak i husstand {household}: bare saksbehandleren for en av"
        " husstandens saker eller en fagleder kan eksportere det som er lagret om den.",
        "{login} is not the caseworker of any case of household {household}: only the caseworker of one of"
        " its cases or a supervisor may export what is held about it.",
    ),
}
