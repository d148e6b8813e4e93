"""SQLite writers queue on a file lock (rlsdiary/sqlite): a transaction holds it from BEGIN to
COMMIT or ROLLBACK, and the next writer gets it the moment it is let go."""

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rlsdiary.sqlite.base import DatabaseWrapper, WriteQueue


@pytest.fixture
def unblocked(django_db_blocker: Any) -> Iterator[None]:
    # Our own throwaway database file, not the suite's test database.
    with django_db_blocker.unblock():
        yield


def _settings(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "rlsdiary.sqlite",
        "NAME": str(path),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }


def _is_free(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_a_second_writer_waits_until_the_first_lets_go(tmp_path: Path) -> None:
    first, second = WriteQueue(str(tmp_path / "q")), WriteQueue(str(tmp_path / "q"))
    first.acquire()
    got_it = threading.Event()

    def wait_in_line() -> None:
        second.acquire()
        got_it.set()

    waiter = threading.Thread(target=wait_in_line)
    waiter.start()

    assert not got_it.wait(0.3)
    first.release()
    assert got_it.wait(5)
    waiter.join()
    second.close()
    first.close()


@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_a_transaction_holds_the_queue_from_begin_to_its_end(
    tmp_path: Path, end: str, unblocked: None
) -> None:
    database = DatabaseWrapper(_settings(tmp_path / "db.sqlite3"), alias="queue-test")
    lock = tmp_path / "db.sqlite3-writelock"
    try:
        database.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        database.cursor().execute("CREATE TABLE t (x INTEGER)")
        assert not _is_free(lock)

        getattr(database, end)()
        database.set_autocommit(True)

        assert _is_free(lock)
    finally:
        database.close()


def test_closing_a_connection_mid_transaction_lets_the_queue_go(
    tmp_path: Path, unblocked: None
) -> None:
    database = DatabaseWrapper(_settings(tmp_path / "db.sqlite3"), alias="queue-test")
    database.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)

    database.close()

    assert _is_free(tmp_path / "db.sqlite3-writelock")


def test_an_in_memory_database_has_no_queue() -> None:
    settings = _settings(Path(":memory:"))
    settings["NAME"] = ":memory:"

    assert DatabaseWrapper(settings, alias="queue-test").write_queue is None


def test_the_file_lock_file_is_the_owners_alone(tmp_path: Path) -> None:
    queue = WriteQueue(str(tmp_path / "q"))
    queue.acquire()
    queue.close()

    assert (tmp_path / "q").stat().st_mode & 0o777 == 0o600
