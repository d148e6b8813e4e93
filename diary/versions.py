"""The version of a stored entry (a night, a treatment, a lab result, an assessment), so that
an edit made from an old copy is refused instead of silently undoing someone else's (issue 13).

A version is a hash of every stored field value: no column to migrate or to forget to bump,
and an entry saved back unchanged keeps its version (nothing was lost). Treatments, labs and
assessments also hash their `updated` time, so every save of theirs is a new version.

Both the API (ETag / If-Match) and the web edit forms (a hidden field) compare through here;
the comparison and the write that follows belong in one transaction, the row read with
`locked`: PostgreSQL holds the row until the write commits; on SQLite every transaction
takes the write lock when it begins (settings' transaction_mode IMMEDIATE).
"""

import hashlib
from typing import TypeVar

from django.db.models import Model
from django.http import Http404

M = TypeVar("M", bound=Model)

# Enough of the hash to tell versions apart; short enough to sit in a header and a form.
VERSION_LENGTH = 32


def version_of(entry: Model) -> str:
    """The hash of what `entry` holds: call it on a row as read from the database (e.g. from
    `stored`), since a value only just assigned may differ from what the database keeps."""
    digest = hashlib.sha256(entry._meta.label.encode())
    for field in entry._meta.concrete_fields:
        digest.update(b"\0" + field.attname.encode() + b"=" + field.value_to_string(entry).encode())
    return digest.hexdigest()[:VERSION_LENGTH]


def stored(entry: M) -> M:
    """`entry` read again from the database, as it is stored now."""
    model: type[M] = type(entry)
    found = model._default_manager.filter(pk=entry.pk).first()
    if found is None:  # deleted meanwhile
        raise Http404
    return found


def locked(entry: M) -> M:
    """`entry` as stored now, its row locked until the transaction ends (inside atomic())."""
    model: type[M] = type(entry)
    found = model._default_manager.select_for_update().filter(pk=entry.pk).first()
    if found is None:  # deleted meanwhile
        raise Http404
    return found
