"""What the benchmark scripts share: a fresh database with its staff, the environment for `rto` child processes,
and running a measurement in a process of its own.

The workflow modules are imported inside the functions, as in the scripts, so that importing this module costs
a child process nothing it would not pay anyway.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workflow.bootstrap import App

HERE = Path(__file__).resolve().parent  # bench/
BIN = Path(sys.executable).parent  # the interpreter's scripts: python, rto
AS_OF = date(2026, 3, 2)  # a Monday

Staff = tuple[str, str, str, str]  # login, name, email, role
OLA: Staff = ("ola", "Ola", "ola@kommune.no", "caseworker")
SIRI: Staff = ("siri", "Siri", "siri@kommune.no", "supervisor")  # approves decisions (four eyes)


def new_app(url: str, clock: Callable[[], datetime] | None = None, staff: Iterable[Staff] = (OLA,)) -> App:
    """An App on a new database at `url` (on `clock`, else the system's), initialised by the admin `adm`, who
    then adds `staff`."""
    from workflow.bootstrap import bootstrap
    from workflow.staff import add_staff, init_database

    app = bootstrap({}, database_url=url, clock=clock)
    init_database(app, "adm", "Admin", None)
    for login, name, email, role in staff:
        add_staff(app, "adm", login, name, email, role)
    return app


def clean_env() -> dict[str, str]:
    """This process's environment without any RTO_* variable, so that no setting of the user's leaks in."""
    return {k: v for k, v in os.environ.items() if not k.startswith("RTO_")}


def rto_env(url: str, user: str) -> dict[str, str]:
    """`clean_env()` with `rto` pointed at the database `url`, acting as `user`."""
    return {**clean_env(), "RTO_DATABASE_URL": url, "RTO_USER": user, "RTO_IDENTITY": "declared"}


def run_child(module: str, function: str, *args: Any) -> Any:
    """`module.function(*args)` in a process of its own (so that its peak memory is its own): what it returns,
    printed as JSON on the child's last line. `args` must be literals (their repr is the child's code)."""
    call = f"{module}.{function}({', '.join(repr(arg) for arg in args)})"
    code = f"import sys, json; sys.path.insert(0, {str(HERE)!r}); import {module}; print(json.dumps({call}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=HERE.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
