#!/usr/bin/env python3
"""Benchmark: how long one import takes for inputs made to be slow; print seconds per file.

    .venv/bin/python benchmarks/hard_inputs.py [--size 5000000] [--postgres URL]

Each file is imported alone into a scratch database holding the real GCAT catalog. The files
are as large as the upload limit allows: a digest of thousands of synthetic articles, one
line without a break, runs of blank lines, of short sentences, of numbers, of capitals, of
dates, of addresses, of headings with trailing spaces, random characters. The target: none
over 30 seconds (the server's timeout).
"""

import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.import_speed import synthetic_articles  # noqa: E402
from benchmarks.scratch import manage, run_benchmark, setup_django  # noqa: E402

BENCH_DB = "incidents_bench_hard"
TARGET_SECONDS = 30


def hard_inputs(size: int) -> dict[str, str]:
    rng = random.Random(1957)
    words = "Soyuz rocket failed on December 1 2016 the Progress MS-04 said Roscosmos".split()
    return {
        "digest": _digest(size),
        "one line": " ".join(rng.choice(words) for _ in range(size // 6))[:size],
        "blank lines": "Rocket lost" + "\n" * size,
        "short lines": "a\n" * (size // 2),
        "accented lines": "é\n" * (size // 3),
        "short sentences": "a. " * (size // 3),
        "numbers": "2. 6 tons, 190 km, 382 seconds, " * (size // 32),
        "capitals": "SOYUZ MS " * (size // 9),
        "dates": "December 1 January 2 March 3, 2016 " * (size // 36),
        "addresses": "https://example.com/a/b?c=d " * (size // 28),
        "headings": ("# " + "x " * 1500 + "   \n") * (size // 3006),
        "quotes": "Roscosmos said:\n" * (size // 16),
        "random": "".join(rng.choice("abcdefghij ABCD.,:;-\n0123456789\"'()") for _ in range(size)),
    }


def _digest(size: int) -> str:
    articles = [data.decode() for _, data in synthetic_articles(2000)]
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(articles[len(parts) % len(articles)])
        length += len(parts[-1]) + 2
    return "\n\n".join(parts)[:size]


def worker(size: int) -> None:
    setup_django()
    from articles.importer import import_files
    from articles.inputs import MAX_BYTES, InputFile
    from articles.models import ImportRun

    for name, text in hard_inputs(min(size, MAX_BYTES)).items():
        data = text.encode()[:MAX_BYTES]
        started = time.perf_counter()
        _, (result,) = import_files(
            [InputFile(f"{name}.txt", data)], source=ImportRun.Source.COMMAND
        )
        seconds = time.perf_counter() - started
        flag = "" if seconds <= TARGET_SECONDS else "  OVER TARGET"
        outcome = f"{result.outcome} {result.reason}".strip()[:50]
        print(f"{name:16} {len(data) / 1e6:6.1f} MB {seconds:7.1f}s  {outcome}{flag}", flush=True)


def measure(name: str, database_url: str, size: int) -> None:
    print(name)
    env = {**os.environ, "DATABASE_URL": database_url}
    manage("migrate", "--noinput", env=env)
    manage("loadcatalog", env=env)
    subprocess.run([sys.executable, __file__, "--worker", "--size", str(size)], env=env, check=True)


if __name__ == "__main__":
    run_benchmark(
        __doc__,
        size=("size", 5_000_000),
        scratch_name=BENCH_DB,
        worker=worker,
        measure=measure,
    )
