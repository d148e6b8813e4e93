"""Django's SQLite backend, with writers queued on a file lock instead of polling.

SQLite lets one transaction write at a time. Every transaction here begins IMMEDIATE (it takes
the write lock at BEGIN, settings.DATABASES), and a transaction that finds the lock taken is
left to SQLite's busy handler, which sleeps and retries at growing intervals (up to 100 ms
between tries) and favours no one: with 16 patients saving at once, the unlucky ones waited
2-3 s (README, Performance, Load). Here each transaction first takes an exclusive `flock` on a
file beside the database. The kernel hands that lock to a waiting process or thread the moment
it is released, and a process that dies releases it, so writers queue instead of polling;
SQLite's own lock and busy timeout stay as they were for statements outside a transaction.

An in-memory database (the test suite's default) belongs to one process: nothing to queue.
"""

from __future__ import annotations

import fcntl
import os
from typing import Any

from django.db.backends.sqlite3 import base


class WriteQueue:
    """An exclusive lock on `path`, held by one open file at a time across processes and
    threads (flock locks belong to an open file, and each WriteQueue opens its own)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None
        self.held = False

    def acquire(self) -> None:
        if self.fd is None:
            # Owner-only, like the database beside it.
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        self.held = True

    def release(self) -> None:
        if self.held and self.fd is not None:
            self.held = False
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class DatabaseWrapper(base.DatabaseWrapper):
    # (django-stubs leave out the private methods overridden here, hence the ignores.)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = str(self.settings_dict["NAME"])
        in_memory = self.creation.is_in_memory_db(name)
        self.write_queue = None if in_memory else WriteQueue(f"{name}-writelock")

    def _start_transaction_under_autocommit(self) -> None:
        if self.write_queue is None:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        self.write_queue.acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self.write_queue.release()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._leave_queue()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._leave_queue()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            if self.write_queue is not None:
                self.write_queue.close()

    def _leave_queue(self) -> None:
        if self.write_queue is not None:
            self.write_queue.release()
