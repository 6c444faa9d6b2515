#!/usr/bin/env python3
"""Benchmark: the peak memory of importing a zip of many 5 MB articles; print MB of RSS.

    .venv/bin/python benchmarks/upload_memory.py [--members 39] [--postgres URL [--no-sqlite]]

Builds a zip archive of N members of 5 MB each (the largest a member may be; 39 of them stay
within the 200 MB an archive may expand to), each a digest of synthetic articles that differs
from the others (so that none is skipped as already imported). Then, in a fresh process each,
on a scratch database holding the real GCAT catalog:
- "upload": as the admin does it: the upload read by `files_from_uploads`, queued by
  `queue_files`, then imported by the worker's `import_queued_files`;
- "command": as `manage.py import_articles archive.zip` does it (`import_files` over
  `files_from_paths`).
(UPLOAD_MEMORY_MODES=upload, or =command, measures one of them.) Each prints the process's
resident memory after Django and the catalog view are set up, and
its peak (getrusage's ru_maxrss) at the end. The target: a peak under 300 MB.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.hard_inputs import _digest  # noqa: E402
from benchmarks.scratch import manage, run_benchmark, setup_django  # noqa: E402

BENCH_DB = "incidents_bench_upload_memory"
TARGET_MB = 300
MODES = ("upload", "command")


def build_archive(path: Path, members: int, label: str) -> None:
    """N different members of exactly the per-file limit, deflated (in a process of its own:
    the digest is written from the catalog's names)."""
    from articles.pipeline.decode import MAX_BYTES

    digest = _digest(MAX_BYTES).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(members):
            head = f"Digest {label} number {n}\n\n".encode()
            archive.writestr(f"digest-{n:03d}.txt", (head + digest)[:MAX_BYTES])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def current_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def worker(members: int) -> None:
    mode, archive = os.environ["BENCH_MODE"], Path(os.environ["BENCH_ARCHIVE"])
    setup_django()
    if mode.startswith("build "):
        build_archive(archive, members, label=mode.split()[1])
        return
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from articles.importer import import_files
    from articles.inputs import files_from_paths, files_from_uploads
    from articles.linking import build_catalog_view
    from articles.models import ImportRun
    from articles.tasks import import_queued_files, queue_files

    build_catalog_view()  # what every import builds first: part of the baseline
    before = current_mb()
    started = time.perf_counter()
    if mode == "upload":
        # As Django hands over an upload past FILE_UPLOAD_MAX_MEMORY_SIZE: a temporary file.
        upload = TemporaryUploadedFile(
            archive.name, "application/zip", archive.stat().st_size, None
        )
        with archive.open("rb") as source:
            while chunk := source.read(1024 * 1024):
                upload.write(chunk)
        upload.seek(0)
        run = queue_files(files_from_uploads([upload]))
        import_queued_files(run, time_limit=None)
        run.refresh_from_db()
        counts = (run.created_count, run.failed_count)
    else:
        _, results = import_files(files_from_paths([archive]), source=ImportRun.Source.COMMAND)
        counts = (
            sum(r.outcome == "created" for r in results),
            sum(r.outcome == "failed" for r in results),
        )
    seconds = time.perf_counter() - started
    print(f"{before:.0f} {peak_mb():.0f} {counts[0]} {counts[1]} {seconds:.1f}")


def measure(name: str, database_url: str, members: int) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    manage("migrate", "--noinput", env=env)
    manage("loadcatalog", env=env)
    with tempfile.TemporaryDirectory() as folder:
        for mode in os.environ.get("UPLOAD_MEMORY_MODES", ",".join(MODES)).split(","):
            archive = Path(folder) / f"{mode}.zip"
            _worker(env, members, mode=f"build {mode}", archive=archive)
            zipped = archive.stat().st_size / 1024 / 1024
            before, peak, created, failed, seconds = _worker(
                env, members, mode=mode, archive=archive
            ).split()
            flag = "" if float(peak) < TARGET_MB else "  OVER TARGET"
            print(
                f"{name:11} {mode:8} {members:3d} x 5 MB ({zipped:5.2f} MB zipped) "
                f"{created:>4} created {failed:>3} failed {float(seconds):7.1f}s "
                f"RSS {before:>4} MB -> peak {peak:>4} MB{flag}",
                flush=True,
            )


def _worker(env: dict, members: int, *, mode: str, archive: Path) -> str:
    return subprocess.run(
        [sys.executable, __file__, "--worker", "--members", str(members)],
        cwd=ROOT,
        env={**env, "BENCH_MODE": mode, "BENCH_ARCHIVE": str(archive)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


if __name__ == "__main__":
    run_benchmark(
        __doc__,
        size=("members", 39),
        scratch_name=BENCH_DB,
        worker=worker,
        measure=measure,
    )
