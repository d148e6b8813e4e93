"""One entry read with its version and changed only from that version (issue 13: no lost
updates). GET answers with an `ETag`; PUT, PATCH and DELETE with an `If-Match` that no longer
names the stored version answer 412 and change nothing. Without If-Match a write goes ahead as
before (clients written to domain.md alone know nothing of versions); `*` matches any.

The check and the write run in one transaction on the row as stored (see diary.versions), so of
two writers holding the same ETag exactly one succeeds. A write's answer carries the new ETag.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException
from rest_framework.generics import RetrieveUpdateDestroyAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from diary.versions import locked, stored, version_of


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = _(
        "This entry was changed since you read it: If-Match no longer names its version. "
        "Read it again (GET) and make your change to what is stored now."
    )
    default_code = "precondition_failed"


def etag(version: str) -> str:
    return f'"{version}"'


def if_match_passes(header: str, version: str) -> bool:
    """RFC 9110's strong comparison: `*`, or one of the listed tags is this version's (a weak
    W/"..." tag never matches; an unreadable header matches nothing)."""
    tags = parse_etags(header)
    return tags == ["*"] or etag(version) in tags


class VersionedDetailView(RetrieveUpdateDestroyAPIView):
    """Subclasses find the entry in `find_object` (404 and 403 as before); this adds versions."""

    version: str | None = None  # the ETag this answer carries
    writing = False

    def find_object(self) -> Any:
        raise NotImplementedError

    def get_object(self) -> Any:
        entry: Model = self.find_object()
        if not self.writing:
            self.version = version_of(entry)
            return entry
        # Read again and held until the write commits: what If-Match is compared with is
        # what the write replaces.
        entry = locked(entry)
        current = version_of(entry)
        header = self.request.headers.get("If-Match")
        if header is not None and not if_match_passes(header, current):
            self.version = current
            raise PreconditionFailed
        return entry

    @contextmanager
    def _one_write(self) -> Iterator[None]:
        with transaction.atomic():
            self.writing = True
            try:
                yield
            finally:
                self.writing = False

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self._one_write():
            return super().update(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self._one_write():
            return super().destroy(request, *args, **kwargs)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        super().perform_update(serializer)
        entry = serializer.instance
        if isinstance(entry, Model):  # always: update() passed the serializer the entry
            self.version = version_of(stored(entry))

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.version is not None and response.status_code in (200, 412):
            response["ETag"] = etag(self.version)
        return response
