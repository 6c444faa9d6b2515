"""A time limit for one file's import: no input may hold a worker for long.

It uses the process's interval timer, so it applies where imports run in the main thread (the
import command and the task worker); elsewhere (a thread) it does nothing. A limit that passes
during a database query takes effect when the query returns: interrupting the driver halfway
would leave the connection unusable.
"""

import contextlib
import signal
import threading

from django.db import connections


class TookTooLong(Exception):
    """Raised inside an import that ran past its time limit."""


def too_long(seconds: float) -> str:
    return f"took longer than {seconds:g} seconds to import and was stopped; nothing was kept"


@contextlib.contextmanager
def stop_after(seconds: float | None):
    """Raise TookTooLong in the block when it runs longer than `seconds` (None: no limit)."""
    if not seconds or not _can_use_timer():
        yield
        return
    deadline = _Deadline()
    previous = signal.signal(signal.SIGALRM, deadline.on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with contextlib.ExitStack() as stack:
            for connection in connections.all(initialized_only=True):
                stack.enter_context(connection.execute_wrapper(deadline.around_query))
            yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Deadline:
    def __init__(self) -> None:
        self.passed = False
        self.queries_running = 0

    def on_alarm(self, signum, frame):
        self.passed = True
        if not self.queries_running:
            raise TookTooLong

    def around_query(self, execute, sql, params, many, context):
        self.queries_running += 1
        try:
            result = execute(sql, params, many, context)
        finally:
            self.queries_running -= 1
        if self.passed and not self.queries_running:
            raise TookTooLong
        return result


def _can_use_timer() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
