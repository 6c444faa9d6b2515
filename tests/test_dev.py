"""`python3 dev.py run`, started for real: Ctrl-C stops it and everything it started without a
traceback, and a port already in use is one clear line rather than a traceback. The lock files
dev.py installs from match pyproject.toml, and dev.py refuses to install from a stale one."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

import dev

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 180  # a fresh SQLite database is migrated first (slow on a busy machine)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def start_dev_run(port: int, tmp_path: Path, **options) -> subprocess.Popen:
    """dev.py run on a fresh SQLite database of its own, without catalog or seeds to load."""
    nothing = tmp_path / "nothing-here"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        "CATALOG_DIR": str(nothing),
        "SEEDS_DIR": str(nothing),
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "dev.py", "run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


def descendants(pid: int) -> set[int]:
    """Every process started by `pid`, and by them, read from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it has just exited
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return condition()


@pytest.fixture
def dev_run(tmp_path):
    """dev.py run, serving on a free port; killed at the end if the test left it running."""
    port = free_port()
    process = start_dev_run(port, tmp_path)
    started = []
    yield process, port, started
    for pid in [process.pid, *started]:
        if running(pid):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_ctrl_c_stops_the_server_and_the_worker_without_a_traceback(dev_run):
    process, port, started = dev_run
    assert wait_until(
        lambda: accepts_connections(port) or process.poll() is not None, START_TIMEOUT
    )
    assert process.poll() is None, process.communicate()
    started += sorted(descendants(process.pid))
    commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in started]
    assert any(b"runserver" in command for command in commands)
    assert any(b"manage.py\x00worker" in command for command in commands)

    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        alive = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in started if running(pid)}
        pytest.fail(f"dev.py still running 120 s after Ctrl-C; alive: {alive}")

    assert "Traceback" not in err, err
    assert "KeyboardInterrupt" not in err + out
    assert process.returncode == 0
    assert wait_until(lambda: not any(running(pid) for pid in started), 10), started
    assert not accepts_connections(port)


def test_a_port_in_use_is_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = start_dev_run(port, tmp_path)
        out, err = process.communicate(timeout=60)
    (line,) = err.splitlines()
    message = re.fullmatch(rf"port {port} is in use; try --port (\d+)", line)
    assert message, err
    assert int(message[1]) > port
    assert process.returncode == 1
    assert "Serving at" not in out


def test_ctrl_c_works_even_when_dev_py_was_started_with_it_ignored(tmp_path):
    # (a shell starts background jobs so, and a child inherits an ignored signal)
    port = free_port()
    process = start_dev_run(
        port, tmp_path, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)
    )
    started = []
    try:
        assert wait_until(lambda: accepts_connections(port), START_TIMEOUT)
        started = sorted(descendants(process.pid))
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        for pid in [process.pid, *started]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
    assert process.returncode == 0, err
    assert "Traceback" not in err


PINNED = re.compile(
    r"^([A-Za-z0-9._-]+)==(\S+)(?: ;[^\\]*)? \\\n    --hash=sha256:[0-9a-f]{64}", re.M
)


def pins(lock: str) -> dict[str, str]:
    """name: version for every package a lock file pins with at least one hash."""
    text = (ROOT / lock).read_text()
    return {normalised(name): version for name, version in PINNED.findall(text)}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wanted(requirements: list[str]) -> set[str]:
    names = (re.match(r"[A-Za-z0-9._-]+", line) for line in requirements)
    return {normalised(name[0]) for name in names if name}


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = wanted(PROJECT["dependencies"])
DEV = wanted(PROJECT["optional-dependencies"]["dev"])
BENCH = wanted(PROJECT["optional-dependencies"]["bench"])


@pytest.mark.parametrize("lock", list(dev.LOCKS))
def test_each_lock_file_was_written_from_pyproject_as_it_is(lock):
    assert dev.locked_fingerprint(ROOT / lock) == dev.dependencies_fingerprint()


def test_each_lock_pins_what_its_part_of_pyproject_asks_for_with_hashes():
    assert RUNTIME <= set(pins("requirements.txt"))
    assert not {"pytest", "ruff", "playwright"} & set(pins("requirements.txt"))  # not in the image
    assert RUNTIME | DEV <= set(pins("requirements-dev.txt"))
    assert RUNTIME | DEV | BENCH <= set(pins("requirements-bench.txt"))


def test_the_lock_files_agree_on_every_version():
    everything = pins("requirements-bench.txt")
    for lock in ("requirements-dev.txt", "requirements.txt"):
        assert {name: everything[name] for name in pins(lock)} == pins(lock), lock


def test_dev_py_refuses_to_install_from_a_lock_older_than_pyproject(tmp_path):
    for name in ("dev.py", "pyproject.toml", "requirements-dev.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"redis>=5",', '"redis>=5",\n    "httpx",'))
    result = subprocess.run(
        [sys.executable, "dev.py", "test"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr == (
        "pyproject.toml's dependencies changed since the lock files were written: run "
        "`python3 dev.py lock`, then commit pyproject.toml and requirements*.txt together.\n"
    )
    assert not (tmp_path / ".venv").exists()  # nothing installed


def test_a_change_to_pyproject_s_tool_settings_needs_no_new_lock(tmp_path):
    for name in ("dev.py", "pyproject.toml", "requirements-dev.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("line-length = 100", "line-length = 99"))
    fingerprint = subprocess.run(
        [sys.executable, "-c", "import dev; print(dev.dependencies_fingerprint())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert fingerprint == dev.locked_fingerprint(ROOT / "requirements-dev.txt")
