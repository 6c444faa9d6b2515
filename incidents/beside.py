"""Running one part of a page beside the rest, on a connection of its own.

The articles of a search page do not depend on its incidents, nor the count of a list on the
rows of its page, and each is mostly time spent waiting for the database: run side by side,
the page takes about as long as the slower of the two instead of their sum (a part that is
mostly Python gains nothing: the threads take turns with the GIL). A second connection sees
only what is committed, so inside a transaction (an atomic view, or a test wrapped in one)
the part runs where it is asked for; so it does when the worker is busy with another
request's part, rather than queue behind it. The worker keeps its connection between parts,
as a request thread does (CONN_MAX_AGE).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import close_old_connections, connection, connections
from django.urls import get_script_prefix, get_urlconf, set_script_prefix, set_urlconf
from django.utils import translation

T = TypeVar("T")

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_idle = threading.Semaphore(1)
_pool_pid = 0  # a forked server worker must start its own thread


def run_beside(work: Callable[..., T], *args) -> Callable[[], T]:
    """Start `work(*args)` and return a function that waits for its result (or raises its
    error)."""
    pool = None if connection.in_atomic_block else _free_executor()
    if pool is None:
        result = work(*args)
        return lambda: result
    # The worker builds links too: give it this request's script prefix, URLs and language.
    request_state = (get_script_prefix(), get_urlconf(), translation.get_language())
    return pool.submit(_as_this_request, _idle, request_state, work, *args).result


def _as_this_request(idle: threading.Semaphore, request_state, work, *args):
    try:
        prefix, urlconf, language = request_state
        close_old_connections()  # as Django does at each request: drop a broken or old one
        set_script_prefix(prefix)
        set_urlconf(urlconf)
        with translation.override(language):
            return work(*args)
    finally:
        # Free before the result is handed over: a caller it wakes finds the worker free.
        idle.release()


def _free_executor() -> ThreadPoolExecutor | None:
    global _pool, _pool_pid, _idle
    with _lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside")
            _idle = threading.Semaphore(1)
            _pool_pid = os.getpid()
        return _pool if _idle.acquire(blocking=False) else None


def close_connection() -> None:
    """Close the worker's connection (a test database cannot be dropped while it is open)."""
    if _pool is not None and _pool_pid == os.getpid():
        _pool.submit(connections.close_all).result()
