"""Treatments (domain.md section 9): the patient's own (read and write) and a clinician's
read-only view of a sharing patient's."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView, ListCreateAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from diary.api.parsers import SafeJSONParser
from diary.api.permissions import IsPatient, signed_in_user
from diary.api.schema import (
    ETAG,
    FIELD_ERRORS,
    IF_MATCH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    UNAUTHORIZED,
)
from diary.api.treatment_serializer import TreatmentSerializer
from diary.api.views.base import CsvAwareMixin, get_by_id, json_only, list_responses, wants_csv
from diary.api.views.shared import SharedPatientRead
from diary.api.views.versioned import VersionedDetailView
from diary.models import AccessEvent, Treatment, User
from diary.transfer.treatments_csv import patient_treatments_csv

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv: every treatment as a CSV download instead of a JSON page.",
)
LIST_RESPONSES = list_responses(TreatmentSerializer(many=True))


class TreatmentListBase(CsvAwareMixin, ListAPIView):
    """One patient's treatments by started, then id, as JSON pages or (?format=csv) one file."""

    serializer_class = TreatmentSerializer

    def subject(self) -> User:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Treatment]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return Treatment.objects.none()
        return self.subject().treatments.order_by("started", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "patient": self.subject()}

    # A CSV download is a streaming response, not DRF's Response.
    def list(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if wants_csv(request):
            return patient_treatments_csv(self.subject(), requested_by=signed_in_user(request))
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    get=extend_schema(parameters=[FORMAT_PARAMETER], responses=LIST_RESPONSES, tags=["treatments"]),
    post=extend_schema(
        responses=json_only(
            {201: TreatmentSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED, 404: NOT_FOUND}
        ),
        tags=["treatments"],
    ),
)
class TreatmentListView(TreatmentListBase, ListCreateAPIView):
    """The signed-in patient's treatments; POST records one."""

    permission_classes = [IsPatient]
    parser_classes = [SafeJSONParser]

    def subject(self) -> User:
        return signed_in_user(self.request)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        response["Location"] = reverse("api-treatment-detail", args=[response.data["id"]])
        return response


DETAIL_RESPONSES = {200: TreatmentSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND}
WRITE_RESPONSES = {**DETAIL_RESPONSES, 400: FIELD_ERRORS, 412: PRECONDITION_FAILED}


@extend_schema_view(
    get=extend_schema(parameters=[ETAG], responses=DETAIL_RESPONSES, tags=["treatments"]),
    put=extend_schema(parameters=[IF_MATCH, ETAG], responses=WRITE_RESPONSES, tags=["treatments"]),
    patch=extend_schema(
        parameters=[IF_MATCH, ETAG], responses=WRITE_RESPONSES, tags=["treatments"]
    ),
    delete=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None, 401: UNAUTHORIZED, 404: NOT_FOUND, 412: PRECONDITION_FAILED},
        tags=["treatments"],
    ),
)
class TreatmentDetailView(VersionedDetailView):
    """One of the patient's treatments by id; PATCH changes the fields it names. GET gives
    its ETag; a write with a stale If-Match is refused (412)."""

    serializer_class = TreatmentSerializer
    permission_classes = [IsPatient]
    parser_classes = [SafeJSONParser]

    def get_queryset(self) -> QuerySet[Treatment]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return Treatment.objects.none()
        return signed_in_user(self.request).treatments.all()

    def find_object(self) -> Treatment:
        return get_by_id(self.get_queryset(), self.kwargs["pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "patient": signed_in_user(self.request)}


@extend_schema_view(
    get=extend_schema(parameters=[FORMAT_PARAMETER], responses=LIST_RESPONSES, tags=["clinician"])
)
class PatientTreatmentListView(SharedPatientRead, TreatmentListBase):
    """A sharing patient's treatments, read-only, in the same shapes as the patient's own."""

    read_action = AccessEvent.Action.TREATMENTS
