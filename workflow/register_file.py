"""Reading a tenant register's CSV export (`rto household import`): every row checked, every problem named.

UTF-8 with or without a byte-order mark, `,` or `;` between values (the header row says which), the columns
of cli.md, or a register's own headers renamed with `--map COLUMN=FIELD`. A row is read into the values a
household holds; a problem names the file's line, its column (as the file calls it) and what is valid, and
every problem of the file is found before any is reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from states.errors import DomainError, InvalidInput
from states.facts import parse_fact, plain_text
from states.purchasing_power import FIGURES
from workflow.identity import IdentityNumber, validate_nin

FIELDS = ("external_id", "name", "email", "unit", "adults", "children_ages", "nin", "income_monthly",
          "income_predictable", "debt_monthly", "fixed_costs_monthly", "equity", "tenant_since")
REQUIRED = ("external_id", "name")
# the import's field -> the household's column (figures are kept apart, dated)
COLUMNS = {"name": "name", "email": "email", "unit": "municipal_unit", "adults": "adults",
           "children_ages": "child_ages", "tenant_since": "tenant_since"}


class BadRows(InvalidInput):
    """A register file with rows that cannot be taken: each listed, nothing written."""

    def __init__(self, file: str, problems: Sequence[dict[str, Any]]) -> None:
        super().__init__("import_bad_rows", file=file, count=len(problems), rows=list(problems))
        from states.errors import Requirement

        self.requirements = [Requirement(p["problem"], p) for p in problems]


@dataclass(frozen=True)
class RegisterRow:
    line: int
    external_id: str
    values: dict[str, Any]  # household columns (only those the file has)
    figures: dict[str, Any]  # FIGURES the file has
    nins: list[IdentityNumber] | None  # None: the file has no nin column
    problems: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterFile:
    name: str
    columns: list[str]  # the fields the file has
    ignored: list[str]  # the file's columns that are not fields
    rows: list[RegisterRow]


def parse_maps(pairs: Sequence[str]) -> dict[str, str]:
    """`--map COLUMN=FIELD` words as {the file's column: the field}."""
    maps: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or target.strip() not in FIELDS:
            raise InvalidInput("import_bad_map", word=pair, valid=", ".join(FIELDS))
        maps[column.strip()] = target.strip()
    return maps


def read_register(path: str, maps: dict[str, str], accept_synthetic: bool,
                  progress: Callable[[int], None] | None = None) -> RegisterFile:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise InvalidInput("import_unreadable", file=path, why=err.strerror or str(err)) from None
    except UnicodeDecodeError as err:
        raise InvalidInput("import_not_utf8", file=path, at=err.start) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise InvalidInput("import_empty", file=path)
    names = [maps.get(h.strip(), h.strip()) for h in header]
    fields = [n for n in names if n in FIELDS]
    twice = sorted({n for n in fields if fields.count(n) > 1})
    missing = [n for n in REQUIRED if n not in fields]
    if twice or missing:
        raise InvalidInput("import_bad_header", file=path, missing=", ".join(missing) or "–",
                           twice=", ".join(twice) or "–", valid=", ".join(FIELDS))
    shown = {n: h.strip() for n, h in zip(names, header, strict=True)}  # field -> the file's own column
    rows: list[RegisterRow] = []
    seen: dict[str, int] = {}
    nins_seen: dict[str, int] = {}
    for index, cells in enumerate(reader):
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        row = _row(line, dict(zip(names, cells, strict=False)), fields, shown, len(cells) != len(header),
                   accept_synthetic)
        if row.external_id:
            if row.external_id in seen:
                row.problems.append({"line": line, "column": shown["external_id"], "problem": "import_twice",
                                     "value": row.external_id, "first": seen[row.external_id]})
            seen.setdefault(row.external_id, line)
        for number in row.nins or []:
            if number.number in nins_seen:
                row.problems.append({"line": line, "column": shown["nin"], "problem": "import_nin_twice",
                                     "value": number.number[:6] + "*****", "first": nins_seen[number.number]})
            nins_seen.setdefault(number.number, line)
        rows.append(row)
        if progress is not None and index % 500 == 499:
            progress(500)
    return RegisterFile(path, fields, [h for h, n in zip(header, names, strict=True) if n not in FIELDS], rows)


def _row(line: int, cells: dict[str, str], fields: list[str], shown: dict[str, str], ragged: bool,
         accept_synthetic: bool) -> RegisterRow:
    problems: list[dict[str, Any]] = []

    def problem(name: str, err: DomainError | None, code: str = "", **params: Any) -> None:
        column = shown.get(name, name)
        what = {"code": err.code, **err.params} if err else {"code": code, **params}
        for key in ("name", "what"):
            if key in what:
                what[key] = column  # the sentence names the file's column, not the fact it is read as
        problems.append({"line": line, "column": column, "problem": "import_cell", "why": what})

    if ragged:
        problems.append({"line": line, "column": "–", "problem": "import_ragged"})
    external = (cells.get("external_id") or "").strip()
    if not external or len(external) > 100 or not external.isprintable():
        problem("external_id", None, "import_needs_id")
    values: dict[str, Any] = {}
    figures: dict[str, Any] = {}
    nins: list[IdentityNumber] | None = None
    for name in fields:
        raw = (cells.get(name) or "").strip()
        try:
            if name == "external_id":
                continue
            if name == "nin":
                nins = [validate_nin(n, accept_synthetic=accept_synthetic) for n in raw.split()]
            elif name in FIGURES:
                figures[name] = parse_fact(name, raw)
            elif name == "name":
                values["name"] = plain_text(name, raw)
            elif name == "children_ages":
                ages = parse_fact("child_ages", ",".join(raw.replace(",", " ").split())) if raw else []
                values["child_ages"], values["children"] = ages, len(ages)
            elif name == "adults":
                values["adults"] = parse_fact("adults", raw or "1")
            elif name == "tenant_since":
                values["tenant_since"] = parse_fact("certificate_issued", raw) if raw else None
            else:
                values[COLUMNS[name]] = parse_fact("municipal_unit" if name == "unit" else "email", raw)
        except DomainError as err:
            problem(name, err)
    return RegisterRow(line, external, values, figures, nins, problems)
