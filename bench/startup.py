"""Process time of `rto --help` and `rto case show` against the bare interpreter and `import sqlmodel`.

Each pair runs alternately, many times, and the medians are compared, so a busy machine slows both
sides alike. Process time is the child's user + system CPU time (from wait4), which a loaded machine
disturbs far less than wall time; wall time is printed beside it.

rto's own modules are compiled to bytecode first, as an installed rto has them (pip compiles a wheel's
modules as it installs them, and sqlmodel's were compiled so): an editable install has none, and where
PYTHONDONTWRITEBYTECODE is set no run writes them, so every start would compile ~100 modules anew
(about 50 ms on these machines).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import BIN, HERE, clean_env, new_app, rto_env

PACKAGES = ("cli.py", "commands", "notifications", "states", "templates", "workflow")


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(cpu seconds, wall seconds) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}")
    return usage.ru_utime + usage.ru_stime, wall


def compare(subject: list[str], baseline: list[str], env: dict[str, str], runs: int = 21) -> dict[str, float]:
    for argv in (subject, baseline):  # warm the page cache and .pyc files first
        _run(argv, env)
    cpu: dict[str, list[float]] = {"subject": [], "baseline": []}
    wall: dict[str, list[float]] = {"subject": [], "baseline": []}
    for _ in range(runs):
        for key, argv in (("subject", subject), ("baseline", baseline)):
            c, w = _run(argv, env)
            cpu[key].append(c)
            wall[key].append(w)
    s_cpu, b_cpu = statistics.median(cpu["subject"]), statistics.median(cpu["baseline"])
    s_wall, b_wall = statistics.median(wall["subject"]), statistics.median(wall["baseline"])
    return {"cpu_ms": s_cpu * 1000, "baseline_cpu_ms": b_cpu * 1000, "cpu_ratio": s_cpu / b_cpu,
            "wall_ms": s_wall * 1000, "baseline_wall_ms": b_wall * 1000, "wall_ratio": s_wall / b_wall}


def _database_with_a_case(folder: Path) -> str:
    from workflow.cases import open_case, set_facts
    from workflow.households import add_household

    url = f"sqlite:///{folder / 'show.db'}"
    app = new_app(url)
    household = add_household(app, "ola", "Familien Berg", adults=2, children=2, child_ages="4,9", unit="Rovik 12").id
    case_id = open_case(app, "ola", household).id
    set_facts(app, "ola", case_id, ["consent=yes", "income_monthly=62000", "income_predictable=yes",
                                    "debt_monthly=0", "fixed_costs_monthly=0", "loan_amount=2500000"])
    app.close()
    return url


def compile_rto() -> None:
    for name in PACKAGES:
        path = HERE.parent / name
        ok = compileall.compile_file(path, quiet=1) if path.is_file() else compileall.compile_dir(path, quiet=1)
        if not ok:
            raise RuntimeError(f"{path} does not compile")


def measure(runs: int = 21) -> dict[str, dict[str, float]]:
    compile_rto()
    python, rto = str(BIN / "python"), str(BIN / "rto")
    results = {"help": compare([rto, "--help"], [python, "-c", "pass"], clean_env(), runs)}
    with tempfile.TemporaryDirectory() as tmp:
        env = rto_env(_database_with_a_case(Path(tmp)), "ola")
        results["show"] = compare([rto, "case", "show", "1"], [python, "-c", "import sqlmodel"], env, runs)
    return results


if __name__ == "__main__":
    for name, figures in measure().items():
        print(name, {k: round(v, 2) for k, v in figures.items()})
