"""Running one part of a search beside the rest, on a connection of its own.

The articles of a search page do not depend on its incidents, and both are mostly time spent
waiting for the database: run side by side, the page takes about as long as the slower of
the two instead of their sum. A second connection sees only what is committed, so inside a
transaction (an atomic view, or a test wrapped in one) the part runs where it is asked for.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import close_old_connections, connection, connections

T = TypeVar("T")

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_pid = 0  # a forked server worker must start its own thread


def run_beside(work: Callable[..., T], *args) -> Callable[[], T]:
    """Start `work(*args)` and return a function that waits for its result (or raises its
    error)."""
    if connection.in_atomic_block:
        result = work(*args)
        return lambda: result
    return _executor().submit(_on_own_connection, work, *args).result


def _on_own_connection(work, *args):
    close_old_connections()  # as Django does at each request: drop a broken or old one
    return work(*args)


def _executor() -> ThreadPoolExecutor:
    global _pool, _pool_pid
    with _lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-beside")
            _pool_pid = os.getpid()
        return _pool


def close_connection() -> None:
    """Close the worker's connection (a test database cannot be dropped while it is open)."""
    if _pool is not None and _pool_pid == os.getpid():
        _pool.submit(connections.close_all).result()
