"""The house rules of architecture.md, checked by scanning every import of the product's code."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"transitions", "sqlmodel", "sqlalchemy", "apscheduler", "alembic"}
STDLIB = set(sys.stdlib_module_names) | {"__future__"}


def product_files() -> list[Path]:
    files = [ROOT / "cli.py"]
    for room in ("states", "workflow", "notifications", "commands"):
        files += sorted((ROOT / room).rglob("*.py"))
    return files


def imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, top-level module, at module level) for every absolute import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name.split(".")[0], id(node) in top_level) for name in names]
    return found


def room(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def broken_rules() -> list[str]:
    problems = []
    for path in product_files():
        here = room(path)
        for line, module, _ in imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {module}"
            if here == "states" and module not in STDLIB and module != "states":
                problems.append(f"{where}: states/ may import only the standard library")
            if here == "notifications" and module in {"workflow", "cli", "commands"}:
                problems.append(f"{where}: notifications/ never imports workflow/ or the CLI")
            if here != "workflow" and module in HEAVY:
                problems.append(f"{where}: only workflow/ imports {', '.join(sorted(HEAVY))}")
            if here == "states" and module in {"workflow", "notifications", "commands", "cli"}:
                problems.append(f"{where}: the domain depends on nothing outside it")
    return problems


def test_the_rooms_import_only_what_architecture_md_allows():
    assert broken_rules() == []


def test_the_cli_never_touches_a_database_session_or_jinja2_directly():
    for path in [ROOT / "cli.py", *sorted((ROOT / "commands").rglob("*.py"))]:
        for line, module, _ in imports(path):
            assert module not in {"sqlalchemy", "sqlmodel", "jinja2"}, f"{path.name}:{line} imports {module}"


def test_cli_py_imports_nothing_heavy_at_module_level_so_help_stays_fast():
    heavy_at_top = [m for _, m, top in imports(ROOT / "cli.py") if top and m not in STDLIB]
    assert heavy_at_top == []


@pytest.mark.parametrize("path", product_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines; split it by purpose"


def test_a_broken_rule_is_caught(tmp_path, monkeypatch):
    """The scan itself works: a states/ module importing sqlalchemy is reported."""
    fake = tmp_path / "states"
    fake.mkdir()
    (fake / "bad.py").write_text("import sqlalchemy\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "product_files", lambda: [fake / "bad.py"])
    assert any("states/ may import only the standard library" in p for p in broken_rules())
