"""The catalogue's sentences about configuration and policy files, in bokmål and English (nynorsk by code in
states/nynorsk_messages.py); merged into states/messages.py's CATALOGUE."""

from __future__ import annotations

CONFIGURATION: dict[str, tuple[str, str]] = {
    # --- configuration ---
    "identity_key_exposed": ("Nøkkelen for fødselsnumre {path} kan leses av andre; gjør den privat:"
                             " chmod 600 {path}.",
                             "The identity-number key {path} is readable by others; make it private:"
                             " chmod 600 {path}."),
    "identity_key_bad": ("{path} er ikke en nøkkel for fødselsnumre (32 byte i base64).",
                         "{path} is not an identity-number key (32 bytes in base64)."),
    "identity_key_wrong": ("Fødselsnumrene kan ikke leses med nøkkelen {path}: feil nøkkelfil.",
                           "The identity numbers cannot be read with the key {path}: the wrong key file."),
    "identity_key_unwritable": ("Kan ikke lage nøkkelen for fødselsnumre {path}: {why}.",
                                "Cannot create the identity-number key {path}: {why}."),
    "identity_needs_postgres": (
        "[identity] source = \"database\" krever PostgreSQL (databasen er {dialect}); bruk os eller declared.",
        "[identity] source = \"database\" needs PostgreSQL (the database is {dialect}); use os or declared.",
    ),
    "config_unreadable": ("Kan ikke lese konfigurasjonen {path}: {why}.",
                          "Cannot read the configuration {path}: {why}."),
    "config_bad_value": ("Konfigurasjon: {key} = «{value}» er ugyldig; gyldig: {valid}.",
                         "Configuration: {key} = {value!r} is invalid; valid: {valid}."),
    "policy_empty": ("Konfigurasjonen har ingen [[policy]]-oppføringer.",
                     "The configuration has no [[policy]] entries."),
    "policy_incomplete": ("Den første policy-oppføringen ({day}) mangler {keys}.",
                          "The first policy entry ({day}) lacks {keys}."),
    "policy_needs_from": ("{where} mangler en gyldig `from`-dato (ÅÅÅÅ-MM-DD).",
                          "{where} lacks a valid from date (YYYY-MM-DD)."),
    "policy_bad_number": ("{where}: {key} må være et tall ≥ 0{never}.", "{where}: {key} must be a number >= 0{never}."),
    "policy_bad_table": ("{where}: {key} må være en tabell av hele tall ≥ 0{never} med nøklene {keys}.",
                         "{where}: {key} must be a table of whole numbers >= 0{never} with the keys {keys}."),
    "policy_bad_terms": ("Policy fra {day}: standard_term_years må være minst 1 og høyst max_term_years.",
                         "Policy from {day}: standard_term_years must be at least 1 and at most max_term_years."),
    "policy_bad_choice": ("{where}: {key} må være en av {valid}.", "{where}: {key} must be one of {valid}."),
    "policy_bad_text": ("{where}: {key} må være en tekst.", "{where}: {key} must be a text."),
    "policy_unknown_key": ("{where}: ukjent nøkkel {key}. Gyldige: {valid}.",
                           "{where}: unknown key {key}. Valid: {valid}."),
}
