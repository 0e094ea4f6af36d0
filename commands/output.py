"""Printing: one JSON document with --json, readable Norwegian (or English) text without it."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import click

from commands.labels_overview import OVERVIEW_LABELS
from notifications.formatting import LocaleFormats
from states.errors import Requirement
from states.labels import pick, state_label
from states.messages import render
from workflow.results import plain

# The command line's own words, (bokmål, English).
LABELS: dict[str, tuple[str, str]] = {
    **OVERVIEW_LABELS,
    "case": ("Sak", "Case"),
    "household": ("Husstand", "Household"),
    "state": ("Status", "State"),
    "caseworker": ("Saksbehandler", "Caseworker"),
    "opened": ("Åpnet", "Opened"),
    "in_state_since": ("Status siden", "In this state since"),
    "last_activity": ("Siste aktivitet", "Last activity"),
    "version": ("Versjon", "Version"),
    "facts": ("Opplysninger", "Facts"),
    "no_facts": ("Ingen opplysninger registrert ennå.", "No facts recorded yet."),
    "household_facts": ("Husstanden", "The household"),
    "next": ("Neste steg", "Next steps"),
    "no_next_closed": ("Ingen: saken er avsluttet (en fagleder kan gjenåpne den).",
                       "None: the case is closed (a supervisor can reopen it)."),
    "no_next_moved_in": ("Ingen: husstanden har flyttet inn i egen bolig.",
                         "None: the household has moved into a home of its own."),
    "new_property": ("ny bolig", "new property"),
    "affordability": ("Betjeningsevne", "Affordability"),
    "income": ("Netto inntekt", "Net income"),
    "living_costs": ("− levekostnader", "− living costs"),
    "living_note": ("det høyeste av referansebudsjett {ref} og minstesats {floor}",
                    "the larger of reference budget {ref} and guideline floor {floor}"),
    "ages_assumed": ("alder ukjent for noen barn: høyeste sats brukt",
                     "some children's ages unknown: highest rate used"),
    "debt": ("− gjeld", "− debt payments"),
    "fixed_costs": ("− faste utgifter", "− fixed costs"),
    "housing": ("− boutgift", "− housing cost"),
    "housing_note": ("annuitet på {loan} til {rate} over {years} år + felleskostnader {common}",
                     "annuity on {loan} at {rate} over {years} years + common costs {common}"),
    "surplus": ("= overskudd per måned", "= monthly surplus"),
    "passes": ("holder", "passes"),
    "fails": ("holder ikke", "fails"),
    "frame": ("Kjøpsramme", "Purchase frame"),
    "frame_line": ("{price} + omkostninger {costs} = {total} mot rammen {frame}",
                   "{price} + costs {costs} = {total} against the frame {frame}"),
    "paused_from": ("satt på vent fra", "paused from"),
    "outcome": ("utfall", "outcome"),
    "outcome_h": ("Utfall", "Outcome"),
    "at": ("Tidspunkt", "When"),
    "actor": ("Hvem", "Who"),
    "kind": ("Hendelse", "Event"),
    "change": ("Endring", "Change"),
    "detail": ("Detaljer", "Details"),
    "login": ("Brukerident", "Login"),
    "name": ("Navn", "Name"),
    "email": ("E-post", "Email"),
    "role": ("Rolle", "Role"),
    "active": ("Aktiv", "Active"),
    "yes": ("ja", "yes"),
    "internal_error": ("Intern feil i rto (en bug); kjør igjen med --debug for detaljer.",
                       "Internal error in rto (a bug); run again with --debug for details."),
    "no": ("nei", "no"),
    "none": ("ingen", "none"),
    "no_cases": ("Ingen saker.", "No cases."),
    "identity_numbers": ("Fødsels-/D-nummer", "Identity numbers"),
    "adults": ("Voksne", "Adults"),
    "children": ("Barn", "Children"),
    "unit": ("Kommunal bolig", "Municipal unit"),
    "cases": ("Saker", "Cases"),
    "recorded": ("Registrert i sak {case}: {facts}", "Recorded in case {case}: {facts}"),
    "no_change": ("Ingen endring: verdiene var allerede registrert.", "No change: the values were already recorded."),
    "note_added": ("Notat lagt til i sak {case}.", "Note added to case {case}."),
    "db_created": ("Opprettet databasen {where}.", "Created the database {where}."),
    "db_upgraded": ("Oppgraderte databasen {where} ({old} → {new}).", "Upgraded the database {where} ({old} → {new})."),
    "db_current": ("Databasen er allerede oppdatert: {where}.", "The database is already up to date: {where}."),
    "identity_key_made": ("Laget nøkkelen fødselsnumrene krypteres med: {path} (bare for deg: 0600). Ta sikkerhetskopi"
                          " av den, atskilt fra databasen: uten den kan ingen lese numrene.",
                          "Made the key identity numbers are encrypted with: {path} (yours only: 0600). Back it up,"
                          " apart from the database: without it no one can read the numbers."),
    "admin_registered": ("Registrerte {login} som administrator.", "Registered {login} as admin."),
    "db_secured": ("PostgreSQL håndhever tilgangen selv for den som logger inn som sin egen rolle: gruppene {roles}"
                   " (i pg_hba.conf: +{caseworker} ...).",
                   "PostgreSQL enforces access itself for whoever logs in as their own role: the groups {roles}"
                   " (in pg_hba.conf: +{caseworker} ...)."),
    "nothing_due": ("Ingenting forfaller.", "Nothing is due."),
    "retention_rule": ("Lagringstid: {years} år etter siste sak; slettes nå: saker avsluttet før {day}. Kilde:"
                       " {source}",
                       "Retention: {years} years after the last case; erased now: cases ended before {day}. Source:"
                       " {source}"),
    "retention_activity": ("Husstander uten sak (leietakerregisteret), og med sak, regnes fra siste aktivitet i"
                           " oversikten (registrert, endret ved import, tall, vurdert, kontaktet) når den er senere.",
                           "Households without a case (the tenant register), and with one, count from their last"
                           " activity in the overview (registered, changed by an import, figures, assessed,"
                           " contacted) when that is later."),
    "overview_rows": ("Oversikt", "Overview"),
    "retention_never": ("Lagringstid: ingen (retention_years = never); ingenting slettes.",
                        "Retention: none (retention_years = never); nothing is erased."),
    "retention_none": ("Ingen husstand har passert lagringstiden.", "No household is past the retention period."),
    "retention_erased": ("Husstander slettet: {count}. Personopplysningene er borte, statistikken og historikkens"
                         " kontrollerbarhet er beholdt; slettingen er registrert i hver historikk.",
                         "Households erased: {count}. Their personal data is gone, the statistics and the histories'"
                         " verifiability are kept; the erasure is recorded in each history."),
    "retention_dry_run": ("Husstander som ville blitt slettet: {count} (prøvekjøring: ingenting er endret).",
                          "Households that would be erased: {count} (dry run: nothing was changed)."),
    "retention_kept": ("Husstand {household} (siste sak avsluttet {day}) er ikke slettet: {events} hendelser"
                       " forseglet med en eldre hashformel stemmer ikke med hashen sin (se rto audit verify).",
                       "Household {household} (last case ended {day}) was not erased: {events} events sealed by an"
                       " older hash formula do not match their hashes (see rto audit verify)."),
    "ended_on": ("Avsluttet", "Ended"),
    "values": ("Verdier", "Values"),
    "mails": ("E-poster", "Mails"),
    "to": ("Til", "To"),
    "due": ("Forfalt", "Due"),
    "status": ("Status", "Status"),
    "attempts": ("Forsøk", "Attempts"),
    "queued": ("Påminnelser lagt i kø: {count}.", "{count} reminders queued."),
    "dry_run": ("Påminnelser som ville blitt lagt i kø: {count} (prøvekjøring: ingenting er lagret).",
                "{count} reminders would be queued (dry run: nothing was written)."),
    "outbox_sent": ("Sendt: {sent} · prøves igjen senere: {retried} · feilet: {failed}",
                    "Sent: {sent} · to retry later: {retried} · failed: {failed}"),
    "scheduler_waiting": ("En annen planlegger kjører mot denne databasen; venter til den stopper ...",
                          "Another scheduler runs against this database; waiting until it stops ..."),
    "scheduler_done": ("Kjørte gjennomgang og utsending én gang.", "Ran the review and delivery once."),
    "scheduler_sealed": ("Forseglet sjekkpunkt {number}; kopien til faglederne er i utboksen.",
                         "Sealed checkpoint {number}; its copy to the supervisors is in the outbox."),
    "stalled_since": ("Står stille siden", "Stalled since"),
    "continued": ("Sak {case} videreføres.", "Case {case} goes on."),
    "report": ("Rapport: fra leie til eie", "Report: from renting to owning"),
    "as_of": ("per", "as of"),
    "moved_in_per_year": ("Husstander som har flyttet inn i egen bolig", "Households moved into a home of their own"),
    "year": ("År", "Year"),
    "households_h": ("Husstander", "Households"),
    "units_released": ("Kommunale boliger frigjort", "Municipal units released"),
    "median_months": ("Median tid fra åpnet sak til innflytting (måneder)", "Median months from opening to moving in"),
    "within_horizon": ("innen {months} måneder", "within {months} months"),
    "conversion": ("Andel med finansieringsbevis som kjøpte (kontrakt) innen {months} måneder",
                   "Certificate holders who bought (signed) within {months} months"),
    "never_bought": ("Andel med finansieringsbevis som ikke har kjøpt", "Certificate holders who never bought"),
    "funnel": ("Trakt: saker som nådde hvert steg", "Funnel: cases that reached each state"),
    "time_in_state": ("Tid i hver status (dager)", "Time in each state (days)"),
    "stays": ("Opphold", "Stays"),
    "median_days": ("Median", "Median"),
    "p90_days": ("90. persentil", "90th percentile"),
    "closed_by_outcome": ("Avsluttede saker etter utfall", "Closed cases by outcome"),
    "current_cases": ("Saker nå", "Cases now"),
    "cur_open": ("Åpne saker", "Open cases"),
    "cur_stalled": ("Står stille", "Stalled"),
    "cur_past_horizon": ("Åpne i mer enn {months} måneder", "Open for more than {months} months"),
    "cur_past_horizon_never": ("Åpne lenger enn horisonten (horisonten er «aldri»)",
                               "Open past the horizon (the horizon is \"never\")"),
    "cur_certificates_expiring": ("Finansieringsbevis som utløper innen {days} dager",
                                  "Certificates expiring within {days} days"),
    "cur_certificates_expired": ("Finansieringsbevis som er utløpt (åpne saker)", "Certificates expired (open cases)"),
    "caseload": ("Saker per saksbehandler", "Caseload per caseworker"),
    "open_cases": ("Åpne", "Open"),
    "stalled_cases": ("Står stille", "Stalled"),
    "reminders": ("Påminnelser", "Reminders"),
    "rem_sent": ("sendt", "sent"),
    "rem_pending": ("venter", "pending"),
    "rem_failed": ("feilet", "failed"),
    "written_to": ("Skrev {path}.", "Wrote {path}."),
    "access_show": ("så saken", "viewed the case"),
    "access_history": ("så historikken", "viewed the history"),
    "access_export": ("eksporterte", "exported"),
    "access_household": ("så husstanden", "viewed the household"),
    "access_find": ("fant husstanden etter fødselsnummer", "found the household by identity number"),
    "none_found": ("Ingen husstand har det nummeret (som du kan se).",
                   "No household holds that number (that you may see)."),
    "access_docs": ("så dokumentlisten", "viewed the papers"),
    "access_decisions": ("så vedtakene", "viewed the decisions"),
    "access_letter": ("laget vedtaksbrev", "made a decision letter"),
    "no_access": ("Ingen har sett saken ennå.", "Nobody has looked at it yet."),
    "no_access_by": ("{login} har ikke sett noen saker.", "{login} has not looked at any case."),
    "exported": ("Eksporterte {count} hendelser til {path}.", "Exported {count} events to {path}."),
    "nobody": ("ingen å sende til (ingen med e-post)", "nobody to tell (no one with an email)"),
    "history_intact": ("Historikken er intakt (kontrollert: saker {cases}, hendelser {events}; husstander"
                       " {households}, hendelser {household_events}).",
                       "The history is intact (checked: cases {cases}, events {events}; households {households},"
                       " events {household_events})."),
    "history_sealed": ("Historikken er intakt og stemmer med alle {checkpoints} sjekkpunkter (kontrollert: saker"
                       " {cases}, hendelser {events}; husstander {households}, hendelser {household_events}).",
                       "The history is intact and agrees with all {checkpoints} checkpoints (checked: cases {cases},"
                       " events {events}; households {households}, events {household_events})."),
    "keys_written": ("Skrev signeringsnøkkelen {private} (bare for deg: 0600) og den offentlige nøkkelen {public}.",
                     "Wrote the signing key {private} (yours only: 0600) and the public key {public}."),
    "key_fingerprint": ("Fingeravtrykk: {fingerprint}", "Fingerprint: {fingerprint}"),
    "keys_advice": ("Oppgi signeringsnøkkelen som [audit] signing_key, og gi den offentlige nøkkelen til dem som"
                    " kontrollerer: rto audit verify --public-key {public}",
                    "Set the signing key as [audit] signing_key, and give the public key to those who verify:"
                    " rto audit verify --public-key {public}"),
    "sealed": ("Forseglet sjekkpunkt {number} i {file} (saker {cases}, hendelser {events}; saker endret siden"
               " forrige: {changed}).", "Sealed checkpoint {number} in {file} (cases {cases}, events {events}; cases"
               " changed since the one before: {changed})."),
    "sealed_root": ("Merkle-rot: {root}", "Merkle root: {root}"),
    "sealed_mailed": ("Kopi til faglederne lagt i utboksen: {logins}", "A copy queued for the supervisors: {logins}"),
    "sealed_not_mailed": ("Ingen fagleder med e-post å sende kopien til.",
                          "No supervisor with an email to mail the copy to."),
    "demo_start": ("Demo: {households} husstander gjennom {months} måneder ({start}–{end}), frø {seed}.",
                   "Demo: {households} households through {months} months ({start}–{end}), seed {seed}."),
    "demo_folder": ("Mappe: {folder}", "Folder: {folder}"),
    "demo_month": ("Måned", "Month"),
    "demo_households": ("Husstander", "Households"),
    "demo_moved_in": ("Innflyttet", "Moved in"),
    "demo_closed": ("Avsluttet", "Closed"),
    "demo_sent": ("Påminnelser sendt", "Reminders sent"),
    "demo_story": ("Underveis: {refused_affordability} avslag på betjeningsevne (løst med {smaller_loans} mindre lån, "
                   "{grants} tilskudd og {cheaper_homes} rimeligere boliger; resten avsluttet), "
                   "{lost_bids} tapte bud, {pauses} pauser, {follow_ups} purringer etter påminnelse, "
                   "{reassigned} saker omfordelt, {continued} videreført etter 12 måneder, "
                   "{certificates_extended} finansieringsbevis forlenget, {decisions} vedtak med fire øyne, "
                   "{papers} dokumenter mottatt og {papers_waived} frafalt.",
                   "Along the way: {refused_affordability} refused by the affordability test (resolved by "
                   "{smaller_loans} smaller loans, {grants} grants and {cheaper_homes} cheaper homes; the rest "
                   "closed), {lost_bids} bids lost, {pauses} pauses, {follow_ups} follow-ups after a "
                   "reminder, {reassigned} cases reassigned, {continued} continued past 12 months, "
                   "{certificates_extended} certificates extended, {decisions} decisions with four eyes, "
                   "{papers} papers received and {papers_waived} waived."),
    "demo_database": ("Databasen:     ", "Database:      "),
    "demo_maildir": ("E-postmappen:  ", "Mail folder:   "),
    "demo_mails": ("{count} e-poster", "{count} messages"),
    "demo_html": ("HTML-rapporten:", "HTML report:   "),
    "demo_explore": ("Se selv: RTO_IDENTITY=declared rto --db {url} --as siri case list --stalled",
                     "Look around: RTO_IDENTITY=declared rto --db {url} --as siri case list --stalled"),
    "demo_took": ("Ferdig på {seconds} s. Slett {folder} når du er ferdig.",
                  "Done in {seconds} s. Delete {folder} when you are done."),
    "identity_declared": ("Merk: identiteten er oppgitt (declared): {login} blir ikke kontrollert mot innloggingen.",
                          "Note: identity is declared: {login} is not checked against any login."),
    "letter_language": ("Språk i brev", "Letter language"),
    "configured": ("som konfigurert", "as configured"),
    "member": ("Medlem", "Member"),
    "born": ("Født", "Born"),
    "age": ("Alder", "Age"),
    "identity_number": ("Fødsels-/D-nummer", "Identity number"),
    "no_members": ("Ingen medlemmer registrert ennå.", "No members recorded yet."),
    "member_removed": ("Medlem {member} er fjernet fra husstanden.", "Member {member} was removed from the household."),
    "members": ("Medlemmer", "Members"),
    "paper": ("Dokument", "Paper"),
    "needed_for": ("Trengs før", "Needed for"),
    "archive_ref": ("Arkivreferanse / begrunnelse", "Archive reference / reason"),
    "paper_recorded": ("Sak {case}: {paper} er {status}.", "Case {case}: {paper} is {status}."),
    "papers_missing": ("Mangler før neste steg", "Missing for the next step"),
    "decisions": ("Vedtak", "Decisions"),
    "decision": ("Vedtak", "Decision"),
    "decision_now": ("Vedtak {decision} er {status}.", "Decision {decision} is {status}."),
    "no_decisions": ("Ingen vedtak.", "No decisions."),
    "kind_h": ("Type", "Kind"),
    "proposed_by": ("Foreslått av", "Proposed by"),
    "decided_by": ("Avgjort av", "Decided by"),
    "content": ("Innhold", "Content"),
    "standard_content": ("(brevets standardbeskrivelse av bistanden)",
                         "(the letter's standard description of the help)"),
    "reasons": ("Begrunnelse", "Reasons"),
    "decision_note": ("Merknad", "Note"),
    "interrupted": ("Avbrutt.", "Interrupted."),
    "demo_look": ("Se selv (saker som står stille på demoens siste dag, som i rapporten):",
                  "Look around (the cases stalled on the demo's last day, as in the report):"),
    "demo_dir_used": ("{path} har allerede en database eller e-postmappe; velg en ny eller tom mappe.",
                      "{path} already holds a database or a mail folder; choose a new or empty folder."),
}


class Output:
    def __init__(self, json_mode: bool, language: str, timezone: str, stream: Any = None) -> None:
        self.json_mode = json_mode
        self.language = language
        self.formats = LocaleFormats(language, timezone)
        self.stream = stream  # None: the terminal (stdout)

    # --- words ---
    def label(self, key: str, **params: str) -> str:
        text = pick(LABELS[key], self.language)
        return text.format(**params) if params else text

    def message(self, code: str, params: dict[str, Any] | None = None) -> str:
        return render(code, params or {}, self.language, self.formats)

    def requirement(self, req: Requirement | dict[str, Any]) -> str:
        if isinstance(req, dict):
            return self.message(req["code"], req.get("params", {}))
        return self.message(req.code, req.params)

    def pick_label(self, kind: str, value: str) -> str:
        """A domain value's word: member_role, paper_status, decision_kind, decision_status, message_kind,
        outbox_status, role."""
        from states import labels

        table = {"member_role": labels.MEMBER_ROLE_LABELS, "paper_status": labels.PAPER_STATUS_LABELS,
                 "decision_kind": labels.DECISION_KIND_LABELS, "decision_status": labels.DECISION_STATUS_LABELS,
                 "message_kind": labels.MESSAGE_KIND_LABELS, "outbox_status": labels.OUTBOX_STATUS_LABELS,
                 "role": labels.ROLE_LABELS}[kind]
        return labels.pick(table.get(value, (value, value)), self.language)

    def state(self, state: str | None) -> str:
        return state_label(state, self.language) if state else "–"

    def yesno(self, value: Any) -> str:
        return self.label("yes") if value else self.label("no")

    def kr(self, value: int) -> str:
        return self.formats.amount(value)

    def when(self, at: str | datetime) -> str:
        return self.formats.moment(datetime.fromisoformat(at) if isinstance(at, str) else at)

    def day_of(self, at: str | datetime) -> str:
        """The day of a moment, in the service's zone."""
        moment = datetime.fromisoformat(at) if isinstance(at, str) else at
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return self.formats.day(aware.astimezone(self.formats.zone).date())

    # --- printing ---
    def plain(self, result: Any) -> Any:
        """A service's result as its JSON document (times in the service's zone)."""
        return plain(result, self.formats.zone)

    def data(self, result: Any, human: Callable[[], None]) -> None:
        """The result's JSON document with --json; otherwise the human rendering."""
        if self.json_mode:
            click.echo(json.dumps(self.plain(result), ensure_ascii=False, indent=2, default=str))
        else:
            human()

    def line(self, text: str = "", wrap: bool = True) -> None:
        """A line of text; on a terminal (or with COLUMNS) a long one wraps by words at its width, indented as it
        began. `wrap=False` for a line to copy whole, such as a command."""
        width = self.width() if wrap and len(text) > 40 else None
        if width and len(text) > width:
            from commands.terminal import wrapped

            text = wrapped(text, width)
        click.echo(text, file=self.stream)

    def error(self, text: str) -> None:
        click.echo(text, err=True)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], wrap: Sequence[int] | None = None) -> None:
        """Rows under a ruled heading, fitted to the terminal (`commands.terminal.table`)."""
        from commands.terminal import table

        for text in table(headers, rows, wrap, self.width(), self.colour()):
            self.line(text, wrap=False)

    def width(self) -> int | None:
        from commands import terminal

        return terminal.width(self.stream or sys.stdout)

    def colour(self) -> bool:
        from commands import terminal

        return terminal.colour(self.stream or sys.stdout)

    def styled(self, text: str, colour: str) -> str:
        """`text` in `colour` on a terminal that takes it; as it is otherwise (a pipe, NO_COLOR)."""
        return click.style(text, fg=colour) if self.colour() else text

    def csv(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)

