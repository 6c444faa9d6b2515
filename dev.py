#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11.

    python3 dev.py run [--port N]  # virtualenv, install, migrate, load catalog + seeds,
                                   # demo editor; serve (port 8000) with a background worker
    python3 dev.py test            # virtualenv, install, run the tests on every core (pytest
                                   # args may follow; -n 0 runs them in one process)
    python3 dev.py lock            # after a change to pyproject.toml's dependencies: write
                                   # the lock files again (uv options may follow, such as
                                   # --upgrade-package django)

DATABASE_URL chooses the database (SQLite file db.sqlite3 by default).
"""

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed-from"
DEFAULT_PORT = 8000
DEMO_USER = "editor"
DEMO_PASSWORD = "launch-failure-2016"  # noqa: S105 - a local demo account, printed on purpose

# The lock files: every package and version, with the hashes of its files on PyPI, written by
# uv from pyproject.toml (`python3 dev.py lock`), read by pip with --require-hashes. The first
# has every extra, and the others are held to its versions, so all three agree.
LOCKS = {
    "requirements-bench.txt": ["--all-extras"],  # runtime, dev and the benchmarks' locust
    "requirements-dev.txt": ["--extra", "dev"],  # what dev.py installs: runtime, tests, lint
    "requirements.txt": [],  # the runtime alone: the Docker image
}
DEV_LOCK = ROOT / "requirements-dev.txt"
UV = "uv==0.13.9"  # writes the lock files (installed into .venv by `dev.py lock` alone)
FINGERPRINT = "# pyproject.toml dependencies: sha256 "


class StepFailed(Exception):
    """A step of dev.py failed; the message (or the command it ran) says why."""


def dependencies_fingerprint() -> str:
    """A hash of what pyproject.toml asks to install (not of its tool settings)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {
        key: project.get(key)
        for key in ("requires-python", "dependencies", "optional-dependencies")
    }
    return hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()


def locked_fingerprint(lock: Path) -> str | None:
    for line in lock.read_text().splitlines():
        if line.startswith(FINGERPRINT):
            return line.removeprefix(FINGERPRINT)
    return None


def check_lock() -> None:
    if not DEV_LOCK.exists() or locked_fingerprint(DEV_LOCK) != dependencies_fingerprint():
        raise StepFailed(
            "pyproject.toml's dependencies changed since the lock files were written: run "
            "`python3 dev.py lock`, then commit pyproject.toml and requirements*.txt together."
        )


def ensure_environment() -> None:
    """Create the virtualenv and install the locked dependencies when the lock changed."""
    check_lock()
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256(DEV_LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print(f"Installing dependencies from {DEV_LOCK.name} ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "-r", str(DEV_LOCK)], check=True, cwd=ROOT)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def lock(uv_options: list[str]) -> int:
    """Write the lock files from pyproject.toml (uv resolves against PyPI, whatever pip's
    configuration on this machine says, so the hashes are of the files anyone downloads)."""
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    uv = VENV / "bin" / "uv"
    if not uv.exists():
        pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, UV], check=True, cwd=ROOT)
    compile_ = [str(uv), "pip", "compile", "pyproject.toml", "--quiet", "--generate-hashes"]
    compile_ += ["--universal", "--python-version", "3.11"]
    compile_ += ["--custom-compile-command", "python3 dev.py lock", *uv_options]
    fingerprint = dependencies_fingerprint()
    first = next(iter(LOCKS))
    for name, extras in LOCKS.items():
        held = [] if name == first else ["--constraint", first]
        subprocess.run([*compile_, *extras, *held, "--output-file", name], check=True, cwd=ROOT)
        _add_fingerprint(ROOT / name, fingerprint)
        print(f"wrote {name}", flush=True)
    return 0


def _add_fingerprint(lock_file: Path, fingerprint: str) -> None:
    """Below uv's header: which pyproject.toml dependencies the file was written from."""
    lines = [
        line
        for line in lock_file.read_text().splitlines(keepends=True)
        if not line.startswith(FINGERPRINT)
    ]
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    lines.insert(header, f"{FINGERPRINT}{fingerprint}\n")
    lock_file.write_text("".join(lines))


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
    worker = start("worker")
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
    if not argv or argv[0] not in {"run", "test", "lock"}:
        print(__doc__)
        return 2
    if argv[0] == "lock":
        return lock(argv[1:])
    if argv[0] == "test":
        try:
            return test(argv[1:])
        except StepFailed as failure:
            print(failure, file=sys.stderr)
            return 1
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
