"""SQLite's real limit on query parameters, for Django's batching.

Django assumes SQLite's old compile-time default of 999 parameters per query and splits
bulk_create and bulk updates into batches by it: the dashboard's access log for 1,000 patients
took 8 INSERTs. SQLite has allowed 32,766 by default since 3.32 (2020) and a build may say
otherwise; each new connection asks its own library, so a batch is as large as it allows.
"""

import sqlite3
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

# SQLite's default since 3.32; some builds allow far more (Debian's: 250,000), but a single
# statement with that many is no faster and much larger.
CEILING = 32766


def use_real_parameter_limit(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    if connection.vendor != "sqlite":
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    # Per connection: the features object belongs to this connection wrapper.
    connection.features.max_query_params = min(limit, CEILING)
