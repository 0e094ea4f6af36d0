"""Every string a user reads, in bokmål, nynorsk and English: help, click's own words, messages and labels.

A string missing in a language, or left in English in bokmål or nynorsk, fails here. "Left in English" is a
heuristic: a handful of English words that no Norwegian sentence uses, looked for outside of what is typed
(commands, options, codes, placeholders)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Any

import click
import pytest
from conftest import InProcessRto
from helpers import facts_for, grant_help, new_case

import cli
from commands.app import load_commands
from commands.click_words import CLICK_WORDS, METAVARS
from commands.help_nb import HELP_NB
from commands.help_nn import HELP_NN
from commands.language import SHARED_OPTIONS, help_key, walk
from states.messages import CATALOGUE
from states.nynorsk_messages import NN_MESSAGES
from states.nynorsk_words import NN_WORDS

ENGLISH = {"the", "and", "is", "not", "of", "with", "from", "which", "this", "that", "only", "must", "cannot",
           "usage", "options", "commands", "error", "missing", "invalid", "unknown", "such", "mean", "try",
           "message", "exit", "refused", "valid", "given", "value", "been", "was", "were",
           "required", "default", "should", "your", "there", "where", "what", "who", "has"}
NYNORSK_ONLY = {"ikkje", "eit", "ein", "berre", "kva", "kven", "vert", "sjå", "frå", "hushald", "ukjend", "meinte",
                "manglar", "vere"}  # never bokmål


def english_words(text: str) -> set[str]:
    """The English words in `text` once what is typed is taken out (code, commands, options, names)."""
    text = re.sub(r"`[^`]*`|\{[^}]*\}|'[^']*'|«[^»]*»|\"[^\"]*\"", " ", text)
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith(("rto ", "RTO_")))
    text = re.sub(r"(?<!\w)--?[\w-]+|\w+_\w+|\w+=\w*|\[[^\]]*\]|[A-Z]{2,}\w*", " ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text.lower())} & ENGLISH


def modules_word_tables() -> Iterator[tuple[str, str, str, str]]:
    """Every (bokmål, English) word table the product prints from: (table, key, bokmål, English)."""
    import importlib

    for name in ("states.labels", "commands.output", "commands.affordability_text", "commands.policy",
                 "workflow.policy_view"):
        module = importlib.import_module(name)
        for table, value in vars(module).items():
            if table.isupper() and isinstance(value, dict) and value and all(
                    isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, str) for x in v)
                    for v in value.values()):
                for key, (nb, en) in value.items():
                    yield f"{name}.{table}", key, nb, en


load_commands()  # first: the commands register in the journey's order, whatever this file imports after
WORDS = list(modules_word_tables())


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def looks_like_a_name(nb: str) -> bool:
    """A code, an acronym or a word both languages share ('Status', 'Median', 'PDF')."""
    words = re.sub(r"\{[^}]*\}", "", nb)  # a template of placeholders only ('{state:state} {days} d')
    return bool(re.fullmatch(r"[\w./ -]{1,12}", nb)) or not re.search(r"[a-zæøå]{4,}", words)


# --- the catalogue ---

@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_has_nynorsk_with_the_same_placeholders(code: str) -> None:
    nb, en = CATALOGUE[code]
    assert code in NN_MESSAGES, f"{code} has no nynorsk (states/nynorsk_messages.py)"
    nn = NN_MESSAGES[code]
    assert fields(nn) == fields(nb) == fields(en), code
    assert nb != en or looks_like_a_name(nb), f"{code}: the bokmål is the English"
    assert not english_words(nb), (code, english_words(nb), nb)
    assert not english_words(nn), (code, english_words(nn), nn)


def test_no_nynorsk_is_left_over_for_a_message_that_is_gone() -> None:
    assert not set(NN_MESSAGES) - set(CATALOGUE)


@pytest.mark.parametrize(("table", "key", "nb", "en"), WORDS, ids=[f"{t}:{k}" for t, k, _, _ in WORDS])
def test_every_word_and_label_has_nynorsk(table: str, key: str, nb: str, en: str) -> None:
    assert nb in NN_WORDS, f"{table}[{key!r}]: no nynorsk for {nb!r} (states/nynorsk_words.py or _screens.py)"
    assert fields(NN_WORDS[nb]) == fields(nb), (table, key)
    assert nb != en or looks_like_a_name(nb), f"{table}[{key!r}]: the bokmål is the English"
    assert not english_words(nb) and not english_words(NN_WORDS[nb]), (table, key)


def test_click_s_own_sentences_have_bokmål_and_nynorsk() -> None:
    for en, (nb, nn, same) in CLICK_WORDS.items():
        assert same == en and nb and nn and nb != en, en
        assert not english_words(nb) and not english_words(nn), en


def test_every_message_template_is_in_bokmål_nynorsk_and_english() -> None:
    """Emails and letters: each template folder has the same parts in each language (the report aside, which
    its own test covers), signed by the municipality's unit, not by the program."""
    from notifications.messages import templates_folder

    root = templates_folder()
    not_messages = ("_layout", "report", "__pycache__")  # (bytecode of templates/__init__.py)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in not_messages):
        parts = {lang: sorted(f.name for f in (folder / lang).iterdir()) for lang in ("nb", "nn", "en")
                 if (folder / lang).is_dir()}
        assert set(parts) == {"nb", "nn", "en"}, (folder.name, sorted(parts))
        assert parts["nb"] == parts["nn"] == parts["en"], folder.name
        for lang in ("nb", "nn"):
            for part in parts[lang]:
                text = (folder / lang / part).read_text(encoding="utf-8")
                assert "Hilsen rto" not in text and "Helsing rto" not in text, (folder.name, lang, part)
                assert "står i tilstanden" not in text and "personnummer" not in text, (folder.name, lang, part)


