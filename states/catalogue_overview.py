"""The sentences of the overview (the tenant register, purchasing power, outreach), in bokmål and English."""

from __future__ import annotations

OVERVIEW: dict[str, tuple[str, str]] = {
    "import_bad_rows": (
        "{file}: {count} rad(er) kan ikke importeres; ingenting er skrevet. Rett filen og importer igjen:",
        "{file}: {count} row(s) cannot be imported; nothing was written. Correct the file and import again:"),
    "import_cell": ("linje {line}, kolonne {column}: {why:msg}", "line {line}, column {column}: {why:msg}"),
    "import_ragged": ("linje {line}: raden har ikke like mange verdier som overskriftsraden",
                      "line {line}: the row has not as many values as the header row"),
    "import_twice": ("linje {line}, kolonne {column}: {value} står også på linje {first}",
                     "line {line}, column {column}: {value} is also on line {first}"),
    "import_nin_twice": ("linje {line}, kolonne {column}: fødselsnummeret {value} står også på linje {first}",
                         "line {line}, column {column}: the identity number {value} is also on line {first}"),
    "import_nin_registered": (
        "linje {line}, kolonne {column}: fødselsnummeret {value} er allerede registrert i husstand {household}",
        "line {line}, column {column}: the identity number {value} is already registered in household {household}"),
    "import_needs_id": ("registerets id mangler (en tekst på høyst 100 tegn)",
                        "the register's id is missing (a text of at most 100 characters)"),
    "import_bad_map": ("--map {word}: skriv KOLONNE=FELT, der FELT er ett av {valid}.",
                       "--map {word}: write COLUMN=FIELD, FIELD one of {valid}."),
    "import_unreadable": ("Kan ikke lese {file}: {why}.", "Cannot read {file}: {why}."),
    "import_not_utf8": ("{file} er ikke UTF-8 (byte {at}); eksporter registeret som UTF-8.",
                        "{file} is not UTF-8 (byte {at}); export the register as UTF-8."),
    "import_empty": ("{file} er tom: den første raden må være overskriftene.",
                     "{file} is empty: its first row must be the headers."),
    "import_bad_header": (
        "{file}: overskriftsraden mangler {missing} (to ganger: {twice}). Kolonnene er {valid}; bruk --map"
        " KOLONNE=FELT for registerets egne navn.",
        "{file}: the header row lacks {missing} (twice: {twice}). The columns are {valid}; use --map COLUMN=FIELD"
        " for the register's own names."),
    "assessment_needs_income": (
        "Husstand {household} har ingen registrert inntekt; registrer husstandens tall først (household import"
        " eller household figures).",
        "Household {household} has no income recorded; record its figures first (household import or household"
        " figures)."),
    "bad_outcome": ("Ukjent utfall {value}; gyldige er {valid}.", "Unknown outcome {value}; valid: {valid}."),
}
