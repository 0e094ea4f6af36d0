"""Printing: one JSON document with --json, readable Norwegian (or English) text without it."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import click

from notifications.formatting import LocaleFormats
from states.errors import Requirement
from states.labels import state_label
from states.messages import render

# The command line's own words, (bokmål, English).
LABELS: dict[str, tuple[str, str]] = {
    "case": ("Sak", "Case"),
    "household": ("Husstand", "Household"),
    "state": ("Tilstand", "State"),
    "caseworker": ("Saksbehandler", "Caseworker"),
    "opened": ("Åpnet", "Opened"),
    "in_state_since": ("I tilstanden siden", "In this state since"),
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
    "admin_registered": ("Registrerte {login} som administrator.", "Registered {login} as admin."),
    "nothing_due": ("Ingenting forfaller.", "Nothing is due."),
    "to": ("Til", "To"),
    "due": ("Forfalt", "Due"),
    "status": ("Status", "Status"),
    "attempts": ("Forsøk", "Attempts"),
    "queued": ("{count} påminnelser lagt i kø.", "{count} reminders queued."),
    "dry_run": ("{count} påminnelser ville blitt lagt i kø (prøvekjøring: ingenting er lagret).",
                "{count} reminders would be queued (dry run: nothing was written)."),
    "outbox_sent": ("Sendt: {sent} · prøves igjen senere: {retried} · feilet: {failed}",
                    "Sent: {sent} · to retry later: {retried} · failed: {failed}"),
    "scheduler_waiting": ("En annen planlegger kjører mot denne databasen; venter til den stopper ...",
                          "Another scheduler runs against this database; waiting until it stops ..."),
    "scheduler_done": ("Kjørte gjennomgang og utsending én gang.", "Ran the review and delivery once."),
    "stalled_since": ("Står stille siden", "Stalled since"),
    "continued": ("Sak {case} videreføres.", "Case {case} goes on."),
    "history_intact": ("Historikken er intakt (kontrollert: saker {cases}, hendelser {events}).",
                       "The history is intact (checked: cases {cases}, events {events})."),
}


class Output:
    def __init__(self, json_mode: bool, language: str, timezone: str) -> None:
        self.json_mode = json_mode
        self.language = language
        self.formats = LocaleFormats(language, timezone)

    # --- words ---
    def label(self, key: str, **params: str) -> str:
        nb, en = LABELS[key]
        text = nb if self.language == "nb" else en
        return text.format(**params) if params else text

    def message(self, code: str, params: dict[str, Any] | None = None) -> str:
        return render(code, params or {}, self.language, self.formats)

    def requirement(self, req: Requirement | dict[str, Any]) -> str:
        if isinstance(req, dict):
            return self.message(req["code"], req.get("params", {}))
        return self.message(req.code, req.params)

    def state(self, state: str | None) -> str:
        return state_label(state, self.language) if state else "–"

    def yesno(self, value: Any) -> str:
        return self.label("yes") if value else self.label("no")

    def kr(self, value: int) -> str:
        return self.formats.amount(value)

    def when(self, iso: str) -> str:
        return self.formats.moment(datetime.fromisoformat(iso))

    # --- printing ---
    def data(self, document: Any, human: Callable[[], None]) -> None:
        """The JSON document with --json; otherwise the human rendering."""
        if self.json_mode:
            click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
        else:
            human()

    def line(self, text: str = "") -> None:
        click.echo(text)

    def error(self, text: str) -> None:
        click.echo(text, err=True)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        cells = [[str(c) for c in headers], *[["–" if c is None else str(c) for c in r] for r in rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
        for n, row in enumerate(cells):
            click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                click.echo("  ".join("─" * w for w in widths))

    def csv(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
