"""The base of every clinician view of sharing patients' data: who may be read (404 for anyone
else), and the patient's access log of each read."""

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, TypeVar

from django.db.models import QuerySet
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from diary.access import shared_patients
from diary.api.permissions import IsClinician, signed_in_user
from diary.api.views.base import get_by_id
from diary.audit import record_reads
from diary.models import AccessEvent, User

Row = TypeVar("Row")


class ClinicianRead(GenericAPIView):
    """Each successful JSON GET goes into the access log of every patient it showed, as
    `read_action`. A CSV download is logged as an export where the file is made (its answer
    streams, and is not a Response); an error answer showed nobody anything."""

    permission_classes = [IsClinician]
    read_action: ClassVar[AccessEvent.Action]
    shown: Sequence[Any] = ()  # the page of rows the answer showed, for read_patients

    def read_patients(self) -> Iterable[User]:
        raise NotImplementedError

    def paginate_queryset(self, queryset: QuerySet[Any, Row] | Sequence[Row]) -> list[Row] | None:
        page = super().paginate_queryset(queryset)
        self.shown = page or ()
        return page

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Typed Response, but a CSV file comes through here too, as a streaming answer.
        answered = isinstance(response, Response) and response.status_code == 200
        if request.method == "GET" and answered:
            record_reads(
                clinician=signed_in_user(request),
                patients=self.read_patients(),
                action=self.read_action,
            )
        return response


class SharedPatientRead(ClinicianRead):
    """One patient (`subject`, from the URL's patient_id) who shares with the clinician now;
    404 otherwise, so a revoke ends every read and write at once."""

    def subject(self) -> User:
        if not hasattr(self, "_subject"):
            clinician = signed_in_user(self.request)
            self._subject = get_by_id(shared_patients(clinician), self.kwargs["patient_id"])
        return self._subject

    def read_patients(self) -> Iterable[User]:
        return [self.subject()]
