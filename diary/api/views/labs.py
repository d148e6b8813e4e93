"""Lab results and clinician assessments (domain.md sections 6 and 10).

The patient reads every entry of theirs and writes lab results; a clinician with an active
share reads the patient's and writes both. Each may change or delete only what they entered:
someone else's entry, which they may see, answers 403; anything they may not see, 404.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import (
    GenericAPIView,
    ListAPIView,
    ListCreateAPIView,
)
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from diary.api.lab_serializer import AssessmentSerializer, LabResultSerializer
from diary.api.parsers import SafeJSONParser
from diary.api.permissions import IsPatient, signed_in_user
from diary.api.schema import (
    ETAG,
    FIELD_ERRORS,
    FORBIDDEN,
    IF_MATCH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    UNAUTHORIZED,
)
from diary.api.views.base import CsvAwareMixin, get_by_id, json_only, list_responses, wants_csv
from diary.api.views.shared import SharedPatientRead
from diary.api.views.versioned import VersionedDetailView
from diary.labs import delete_entry, may_change
from diary.models import AccessEvent, Assessment, LabResult, User
from diary.transfer.labs_csv import (
    patient_assessments,
    patient_assessments_csv,
    patient_labs,
    patient_labs_csv,
)

Entry = LabResult | Assessment


def format_parameter(what: str) -> OpenApiParameter:
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "csv"],
        description=f"csv: every {what} as a CSV download instead of a JSON page.",
    )


LAB_LIST = list_responses(LabResultSerializer(many=True))
ASSESSMENT_LIST = list_responses(AssessmentSerializer(many=True))


def created(serializer: type[BaseSerializer[Any]]) -> dict[Any, Any]:
    return json_only({201: serializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED, 404: NOT_FOUND})


def one(serializer: type[BaseSerializer[Any]]) -> dict[Any, Any]:
    return {200: serializer, 401: UNAUTHORIZED, 404: NOT_FOUND}


def changed(serializer: type[BaseSerializer[Any]]) -> dict[Any, Any]:
    return {**one(serializer), 400: FIELD_ERRORS, 403: FORBIDDEN, 412: PRECONDITION_FAILED}


DELETED = {
    204: None,
    401: UNAUTHORIZED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    412: PRECONDITION_FAILED,
}
# A detail's GET gives the entry's ETag; a write may name it in If-Match (412 when stale).
READ_ONE = [ETAG]
WRITE_ONE = [IF_MATCH, ETAG]
DELETE_ONE = [IF_MATCH]


class RecordView(GenericAPIView):
    """A view of one patient's record (`subject`), written by the signed-in user."""

    def subject(self) -> User:
        raise NotImplementedError

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return context
        return {**context, "patient": self.subject(), "by": signed_in_user(self.request)}


class OwnRecord(RecordView):
    permission_classes = [IsPatient]

    def subject(self) -> User:
        return signed_in_user(self.request)


class SharedRecord(SharedPatientRead, RecordView):
    """A patient who shares with the clinician now; 404 otherwise. A GET is logged as a read
    of the patient's lab results or assessments; a write is logged as that write."""


