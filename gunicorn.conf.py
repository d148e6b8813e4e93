"""gunicorn's settings for RLS Diary, read by `gunicorn rlsdiary.wsgi` run from this folder
(gunicorn reads ./gunicorn.conf.py unless given -c). Each can be changed by an environment
variable below; a command-line option still wins over both.

Not a Django module: the master reads it before the app is loaded, so it parses its own
variables, as strictly as rlsdiary/settings.py does (a typo stops the server, it is not
silently the default).
"""

import os
from typing import Any


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SystemExit(f"{name} must be true or false, not {raw!r}")


def _env_int(name: str, default: int, low: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None
    if value < low:
        raise SystemExit(f"{name} must be at least {low}, not {value}")
    return value


# 127.0.0.1 by default: the app is meant to sit behind a reverse proxy on the same machine
# (TRUSTED_PROXY_COUNT); GUNICORN_BIND=0.0.0.0:8000 (or unix:/run/rlsdiary.sock) otherwise.
bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]

# Processes: gunicorn's usual 2 x cores + 1, at most 8. Each worker holds 70-170 MB (README,
# Performance), and SQLite lets one writer at a time whatever the count.
workers = _env_int("GUNICORN_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 8))

# More than one thread makes each worker a threaded one (gthread). Its main thread tells the
# master it is alive while requests run on the others, so `timeout` below never kills a long
# request there, only a worker that hangs; and a patient's 5 MB import keeps the worker's other
# threads answering. GUNICORN_THREADS=1 gives gunicorn's sync workers, where `timeout` is the
# longest a request may take.
threads = _env_int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

# Sized to the longest request the settings allow, measured with bench/import_bench.py on
# SQLite (README, Performance), and meant for sync workers too. The longest is an import refused
# after judging IMPORT_MAX_BYTES (5 MB) of the shortest valid rows: 102,798 rows, every one
# judged before the repeats are listed, 40 s on an idle 2-core machine. The largest import that
# succeeds (9,820 full nights) takes 6 s, a patient's own export under 1 s, and the largest
# export, a clinic's nights (1,000 patients x 3 years), 5 s. Under load a request has taken 4x
# its idle time (issue 13; our PostgreSQL run on a loaded machine: 2-3x), so the worst case
# could reach 160 s: 300 s leaves a wide margin. Raise it with IMPORT_MAX_BYTES.
timeout = _env_int("GUNICORN_TIMEOUT", 300)
# On a restart (SIGHUP, SIGTERM) requests under way get as long to finish as any may take.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", timeout)
keepalive = 5

# One line per request on stderr: address, time, method, path (never the query string),
# status, bytes, milliseconds. Our URLs carry no secrets (tokens travel in the Authorization
# header, passwords, share codes and health data in request bodies), but a query string is
# where they would end up, so it is left out, as are the referrer (another page's address)
# and the user agent. GUNICORN_ACCESS_LOG=off turns the log off; a path writes it to a file.
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "").strip() or "-"
accesslog = None if _access_log == "off" else _access_log
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"

# Load the app once, in the master, before forking the workers (issue 14): each worker then
# starts with Django, the URLs and (below) the chart code already imported, and shares those
# pages with the others until it writes to them. Django opens database connections lazily, per
# request and thread, so the master holds none to hand down (the warm-up closes any anyway).
# With preloading, a new version of the code needs a restart (SIGHUP re-reads only this file).
preload_app = _env_bool("GUNICORN_PRELOAD", True)

# Draw one throwaway set of charts before serving (insights/warmup.py): the first chart page
# of a worker otherwise pays about 1.1 s for importing pandas and matplotlib and building the
# font list. In the master when preloading, else in each worker before its first request.
# GUNICORN_WARM_UP=false keeps pandas and matplotlib out of the workers until a chart page
# needs them, for workers that serve only the API and CSV exports (70 MB rather than 170 MB).
warm_up = _env_bool("GUNICORN_WARM_UP", True)


def on_starting(server: Any) -> None:
    """The master, after preloading the app and before listening or forking."""
    if warm_up and server.cfg.preload_app:
        from insights.warmup import prepare_process

        prepare_process()


def post_worker_init(worker: Any) -> None:
    """A worker, after loading the app and before its first request."""
    if warm_up and not worker.cfg.preload_app:
        from insights.warmup import prepare_process

        prepare_process()
