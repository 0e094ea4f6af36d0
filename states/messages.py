"""Every sentence the product says to staff, by message code, in bokmål and English (nynorsk by the same
code in states/nynorsk_messages.py).

Placeholders carry a format: `{x:kr}` an amount, `{x:date}` an ISO date, `{x:moment}` an ISO time, `{x:pct}`
a percentage, `{x:state}` a state name; anything else is shown as it is. The formatting itself (nb_NO grouping
and dates) is passed in, so this module stays pure and the same codes render live and from stored history.
"""

from __future__ import annotations

import string
from datetime import datetime
from typing import Any, Protocol

from states.catalogue_audit import AUDIT
from states.catalogue_config import CONFIGURATION
from states.catalogue_guards import GUARDS
from states.catalogue_overview import OVERVIEW
from states.catalogue_people import PEOPLE
from states.catalogue_report import REPORT
from states.labels import (
    ACTION_LABELS,
    DECISION_KIND_LABELS,
    DECISION_STATUS_LABELS,
    NIN_PROBLEMS,
    ROLE_LABELS,
    fact_label,
    pick,
    state_label,
)
from states.nynorsk import nynorsk_message

LANGUAGES = ("nb", "nn", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    **GUARDS,
    # --- refusals that are not a guard ---
    "no_such_step": (
        "Sak {case} har status «{state:state}»; derfra går det ikke til «{target:state}»."
        " Mulige steg: {options:states}.",
        "Case {case} is at {state:state}; it cannot go to {target:state} from there."
        " Possible steps: {options:states}.",
    ),
    "override_affordability": (
        "Sak {case} kan ikke overstyres til {target:state}: betjeningsevnen holder ikke, og finansavtaleloven"
        " § 5-4 pålegger långiveren å avslå et lån husstanden ikke kan betjene. Det som kan endre vurderingen"
        " er endrede opplysninger: et mindre lån, tilskudd, bostøtte regnet som inntekt eller en rimeligere bolig.",
        "Case {case} cannot be overridden to {target:state}: the household cannot carry the loan, and"
        " finansavtaleloven § 5-4 obliges the lender to refuse such a loan. What can change the verdict is a"
        " change in the facts: a smaller loan, a grant, housing allowance counted as income, or a cheaper home.",
    ),
    "guards_unmet": (
        "Sak {case} kan ikke gå fra «{state:state}» til «{target:state}»:",
        "Case {case} cannot go from {state:state} to {target:state}:",
    ),
    "not_paused": ("Sak {case} er ikke på vent (den har status «{state:state}»).",
                   "Case {case} is not paused (it is at {state:state})."),
    "household_erased": ("Husstand {household} er slettet etter lagringstiden, så sak {case} kan ikke gjenåpnes."
                         " Registrer husstanden på nytt og åpne en ny sak.",
                         "Household {household} was erased after its retention period, so case {case} cannot be"
                         " reopened. Register the household anew and open a new case."),
    "case_terminal": ("Sak {case} er avsluttet; opplysningene kan ikke endres (en fagleder kan gjenåpne den).",
                      "Case {case} is closed; its facts cannot change (a supervisor can reopen it)."),
    "case_moved_in": ("Sak {case} er fullført: husstanden har flyttet inn. Opplysningene kan ikke endres, men du"
                      " kan skrive notater.",
                      "Case {case} is complete: the household has moved in. Its facts cannot change; notes can"
                      " still be added."),
    "continue_not_due": (
        "Sak {case} har ikke nådd horisonten: den ble åpnet {opened:date} ({months} måneder siden), og"
        " fagleder tar stilling til å videreføre den etter {escalation} måneder.",
        "Case {case} has not reached the horizon: it opened on {opened:date} ({months} months ago), and a"
        " supervisor decides whether to go on with it after {escalation} months.",
    ),
    "household_has_open_case": (
        "Husstand {household} har allerede en åpen sak ({case}).",
        "Household {household} already has an open case ({case}).",
    ),
    # --- bad input ---
    "unknown_fact": ("Ukjent opplysning «{name}». Gyldige: {valid}.", "Unknown fact {name!r}. Valid: {valid}."),
    "unknown_fact_near": ("Ukjent opplysning «{name}». Mente du {nearest}? Gyldige: {valid}.",
                          "Unknown fact {name!r}. Did you mean {nearest}? Valid: {valid}."),
    "no_facts_given": ("Oppgi minst én NØKKEL=VERDI. Gyldige nøkler: {valid}.",
                       "Give at least one KEY=VALUE. Valid keys: {valid}."),
    "not_key_value": ("«{word}» er ikke på formen NØKKEL=VERDI.", "{word!r} is not of the form KEY=VALUE."),
    "fact_twice": ("{name} er oppgitt to ganger.", "{name} is given twice."),
    "bad_amount": ("{name}: «{value}» er ikke et beløp i hele kroner ≥ 0 (f.eks. 350000).",
                   "{name}: {value!r} is not an amount in whole NOK >= 0 (e.g. 350000)."),
    "bad_count": ("{name}: «{value}» er ikke et helt tall fra {low} til {high}.",
                  "{name}: {value!r} is not a whole number from {low} to {high}."),
    "bad_id": ("{name}: «{value}» er ikke et nummer (sifre, fra {low} til {high}).",
               "{name}: {value!r} is not a number (digits, {low} to {high})."),
    "bad_date": ("{name}: «{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.",
                 "{name}: {value!r} is not a date of the form YYYY-MM-DD."),
    "date_out_of_range": ("{name}: {value} er utenfor {first}–{last}.",
                          "{name}: {value} is outside {first} to {last}."),
    "as_of_future": ("--as-of {value} er fram i tid; bruk --dry-run for å se hva som da vil forfalle.",
                     "--as-of {value} is in the future; use --dry-run to see what will be due then."),
    "bad_range": ("--from {start} er etter --to {end}.", "--from {start} is after --to {end}."),
    "cannot_write": ("Kan ikke skrive {path}: {why}.", "Cannot write {path}: {why}."),
    "bad_yesno": ("{name}: «{value}» må være ja eller nei.", "{name}: {value!r} must be yes or no."),
    "bad_rate": ("{name}: «{value}» er ikke en rente i prosent over 0 og høyst 30 (f.eks. 5.2).",
                 "{name}: {value!r} is not a rate in percent above 0 and at most 30 (e.g. 5.2)."),
    "bad_text": ("{name}: teksten må være utskrivbar og høyst {limit} tegn.",
                 "{name}: the text must be printable and at most {limit} characters."),
    "bad_free_text": ("{name}: teksten kan ha høyst {limit} tegn og ingen kontrolltegn.",
                      "{name}: the text may have at most {limit} characters and no control characters."),
    "bad_choice": ("{name}: «{value}» er ikke gyldig. Gyldige: {valid}.",
                   "{name}: {value!r} is not valid. Valid: {valid}."),
    "bad_choice_near": ("{name}: «{value}» er ikke gyldig. Mente du {nearest}? Gyldige: {valid}.",
                        "{name}: {value!r} is not valid. Did you mean {nearest}? Valid: {valid}."),
    "bad_ages": ("{name}: «{value}» må være alder 0–17, skilt med komma (f.eks. 3,8,14).",
                 "{name}: {value!r} must be ages 0-17 separated by commas (e.g. 3,8,14)."),
    "bad_email": ("{name}: «{value}» er ikke en e-postadresse (bare a–z, 0–9 og vanlige tegn; et domene med æøå"
                  " skrives xn--...).",
                  "{name}: {value!r} is not an email address (a-z, 0-9 and common signs only; an international"
                  " domain is written xn--...)."),
    "bad_nin": ("{value} er ikke et gyldig fødselsnummer eller D-nummer: {why:nin}.",
                "{value} is not a valid national identity number or D-number: {why:nin}."),
    "unknown_state": ("Ukjent status «{value}». Gyldige: {valid:states}.",
                      "Unknown state {value!r}. Valid: {valid:states}."),
    "unknown_state_near": ("Ukjent status «{value}». Mente du «{nearest:state}»? Gyldige: {valid:states}.",
                           "Unknown state {value!r}. Did you mean '{nearest:state}'? Valid: {valid:states}."),
    "cannot_clear": ("{name} kan ikke fjernes, bare endres.", "{name} cannot be cleared, only changed."),
    "ages_exceed_children": ("child_ages har {ages} aldre, men husstanden har {children} barn.",
                             "child_ages lists {ages} ages but the household has {children} children."),
    "nin_twice": ("Samme fødselsnummer er oppgitt to ganger.", "The same national identity number is given twice."),
    "cannot_deactivate_self": ("{login} kan ikke deaktivere seg selv.", "{login} cannot deactivate themselves."),
    "bad_outcome": ("Ukjent utfall «{value}». Gyldige: {valid}.", "Unknown outcome {value!r}. Valid: {valid}."),
    "reason_needed": ("Oppgi en begrunnelse (--reason) for å {action:action}.",
                      "Give a reason (--reason) to {action:action}."),
    "text_needed": ("Notatet er tomt.", "The note is empty."),
    "bad_name": ("{what} kan ikke være tomt.", "{what} cannot be empty."),
    "bad_login": ("«{value}» er ikke en gyldig brukerident (bokstaver, tall, . _ -).",
                  "{value!r} is not a valid login (letters, digits, . _ -)."),
    "staff_exists": ("{login} er allerede registrert.", "{login} is already registered."),
    "admin_exists": ("Databasen har allerede en administrator ({login}); legg til flere med `rto staff add`.",
                     "The database already has an admin ({login}); add staff with `rto staff add`."),
    "not_a_caseworker": ("{login} kan ikke ha saker (rolle: {role:role}).",
                         "{login} cannot hold cases (role: {role:role})."),
    "holder_inactive": ("{login} er deaktivert og kan ikke få saker.", "{login} is deactivated and cannot hold cases."),
    "bad_database_url": ("Ugyldig database-URL «{url}»: {why}. Gyldige: {valid}.",
                         "Invalid database URL {url!r}: {why}. Valid: {valid}."),
    "unsupported_database": ("rto kan ikke bruke databasen {url}: bare SQLite og PostgreSQL (med psycopg) støttes."
                             " Gyldige: {valid}.",
                             "rto cannot use the database {url}: only SQLite and PostgreSQL (with psycopg) are"
                             " supported. Valid: {valid}."),
    "database_read_only": ("Databasen {where} er skrivebeskyttet, og dette skriver til den (også det å se en sak,"
                           " som registreres i tilgangsloggen). Bruk en skrivbar database; `rto audit verify` og"
                           " `rto report` virker på en skrivebeskyttet kopi.",
                           "The database {where} is read-only, and this writes to it (looking at a case does too:"
                           " it is recorded in the access log). Use a writable database; `rto audit verify` and"
                           " `rto report` work on a read-only copy."),
    "access_needs_case_or_login": ("Oppgi en SAK eller --by BRUKERIDENT. Se `rto audit access --help`.",
                                   "Give a CASE or --by LOGIN. See `rto audit access --help`."),
    "database_unreachable": ("Får ikke kontakt med databasen {url}: {why}.",
                             "Cannot reach the database {url}: {why}."),
    "usage_missing": ("Mangler {param}. Se `{help}`.", "Missing {param}. See `{help}`."),
    "usage_bad_value": ("Ugyldig verdi for {param}: {detail} Se `{help}`.",
                        "Invalid value for {param}: {detail} See `{help}`."),
    "usage_no_such_command": ("Ukjent kommando «{name}». Se `{help}`.", "No such command {name!r}. See `{help}`."),
    "usage_no_such_command_near": ("Ukjent kommando «{name}». Mente du «{nearest}»? Se `{help}`.",
                                   "No such command {name!r}. Did you mean {nearest!r}? See `{help}`."),
    "usage_unknown_option": ("Ukjent valg {option}. Se `{help}`.", "No such option {option}. See `{help}`."),
    "usage_error": ("{detail} Se `{help}`.", "{detail} See `{help}`."),
    "diagram_to_terminal": ("Et PNG-bilde skrives ikke til terminalen: bruk -o FIL (f.eks. -o reisen.png).",
                            "A PNG image is not written to the terminal: use -o FILE (e.g. -o journey.png)."),
    "diagram_written": ("Skrev diagrammet til {path}.", "Wrote the diagram to {path}."),
    # --- not found ---
    "case_not_found": ("Fant ingen sak {case}.", "No case {case}."),
    "household_not_found": ("Fant ingen husstand {household}.", "No household {household}."),
    "staff_not_found": ("Fant ingen ansatt med brukerident {login}.", "No staff member with login {login}."),
    "database_missing": ("Databasen finnes ikke ennå ({where}). Kjør `rto init` først.",
                         "The database does not exist yet ({where}). Run `rto init` first."),
    "database_outdated": ("Databasen er på versjon {found}, denne rto trenger {needed}. Kjør `rto init`.",
                          "The database is at revision {found}; this rto needs {needed}. Run `rto init`."),
    "graphviz_missing": (
        "Fant ikke Graphviz-programmet `dot`, som trengs for --format {format}. Installer Graphviz (`apt install"
        " graphviz` eller `brew install graphviz`), eller bruk `rto diagram --format mermaid`, som ikke trenger"
        " det. Ingenting ble skrevet.",
        "Graphviz's `dot` program, which --format {format} needs, was not found. Install Graphviz (`apt install"
        " graphviz` or `brew install graphviz`), or use `rto diagram --format mermaid`, which needs nothing more."
        " Nothing was written.",
    ),
    "graphviz_package_missing": (
        "Python-pakken graphviz mangler (`pip install graphviz==0.21`); `rto diagram --format mermaid` virker"
        " uten den. Ingenting ble skrevet.",
        "The Python package graphviz is missing (`pip install graphviz==0.21`); `rto diagram --format mermaid`"
        " works without it. Nothing was written.",
    ),
    # --- not permitted ---
    "unknown_login": ("{login} er ikke registrert som ansatt; en administrator registrerer ansatte med rto staff add.",
                      "{login} is not a registered staff member; an admin registers staff with rto staff add."),
    "impersonation": (
        "Du er logget inn som {actual} og kan ikke handle som {login}: identiteten kommer fra {source:source}"
        " ([identity] source), og --as/RTO_USER godtas bare når den er «declared».",
        "You are logged in as {actual} and cannot act as {login}: identity comes from {source:source}"
        " ([identity] source), and --as/RTO_USER is honoured only when it is \"declared\".",
    ),
    "inactive_login": ("{login} er deaktivert.", "{login} is deactivated."),
    "init_needs_createrole": ("rto init lager grupperoller og innloggingsroller på PostgreSQL, så {login} må kunne"
                              " opprette roller (CREATEROLE, eller superbruker): {why}.",
                              "rto init creates group and login roles on PostgreSQL, so {login} must be able to"
                              " create roles (CREATEROLE, or a superuser): {why}."),
    "init_needs_owner": ("rto init endrer tabellene og tilgangen til dem, så den kjøres som rollen som eier dem"
                         " ({owner}), ikke som {login}.",
                         "rto init changes the tables and who may use them, so it runs as the role that owns them"
                         " ({owner}), not as {login}."),
    "role_needed": ("{login} ({role:role}) har ikke lov til dette; det krever {needed:role}.",
                    "{login} ({role:role}) may not do this; it takes {needed:role}."),
    "household_not_yours": ("{login} har ingen sak for husstand {household} og har ikke registrert den.",
                            "{login} holds no case of household {household} and did not register it."),
    "not_assigned": ("Sak {case} er tildelt {caseworker}, ikke {login}.",
                     "Case {case} is assigned to {caseworker}, not {login}."),
    "override_needs_proposal": (
        "Overstyring krever fire øyne: steget til {target:state} i sak {case} må først være forsøkt og avvist"
        " av en annen ansatt.",
        "An override takes four eyes: someone else must first have attempted the step to {target:state}"
        " in case {case} and been refused.",
    ),
    "override_own_proposal": (
        "{login} foreslo selv steget til {target:state} i sak {case} og kan ikke overstyre det (fire øyne).",
        "{login} proposed the step to {target:state} in case {case} and cannot override it (four eyes).",
    ),
    # --- conflict ---
    "conflict": ("Noen andre endret sak {case} i mellomtiden (versjon {expected} → {actual}). Ingenting ble"
                 " lagret; se saken og prøv igjen.",
                 "Someone else changed case {case} meanwhile (version {expected} → {actual}). Nothing was"
                 " written; look at the case and try again."),
    "override_not_applicable": ("--override gjelder bare steg med vilkår, ikke {target:state}.",
                                "--override applies only to guarded steps, not to {target:state}."),
    "changed_meanwhile": ("Andre endret det denne endringen bygger på, flere ganger mens den ble bestemt;"
                          " ingenting ble lagret. Prøv igjen.",
                          "Others kept changing what this change rests on while it was decided; nothing was"
                          " written. Try again."),
    "database_busy": ("Databasen er opptatt med en annen endring; ingenting ble lagret. Prøv igjen.",
                      "The database is busy with another change; nothing was written. Try again."),
    # --- audit ---
    "history_edited": ("innholdet stemmer ikke med hashen (endret)", "its content does not match its hash (edited)"),
    "history_link": ("lenken til forrige hendelse er brutt (satt inn, slettet eller flyttet)",
                     "its link to the previous event is broken (inserted, deleted or moved)"),
    "history_gap": ("hendelser mangler foran den (forventet nr. {expected})",
                    "events are missing before it (expected no. {expected})"),
    "history_order": ("rekkefølgen er endret (forventet nr. {expected})",
                      "the order was changed (expected no. {expected})"),
    "history_replay": ("den følger ikke av hendelsene før den ({source:state} → {target:state})",
                       "it does not follow from the events before it ({source:state} → {target:state})"),
    "history_unreadable": ("detaljene kan ikke leses", "its details cannot be read"),
    "history_tail": ("historikken har {found} hendelser, men saken oppgir {claimed}",
                     "the history has {found} events, but the case records {claimed}"),
    "case_row_altered": ("saken er endret utenom historikken ({what})",
                         "the case row was changed outside its history ({what})"),
    "household_row_altered": ("husstanden er endret utenom historikken ({what})",
                              "the household row was changed outside its history ({what})"),
    "history_orphan": ("hendelsen tilhører ingen sak", "the event belongs to no case"),
    "history_attestation": ("hendelsene slettet før den, forseglet med en eldre hashformel, er ikke de den bekrefter"
                            " (endret)",
                            "the events erased before it, sealed by an older hash formula, are not those it vouches"
                            " for (altered)"),
    "history_erased_unrecorded": ("personopplysningene i hendelsen er slettet, men historikken har ingen "
                                  "registrert sletting etter den",
                                  "the event's personal data was erased, but no erasure is recorded after it"),
    "decision_row_altered": ("vedtak {decision} er endret utenom historikken ({what})",
                             "decision {decision} was changed outside its history ({what})"),
    "audit_failed_household": ("Historikken er endret: husstand {household}, hendelse {event}: {problem}.",
                               "The history was altered: household {household}, event {event}: {problem}."),
    "audit_failed": ("Historikken er endret: sak {case}, hendelse {event}: {problem}.",
                     "The history was altered: case {case}, event {event}: {problem}."),
    # --- audit against the sealed checkpoints ---
    "history_truncated": ("sjekkpunkt {checkpoint} ({at:moment}) forseglet {sealed}, saken har {found} (avkortet)",
                          "checkpoint {checkpoint} ({at:moment}) sealed {sealed}, the case has {found} (cut short)"),
    "history_rewritten": ("nr. {first}–{last} er ikke det sjekkpunkt {checkpoint} ({at:moment}) forseglet (endret)",
                          "nos. {first}–{last} are not what checkpoint {checkpoint} ({at:moment}) sealed (rewritten)"),
    "case_deleted": ("saken mangler; sjekkpunkt {checkpoint} ({at:moment}) forseglet {sealed} hendelser (slettet)",
                     "the case is gone; checkpoint {checkpoint} ({at:moment}) sealed {sealed} events (deleted)"),
    "case_not_sealed": ("datert {event_at:moment}, men ikke i sjekkpunkt {checkpoint} ({at:moment}) (satt inn)",
                        "dated {event_at:moment}, but not in checkpoint {checkpoint} ({at:moment}) (inserted)"),
    "event_not_sealed": ("datert {event_at:moment}; sjekkpunkt {checkpoint} ({at:moment}) har bare {sealed} (satt inn)",
                         "dated {event_at:moment}; checkpoint {checkpoint} ({at:moment}) sealed {sealed} (inserted)"),
    "checkpoint_failed": ("Sjekkpunktene kan ikke stoles på: sjekkpunkt {checkpoint} i {file}: {problem}.",
                          "The checkpoints cannot be trusted: checkpoint {checkpoint} in {file}: {problem}."),
    "checkpoint_unreadable": ("linjen kan ikke leses ({why})", "its line cannot be read ({why})"),
    "checkpoint_other_key": ("den er signert med en annen nøkkel ({found}…, ikke {expected}…)",
                             "it is signed with another key ({found}…, not {expected}…)"),
    "checkpoint_bad_signature": ("signaturen stemmer ikke (forfalsket eller endret)",
                                 "its signature does not match (forged or altered)"),
    "checkpoint_chain": ("den peker ikke på sjekkpunktet før (fjernet, satt inn eller flyttet)",
                         "it does not point to the checkpoint before (removed, inserted or moved)"),
    "checkpoint_altered": ("sakene (husstandene) den lister gir ikke røttene og antallene den signerte (endret)",
                           "the cases (households) it lists do not give the roots and counts it signed (altered)"),
    "seal_refused": ("Forsegler ikke: sak {case} stemmer ikke med sjekkpunkt {checkpoint}. Se `rto audit verify`.",
                     "Not sealed: case {case} disagrees with checkpoint {checkpoint}. See `rto audit verify`."),
    "seal_file_untrusted": ("Forsegler ikke: sjekkpunkt {checkpoint} i {file} stemmer ikke. Se `rto audit verify`.",
                            "Not sealed: checkpoint {checkpoint} in {file} does not verify. See `rto audit verify`."),
    "signing_key_missing": ("Finner ikke signeringsnøkkelen {path}; lag en med `rto audit keygen`.",
                            "No signing key at {path}; make one with `rto audit keygen`."),
    "cannot_read": ("Kan ikke lese {path}: {why}.", "Cannot read {path}: {why}."),
    "key_file_exists": ("{path} finnes allerede; rto skriver aldri over en nøkkel.",
                        "{path} already exists; rto never overwrites a key."),
    "key_paths_same": ("--private og --public må være to ulike filer.", "--private and --public must be two files."),
    "checkpoints_need_key": ("--checkpoints trenger --public-key, nøkkelen de kontrolleres med.",
                             "--checkpoints needs --public-key, the key they are checked with."),
    "checkpoints_busy": ("En annen forsegling skriver til {path}; prøv igjen.",
                         "Another seal is writing to {path}; try again."),
    **CONFIGURATION,
    **PEOPLE,
    **OVERVIEW,
    **REPORT,
    **AUDIT,
}


