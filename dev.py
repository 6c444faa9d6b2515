#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11.

    python3 dev.py run [--port N]  # virtualenv, install, migrate, load catalog + seeds,
                                   # demo editor; serve (port 8000) with a background worker
    python3 dev.py test            # virtualenv, install, run the tests on every core (pytest
                                   # args may follow; -n 0 runs them in one process)

DATABASE_URL chooses the database (SQLite file db.sqlite3 by default).
"""

import hashlib
import os
import signal
import socket
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


class StepFailed(Exception):
    """A manage.py command dev.py ran exited with an error (it has said why)."""


def manage(*args: str) -> None:
    command = start(*args)
    try:
        code = command.wait()
    finally:
        stop(command)  # when Ctrl-C came while it ran
    if code:
        raise StepFailed(f"manage.py {args[0]} failed (exit status {code})")


def start(*args: str) -> subprocess.Popen:
    """A manage.py command in a process group of its own: Ctrl-C reaches dev.py alone, which
    then stops the command and whatever it started (runserver's reloading child) in order,
    so no process prints a traceback for a KeyboardInterrupt."""
    return subprocess.Popen([str(PYTHON), "manage.py", *args], cwd=ROOT, start_new_session=True)


def stop(command: subprocess.Popen, *, grace_seconds: float = 10) -> None:
    """SIGTERM to the command's process group (Django and the worker exit cleanly on it), then
    SIGKILL if it has not stopped after `grace_seconds` (a worker finishing a long file)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(command.pid, sig)
        except ProcessLookupError:
            return  # the whole group has exited
        try:
            command.wait(timeout=grace_seconds)
            return
        except subprocess.TimeoutExpired:
            continue


def port_in_use(port: int) -> bool:
    """Whether runserver would fail to listen on 127.0.0.1:`port` (it sets SO_REUSEADDR too,
    so a port with connections closing is free and a listening one is not)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def free_port_after(port: int) -> int:
    return next((p for p in range(port + 1, min(port + 100, 65536)) if not port_in_use(p)), 0)


def run(port: int) -> int:
    if port_in_use(port):
        suggestion = free_port_after(port)
        hint = f"; try --port {suggestion}" if suggestion else ""
        print(f"port {port} is in use{hint}", file=sys.stderr)
        return 1
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
    return serve(port)


def serve(port: int) -> int:
    """runserver and the background worker until runserver exits or Ctrl-C; then both stop."""
    worker = start("db_worker", "--interval", "1")
    server = start("runserver", f"127.0.0.1:{port}")
    try:
        return server.wait()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
        stop(server)
        stop(worker)


def test(args: list[str]) -> int:
    ensure_environment()
    # On every core (pytest-xdist); `-n 0` after it runs the tests in one process.
    parallel = ["-n", "auto"]
    return subprocess.run([str(PYTHON), "-m", "pytest", *parallel, *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    if argv[0] == "test":
        return test(argv[1:])
    port = _port(argv[1:])
    # Ctrl-C works even when whatever started dev.py had SIGINT ignored (children inherit it).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # SIGTERM (a service manager, a test) stops everything as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        return run(port)
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
        return 0
    except StepFailed as failure:
        print(failure, file=sys.stderr)
        return 1


def _port(args: list[str]) -> int:
    """`--port N` (default 8000)."""
    if args[:1] == ["--port"] and len(args) == 2 and args[1].isdigit():
        if 0 < int(args[1]) < 65536:
            return int(args[1])
    if args:
        print("usage: python3 dev.py run [--port N]")
        sys.exit(2)
    return DEFAULT_PORT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
