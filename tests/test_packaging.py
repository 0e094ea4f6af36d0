"""`rto` installed as an application, the way `pipx install .` does it: a wheel in a virtual environment of
its own, run from outside the repository."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_installed_into_a_fresh_environment_runs_the_demo_from_anywhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                    "-w", str(wheels)], check=True, capture_output=True, timeout=300)
    [wheel] = wheels.glob("rto-*.whl")

    target = tmp_path / "app"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    # The product from the wheel; its dependencies from this environment (a .pth line adds them to the path
    # after the new environment's own, so nothing of the repository, editable install included, is seen).
    own = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              check=True, capture_output=True, text=True).stdout.strip())
    (own / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True,
                   capture_output=True, timeout=300)

    env = {k: v for k, v in os.environ.items() if not k.startswith("RTO_") and k != "PYTHONPATH"}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([python, "-c", "import workflow, commands; print(workflow.__file__, commands.__file__)"],
                           cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout
    assert str(ROOT) not in where and str(target) in where, where

    rto = target / "bin" / "rto"
    helped = subprocess.run([rto, "--help"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0 and "rto init" in helped.stdout, helped.stderr
    demo = subprocess.run([rto, "demo", "--months", "3", "--households", "6", "--dir", str(tmp_path / "demo")],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    assert "Innflyttet" in demo.stdout and (tmp_path / "demo" / "rapport.html").exists()
