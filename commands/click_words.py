"""Click's own sentences (usage errors, help headings) in bokmål, nynorsk and English, keyed by click's
English; commands/language.py hands them to click."""

from __future__ import annotations


def _w(nb: str, nn: str, en: str) -> tuple[str, str, str]:
    return (nb, nn, en)


_SENTENCES: list[tuple[str, str, str]] = [
    _w("Bruk:", "Bruk:", "Usage:"),
    _w("Valg", "Val", "Options"),
    _w("Kommandoer", "Kommandoar", "Commands"),
    _w("Argumenter", "Argument", "Positional arguments"),
    _w("Vis denne hjelpen og avslutt.", "Vis denne hjelpa og avslutt.", "Show this message and exit."),
    _w("Vis versjonen og avslutt.", "Vis versjonen og avslutt.", "Show the version and exit."),
    _w("%(prog)s, versjon %(version)s", "%(prog)s, versjon %(version)s", "%(prog)s, version %(version)s"),
    _w("Feil: {message}", "Feil: {message}", "Error: {message}"),
    _w(
        "Se «{command} {option}» for hjelp.",
        "Sjå «{command} {option}» for hjelp.",
        "Try '{command} {option}' for help.",
    ),
    _w("Avbrutt.", "Avbrote.", "Aborted!"),
    _w("Ukjent kommando «{name}».", "Ukjend kommando «{name}».", "No such command {name!r}."),
    _w("Mente du {possibility}?", "Meinte du {possibility}?", "Did you mean {possibility}?"),
    _w(
        "(Mente du en av disse: {possibilities}?)",
        "(Meinte du ein av desse: {possibilities}?)",
        "(Did you mean one of: {possibilities}?)",
    ),
    _w("Ukjent valg «{name}».", "Ukjend val «{name}».", "No such option {name!r}."),
    _w("Mangler kommando.", "Manglar kommando.", "Missing command."),
    _w("Mangler argument", "Manglar argument", "Missing argument"),
    _w("Mangler valg", "Manglar val", "Missing option"),
    _w("Mangler parameter", "Manglar parameter", "Missing parameter"),
    _w("Mangler {param_type}", "Manglar {param_type}", "Missing {param_type}"),
    _w("Mangler parameter: {param_name}", "Manglar parameter: {param_name}", "Missing parameter: {param_name}"),
    _w(
        "Ugyldig verdi for {param_hint}: {message}",
        "Ugyldig verdi for {param_hint}: {message}",
        "Invalid value for {param_hint}: {message}",
    ),
    _w("Ugyldig verdi: {message}", "Ugyldig verdi: {message}", "Invalid value: {message}"),
    _w(
        "«{value}» er ikke en av {choices}.",
        "«{value}» er ikkje ein av {choices}.",
        "{value!r} is not one of {choices}.",
    ),
    _w("«{value}» er ikke {choice}.", "«{value}» er ikkje {choice}.", "{value!r} is not {choice}."),
    _w("Velg blant:\n\t{choices}", "Vel mellom:\n\t{choices}", "Choose from:\n\t{choices}"),
    _w(
        "«{value}» er ikke et gyldig tall.",
        "«{value}» er ikkje eit gyldig tal.",
        "{value!r} is not a valid {number_type}.",
    ),
    _w(
        "{value} er utenfor området {range}.",
        "{value} er utanfor området {range}.",
        "{value} is not in the range {range}.",
    ),
    _w(
        "«{value}» er ikke en gyldig ja/nei-verdi. Gyldige: {states}",
        "«{value}» er ikkje ein gyldig ja/nei-verdi. Gyldige: {states}",
        "{value!r} is not a valid boolean. Recognized values: {states}",
    ),
    _w(
        "«{value}» passer ikke med formatet {format}.",
        "«{value}» passar ikkje med formatet {format}.",
        "{value!r} does not match the format {format}.",
    ),
    _w(
        "«{value}» passer ikke med formatene {formats}.",
        "«{value}» passar ikkje med formata {formats}.",
        "{value!r} does not match the formats {formats}.",
    ),
    _w("Valget «{name}» tar ingen verdi.", "Valet «{name}» tek ingen verdi.", "Option {name!r} does not take a value."),
    _w("Valget «{name}» trenger en verdi.", "Valet «{name}» treng ein verdi.", "Option {name!r} requires an argument."),
    _w(
        "Valget «{name}» trenger {nargs} verdier.",
        "Valet «{name}» treng {nargs} verdiar.",
        "Option {name!r} requires {nargs} arguments.",
    ),
    _w(
        "Argumentet «{name}» tar {nargs} verdier.",
        "Argumentet «{name}» tek {nargs} verdiar.",
        "Argument {name!r} takes {nargs} values.",
    ),
    _w("Tar {nargs} verdier, men fikk 1.", "Tek {nargs} verdiar, men fekk 1.", "Takes {nargs} values but 1 was given."),
    _w(
        "Tar {nargs} verdier, men fikk {len}.",
        "Tek {nargs} verdiar, men fekk {len}.",
        "Takes {nargs} values but {len} were given.",
    ),
    _w("Uventet argument ({args})", "Uventa argument ({args})", "Got unexpected extra argument ({args})"),
    _w("Uventede argumenter ({args})", "Uventa argument ({args})", "Got unexpected extra arguments ({args})"),
    _w("{name} «{filename}» finnes ikke.", "{name} «{filename}» finst ikkje.", "{name} {filename!r} does not exist."),
    _w("{name} «{filename}» er en mappe.", "{name} «{filename}» er ei mappe.", "{name} {filename!r} is a directory."),
    _w("{name} «{filename}» er en fil.", "{name} «{filename}» er ei fil.", "{name} {filename!r} is a file."),
    _w(
        "{name} «{filename}» kan ikke leses.",
        "{name} «{filename}» kan ikkje lesast.",
        "{name} {filename!r} is not readable.",
    ),
    _w(
        "{name} «{filename}» kan ikke skrives.",
        "{name} «{filename}» kan ikkje skrivast.",
        "{name} {filename!r} is not writable.",
    ),
    _w(
        "Kan ikke åpne filen «{filename}»: {message}",
        "Kan ikkje opne fila «{filename}»: {message}",
        "Could not open file {filename!r}: {message}",
    ),
    _w("fil", "fil", "file"),
    _w("mappe", "mappe", "directory"),
    _w("sti", "sti", "path"),
    _w("standard: {default}", "standard: {default}", "default: {default}"),
    _w("miljøvariabel: {var}", "miljøvariabel: {var}", "env var: {var}"),
    _w("påkrevd", "påkravd", "required"),
    _w("Vil du fortsette?", "Vil du halde fram?", "Do you want to continue?"),
]