# --- help ---

COMMANDS = list(walk(load_commands()))
OPTIONS = [(path, help_key(path, p)) for path, c in COMMANDS for p in c.params
           if isinstance(p, click.Option) and not p.hidden]


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_command_and_option_has_help_in_bokmål_and_nynorsk(lang: str) -> None:
    texts = HELP_NB if lang == "nb" else HELP_NN
    missing = [path or "rto" for path, _ in COMMANDS if (path or "rto") not in texts]
    missing += [key for _, key in OPTIONS if key not in texts]
    assert not missing, f"no {lang} help (commands/help_{lang}.py) for: {missing}"
    used = {path or "rto" for path, _ in COMMANDS} | {key for _, key in OPTIONS} | set(SHARED_OPTIONS)
    assert not set(texts) - used, f"help for commands that are gone: {set(texts) - used}"
    assert set(HELP_NB) == set(HELP_NN)


def help_of(path: str, lang: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    code = cli.main(["--lang", lang, *path.split(), "--help"])
    out = capsys.readouterr().out
    assert code == 0
    return out


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[p or "rto" for p, _ in COMMANDS])
def test_every_help_reads_in_its_language(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    bokmål, nynorsk, english = (help_of(path, lang, capsys) for lang in ("nb", "nn", "en"))
    example = ("Eksempel", "Døme", "Example") if path else ("Start:", "Start:", "Start:")  # `rto` starts the day
    assert bokmål.startswith("Bruk: ") and example[0] in bokmål and not english_words(bokmål), (
        english_words(bokmål), bokmål)
    assert nynorsk.startswith("Bruk: ") and example[1] in nynorsk and not english_words(nynorsk), (
        english_words(nynorsk), nynorsk)
    assert english.startswith("Usage: ") and example[2] in english
    assert len({bokmål, nynorsk, english}) == 3


def test_placeholders_in_help_are_in_the_language_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Bruk: rto case set [VALG] SAK NØKKEL=VERDI..." in help_of("case set", "nb", capsys)
    assert "Bruk: rto case set [VAL] SAK NØKKEL=VERDI..." in help_of("case set", "nn", capsys)
    assert "Usage: rto case set [OPTIONS] CASE_ID KEY=VALUE..." in help_of("case set", "en", capsys)
    assert all(nb and nn for nb, nn in METAVARS.values())


# --- what a caseworker types wrong ---

MISTAKES = [["case", "advnce", "1", "motivated"], ["case", "list", "--state", "flyttet"],
            ["household", "add", "--name", "Familien Berg", "--adults", "to"],
            ["case", "set", "1", "income_montly=52000"], ["case", "advance", "1", "motivatd"],
            ["case", "close", "1", "--outcome", "moved", "--reason", "x"], ["case", "show"],
            ["case", "list", "--stalled=ja"], ["staff", "add", "per", "--role", "boss"]]


@pytest.mark.parametrize("args", MISTAKES, ids=[" ".join(m) for m in MISTAKES])
def test_a_mistake_is_answered_only_in_norwegian_in_bokmål_and_only_in_nynorsk_in_nynorsk(
        rto: InProcessRto, args: list[str]) -> None:
    if "1" in args:
        assert rto("household", "add", "--name", "Familien Berg", "--adults", "2").code == 0
        assert rto("case", "open", "1").code == 0
    bokmål, nynorsk, english = (rto("--lang", lang, *args) for lang in ("nb", "nn", "en"))
    for result in (bokmål, nynorsk, english):
        assert result.code == 2 and result.out == "", result
    assert not english_words(bokmål.err), (english_words(bokmål.err), bokmål)
    assert not english_words(nynorsk.err), (english_words(nynorsk.err), nynorsk)
    assert NYNORSK_ONLY & set(re.findall(r"\w+", nynorsk.err.lower())), nynorsk
    assert not NYNORSK_ONLY & set(re.findall(r"\w+", bokmål.err.lower())), bokmål
    assert english_words(english.err) or "Did you mean" in english.err, english


def test_the_nearest_valid_name_is_suggested(rto: InProcessRto) -> None:
    rto("household", "add", "--name", "Familien Berg", "--adults", "2")
    rto("case", "open", "1")
    assert "Mente du «advance»?" in rto("case", "advnce", "1", "motivated").err
    assert "Mente du «innflyttet»?" in rto("case", "list", "--state", "flyttet").err
    assert "Meinte du «innflytta»?" in rto("--lang", "nn", "case", "list", "--state", "flyttet").err
    assert "Mente du income_monthly?" in rto("case", "set", "1", "income_montly=52000").err
    refused = rto("case", "advance", "1", "innflyttet", "--json")
    assert refused.code == 3 and "Mulige steg: «motivert», «på vent», «avsluttet»" in refused.err
    # the code a script reads stays the same, with the suggestion beside it
    document = rto("case", "list", "--state", "flyttet", "--json").json
    assert document["error"]["code"] == "unknown_state" and document["error"]["params"]["nearest"] == "moved_in"


def test_an_unknown_command_is_answered_in_the_language_asked_for_before_it(rto: InProcessRto) -> None:
    """`--lang` comes before the command, so click stops at the command before rto has taken it."""
    assert "Ukjent kommando «kase». Mente du «case»?" in rto("kase").err
    assert "Ukjend kommando «kase». Meinte du «case»?" in rto("--lang", "nn", "kase").err
    english = rto("--lang", "en", "case", "advnce", "1")
    assert english.code == 2 and "No such command 'advnce'. Did you mean 'advance'?" in english.err, english.err


@pytest.mark.parametrize("name", ["motivert", "Motivert", "motivated"])
def test_a_state_is_taken_by_its_norwegian_name_as_by_its_code(app: Any, rto: InProcessRto, name: str) -> None:
    case_id = new_case(app)
    assert rto("case", "set", case_id, *facts_for("motivated", app.today())).code == 0
    grant_help(app, case_id)
    result = rto("case", "advance", case_id, name, "--json")
    assert result.code == 0, result
    assert result.json["state"] == "motivated"


@pytest.mark.parametrize("name", ["kartlagt", "kartlagd", "screened", "på vent", "moved in", "innflytta"])
def test_case_list_takes_a_state_in_any_of_its_names(rto: InProcessRto, name: str) -> None:
    result = rto("case", "list", "--state", name, "--json")
    assert result.code == 0, result
    assert result.json == []


def test_yes_and_no_are_ja_and_nei(app: Any, rto: InProcessRto) -> None:
    case_id = new_case(app)
    assert rto("case", "set", case_id, "consent=ja", "income_predictable=nei").code == 0
    facts = rto("case", "show", case_id, "--json").json["facts"]
    assert facts["consent"] is True and facts["income_predictable"] is False
    assert "må være ja eller nei" in rto("case", "set", case_id, "consent=kanskje").err
    assert "må vere ja eller nei" in rto("--lang", "nn", "case", "set", case_id, "consent=kanskje").err


def test_nynorsk_comes_from_the_configuration_and_the_environment(rto: InProcessRto, tmp_path: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "rto.toml"
    config.write_text('language = "nn"\n', encoding="utf-8")
    assert "Ukjend kommando «advnce»" in rto("--config", str(config), "case", "advnce").err
    monkeypatch.setenv("RTO_LANGUAGE", "nn")
    assert "Ukjend kommando «advnce»" in rto("case", "advnce").err
    assert "Fann inga sak 99" in rto("case", "show", "99").err


def test_roles_outcomes_and_statuses_are_taken_in_the_user_s_words(rto: InProcessRto) -> None:
    result = rto("--as", "adm", "staff", "add", "nils", "--name", "Nils", "--email", "n@x.no", "--role", "fagleder",
                 "--json")
    assert result.code == 0 and result.json["role"] == "supervisor", result
    assert rto("--as", "adm", "--lang", "nn", "staff", "add", "nina", "--name", "Nina", "--email", "m@x.no",
               "--role", "sakshandsamar").out.strip() == "nina (sakshandsamar)"
    refused = rto("--as", "adm", "staff", "add", "nora", "--name", "Nora", "--email", "o@x.no", "--role", "fagleiar2")
    assert refused.code == 2 and "Mente du supervisor (fagleder)?" in refused.err, refused
    assert rto("--as", "siri", "outbox", "list", "--status", "venter", "--json").code == 0
    rto("household", "add", "--name", "Familien Berg", "--adults", "2")
    rto("case", "open", "1")
    closed = rto("case", "close", "1", "--outcome", "leier privat", "--reason", "Fant en leilighet", "--json")
    assert closed.code == 0 and closed.json["state"] == "closed", closed
    assert "leier privat" in rto("case", "history", "1").out


@pytest.mark.parametrize(("env", "lang"), [({}, "nb"), ({"RTO_LANGUAGE": "nn"}, "nn"), ({"RTO_LANGUAGE": "en"}, "en"),
                                           ({"config": "nn"}, "nn")])
def test_rto_help_is_served_in_the_configured_language(env: dict[str, str], lang: str, tmp_path: Any,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    for name in ("RTO_LANGUAGE", "RTO_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    if "config" in env:
        config = tmp_path / "rto.toml"
        config.write_text(f'language = "{env["config"]}"\n', encoding="utf-8")
        monkeypatch.setenv("RTO_CONFIG", str(config))
    elif env:
        monkeypatch.setenv("RTO_LANGUAGE", env["RTO_LANGUAGE"])
    capsys.readouterr()
    assert cli.main(["--help"]) == 0
    served = (Path(cli.__file__).parent / "commands" / f"help.{lang}.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().out == served


@pytest.mark.parametrize(("lang", "amount", "number"), [("nb", "−12\u00a0500\u00a0kr", "−1,5"),
                                                         ("nn", "−12\u00a0500\u00a0kr", "−1,5"),
                                                         ("en", "−NOK\u00a012,500", "−1.5")])
def test_a_negative_amount_has_a_real_minus_sign(lang: str, amount: str, number: str) -> None:
    from notifications.formatting import LocaleFormats

    formats = LocaleFormats(lang)
    assert formats.amount(-12500) == amount and formats.number(-1.5) == number
    assert "-" not in formats.amount(-12500) and "\u2212" not in formats.amount(12500)


@pytest.mark.parametrize(("name", "initials"), [("Familien Berg", "B."), ("Kari Berg", "K. B."),
                                                ("Familie Nguyen", "N."), ("Ola og Kari Hansen", "O. K. H.")])
def test_an_email_names_a_household_by_initials_not_by_the_word_for_family(name: str, initials: str) -> None:
    from workflow.reviews import initials as initials_of

    assert initials_of(name) == initials