class Formats(Protocol):
    """How amounts, dates and percentages are written in one language."""

    def amount(self, value: int) -> str: ...

    def day(self, iso: str) -> str: ...

    def percent(self, value: float) -> str: ...

    def moment(self, at: datetime) -> str: ...


class _Formatter(string.Formatter):
    def __init__(self, lang: str, formats: Formats) -> None:
        self.lang, self.formats = lang, formats

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return "–"
        if format_spec == "kr":
            return self.formats.amount(int(value))
        if format_spec == "date":
            return self.formats.day(str(value))
        if format_spec == "pct":
            return self.formats.percent(float(value))
        if format_spec == "moment":
            return self.formats.moment(datetime.fromisoformat(str(value)))
        if format_spec == "state":
            return state_label(str(value), self.lang)
        if format_spec == "states":  # codes, as a list or "a, b" (as stored in older history)
            codes = value.split(",") if isinstance(value, str) else list(value)
            quote = "{}" if self.lang == "en" else "«{}»"
            return ", ".join(quote.format(state_label(c.strip(), self.lang)) for c in codes if c.strip()) or "–"
        if format_spec == "fact":
            return fact_label(str(value), self.lang)
        if format_spec == "role":
            return " / ".join(pick(ROLE_LABELS.get(r.strip(), (r, r)), self.lang) for r in str(value).split("/"))
        if format_spec == "action":
            return pick(ACTION_LABELS.get(str(value), (str(value), str(value))), self.lang)
        if format_spec == "source":
            words = {"os": ("innloggingen på maskinen", "the operating-system login"),
                     "database": ("databasens innlogging", "the database login")}
            return pick(words.get(str(value), (str(value), str(value))), self.lang)
        if format_spec == "pick":  # labels from configuration: [bokmål, nynorsk, English]
            texts = list(value)
            return str(texts[{"nb": 0, "nn": 1}.get(self.lang, 2)] if len(texts) == 3 else texts[0])
        if format_spec == "decision":
            return pick(DECISION_KIND_LABELS.get(str(value), (str(value), str(value))), self.lang)
        if format_spec == "dstatus":
            return pick(DECISION_STATUS_LABELS.get(str(value), (str(value), str(value))), self.lang)
        if format_spec == "msg":  # a sentence inside a sentence: {"code": ..., its parameters}
            return render(str(value["code"]), dict(value), self.lang, self.formats)
        if format_spec == "nin":
            return pick(NIN_PROBLEMS.get(str(value), (str(value), str(value))), self.lang)
        return str(super().format_field(value, format_spec))


def render(code: str, params: dict[str, Any], lang: str, formats: Formats) -> str:
    """The sentence for `code` in `lang`; an unknown code shows itself with its parameters. A code given the
    nearest valid name (`nearest`) says it with its `_near` sentence: the code a script sees stays the same."""
    if params.get("nearest") and f"{code}_near" in CATALOGUE:
        code = f"{code}_near"
    texts = CATALOGUE.get(code)
    if texts is None:
        return f"{code} {params}" if params else code
    template = (nynorsk_message(code) or texts[0]) if lang == "nn" else pick(texts, lang)
    try:
        return _Formatter(lang, formats).format(template, **params)
    except (KeyError, IndexError, ValueError):
        return f"{template} {params}"