CLICK_WORDS: dict[str, tuple[str, str, str]] = {en: (nb, nn, en) for nb, nn, en in _SENTENCES}

# Placeholders in usage lines and option lists (an argument's name, an option's metavar): bokmål, nynorsk.
METAVARS: dict[str, tuple[str, str]] = {
    "AGES": ("ALDRE", "ALDRAR"),
    "CASE_ID": ("SAK", "SAK"),
    "DATE": ("DATO", "DATO"),
    "DECISION_ID": ("VEDTAK", "VEDTAK"),
    "EMAIL": ("E-POST", "E-POST"),
    "FILE": ("FIL", "FIL"),
    "HOUSEHOLD_ID": ("HUSSTAND", "HUSHALD"),
    "KEY": ("NØKKEL", "NØKKEL"),
    "KEY=VALUE...": ("NØKKEL=VERDI...", "NØKKEL=VERDI..."),
    "LOGIN": ("BRUKERIDENT", "BRUKARIDENT"),
    "MEMBER": ("MEDLEM", "MEDLEM"),
    "MEMBER_ID": ("MEDLEM", "MEDLEM"),
    "N": ("N", "N"),
    "NAME": ("NAVN", "NAMN"),
    "NUMBER": ("NUMMER", "NUMMER"),
    "STATE": ("STATUS", "STATUS"),
    "STATUS": ("STATUS", "STATUS"),
    "TEXT": ("TEKST", "TEKST"),
    "UNIT": ("BOLIG", "BUSTAD"),
    "INTEGER": ("HELTALL", "HEILTAL"),
    "INTEGER RANGE": ("HELTALL", "HEILTAL"),
    "FLOAT": ("TALL", "TAL"),
    "URL": ("URL", "URL"),
    "YYYY-MM-DD": ("ÅÅÅÅ-MM-DD", "ÅÅÅÅ-MM-DD"),
}