class EntryList(CsvAwareMixin, RecordView, ListAPIView):
    """The subject's entries as JSON pages, or (?format=csv) one file; POST adds one."""

    parser_classes = [SafeJSONParser]

    def entries(self, patient: User) -> QuerySet[Any]:
        raise NotImplementedError

    def csv(self, patient: User) -> HttpResponseBase:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return LabResult.objects.none()
        return self.entries(self.subject())

    # A CSV download is a streaming response, not DRF's Response.
    def list(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if wants_csv(request):
            return self.csv(self.subject())
        return super().list(request, *args, **kwargs)


class Adds(ListCreateAPIView):
    """POST adds an entry; the answer's Location is its detail URL."""

    detail_url_name = ""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        url_args = [*self.kwargs.values(), response.data["id"]]
        response["Location"] = reverse(self.detail_url_name, args=url_args)
        return response


class LabList(EntryList):
    serializer_class = LabResultSerializer

    def entries(self, patient: User) -> QuerySet[LabResult]:
        return patient_labs(patient)

    def csv(self, patient: User) -> HttpResponseBase:
        return patient_labs_csv(patient, requested_by=signed_in_user(self.request))


class AssessmentList(EntryList):
    serializer_class = AssessmentSerializer

    def entries(self, patient: User) -> QuerySet[Assessment]:
        return patient_assessments(patient)

    def csv(self, patient: User) -> HttpResponseBase:
        return patient_assessments_csv(patient, requested_by=signed_in_user(self.request))


class EntryDetail(RecordView, VersionedDetailView):
    """One entry of the subject's by id; only who entered it may change or delete it, and
    only from the version it read if it names one (If-Match)."""

    parser_classes = [SafeJSONParser]
    id_name = "pk"

    def entries(self, patient: User) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return LabResult.objects.none()
        return self.entries(self.subject())

    def find_object(self) -> Entry:
        entry: Entry = get_by_id(self.get_queryset(), self.kwargs[self.id_name])
        user = signed_in_user(self.request)
        if self.request.method not in SAFE_METHODS and not may_change(user, entry):
            raise PermissionDenied(not_yours(entry))
        return entry

    def perform_destroy(self, instance: Entry) -> None:
        delete_entry(instance, by=signed_in_user(self.request))


def not_yours(entry: Entry) -> str:
    who = entry.entered_by
    if who == "patient":
        who = _("the patient")
    elif entry.author_deleted:
        who = _("%s, whose account no longer exists") % who if who else _("a deleted account")
    return _("This entry was entered by %(who)s; only they may change or delete it.") % {"who": who}


class LabDetailBase(EntryDetail):
    serializer_class = LabResultSerializer

    def entries(self, patient: User) -> QuerySet[LabResult]:
        return patient_labs(patient)


class AssessmentDetailBase(EntryDetail):
    serializer_class = AssessmentSerializer

    def entries(self, patient: User) -> QuerySet[Assessment]:
        return patient_assessments(patient)


# The patient's own.


@extend_schema_view(
    get=extend_schema(
        parameters=[format_parameter("lab result")], responses=LAB_LIST, tags=["labs"]
    ),
    post=extend_schema(responses=created(LabResultSerializer), tags=["labs"]),
)
class LabListView(OwnRecord, LabList, Adds):
    """The signed-in patient's lab results by drawn, then id, whoever entered them; POST
    records one as entered by the patient."""

    detail_url_name = "api-lab-detail"


@extend_schema_view(
    get=extend_schema(parameters=READ_ONE, responses=one(LabResultSerializer), tags=["labs"]),
    put=extend_schema(parameters=WRITE_ONE, responses=changed(LabResultSerializer), tags=["labs"]),
    patch=extend_schema(
        parameters=WRITE_ONE, responses=changed(LabResultSerializer), tags=["labs"]
    ),
    delete=extend_schema(parameters=DELETE_ONE, responses=DELETED, tags=["labs"]),
)
class LabDetailView(OwnRecord, LabDetailBase):
    """One of the patient's lab results; a clinician's entry may be read, not changed (403)."""


@extend_schema_view(
    get=extend_schema(
        parameters=[format_parameter("assessment")], responses=ASSESSMENT_LIST, tags=["labs"]
    )
)
class AssessmentListView(OwnRecord, AssessmentList):
    """The clinicians' assessments of the signed-in patient, by assessed then id; read-only."""


# A sharing patient's, for a clinician.

CLINICIAN_DETAIL_METHODS = ["get", "patch", "delete", "head", "options"]


@extend_schema_view(
    get=extend_schema(
        parameters=[format_parameter("lab result")], responses=LAB_LIST, tags=["clinician"]
    ),
    post=extend_schema(responses=created(LabResultSerializer), tags=["clinician"]),
)
class PatientLabListView(SharedRecord, LabList, Adds):
    """A sharing patient's lab results; POST adds one as entered by this clinician."""

    read_action = AccessEvent.Action.LABS
    detail_url_name = "api-patient-lab-detail"


@extend_schema_view(
    get=extend_schema(parameters=READ_ONE, responses=one(LabResultSerializer), tags=["clinician"]),
    patch=extend_schema(
        parameters=WRITE_ONE, responses=changed(LabResultSerializer), tags=["clinician"]
    ),
    delete=extend_schema(parameters=DELETE_ONE, responses=DELETED, tags=["clinician"]),
)
class PatientLabDetailView(SharedRecord, LabDetailBase):
    """One of a sharing patient's lab results; this clinician changes only their own."""

    read_action = AccessEvent.Action.LABS
    id_name = "lab_id"
    http_method_names = CLINICIAN_DETAIL_METHODS


@extend_schema_view(
    get=extend_schema(
        parameters=[format_parameter("assessment")], responses=ASSESSMENT_LIST, tags=["clinician"]
    ),
    post=extend_schema(responses=created(AssessmentSerializer), tags=["clinician"]),
)
class PatientAssessmentListView(SharedRecord, AssessmentList, Adds):
    """A sharing patient's assessments; POST adds one as entered by this clinician."""

    read_action = AccessEvent.Action.ASSESSMENTS
    detail_url_name = "api-patient-assessment-detail"


@extend_schema_view(
    get=extend_schema(parameters=READ_ONE, responses=one(AssessmentSerializer), tags=["clinician"]),
    patch=extend_schema(
        parameters=WRITE_ONE, responses=changed(AssessmentSerializer), tags=["clinician"]
    ),
    delete=extend_schema(parameters=DELETE_ONE, responses=DELETED, tags=["clinician"]),
)
class PatientAssessmentDetailView(SharedRecord, AssessmentDetailBase):
    """One of a sharing patient's assessments; this clinician changes only their own."""

    read_action = AccessEvent.Action.ASSESSMENTS
    id_name = "assessment_id"
    http_method_names = CLINICIAN_DETAIL_METHODS
