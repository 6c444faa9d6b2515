#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11.

    python3 dev.py run [--port N]  # virtualenv, install, migrate, load catalog + seeds,
                                   # demo editor; serve (port 8000) with a background worker
    python3 dev.py test            # virtualenv, install, run the tests (pytest args may follow)

DATABASE_URL chooses the database (SQLite file db.sqlite3 by default).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed-from"
DEFAULT_PORT = 8000
DEMO_USER = "editor"
DEMO_PASSWORD = "launch-failure-2016"  # noqa: S105 - a local demo account, printed on purpose


def ensure_environment() -> None:
    """Create the virtualenv and install the project's dependencies when pyproject changed."""
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing dependencies from pyproject.toml ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def manage(*args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], check=True, cwd=ROOT)


def run(port: int) -> int:
    ensure_environment()
    manage("migrate", "--noinput")
    manage("setup_demo", "--username", DEMO_USER, "--password", DEMO_PASSWORD)
    print(
        f"\nServing at http://127.0.0.1:{port}/\n"
        f"Editors' admin: http://127.0.0.1:{port}/admin/  user: {DEMO_USER}  "
        f"password: {DEMO_PASSWORD}\n"
        "A background worker imports what editors upload. Ctrl-C stops both.\n",
        flush=True,
    )
    worker = subprocess.Popen([str(PYTHON), "manage.py", "db_worker", "--interval", "1"], cwd=ROOT)
    try:
        return subprocess.run(
            [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=ROOT
        ).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test(args: list[str]) -> int:
    ensure_environment()
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    if argv[0] == "run":
        return run(_port(argv[1:]))
    return test(argv[1:])


def _port(args: list[str]) -> int:
    """`--port N` (default 8000)."""
    if args[:1] == ["--port"] and len(args) == 2 and args[1].isdigit():
        return int(args[1])
    if args:
        print("usage: python3 dev.py run [--port N]")
        sys.exit(2)
    return DEFAULT_PORT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
