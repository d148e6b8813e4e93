"""Nights: the patient's own (read and write) and a clinician's read-only views of them."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import (
    ListAPIView,
    ListCreateAPIView,
    get_object_or_404,
)
from rest_framework.request import Request
from rest_framework.response import Response

from diary.access import shared_patients
from diary.api.night_serializer import ClinicNightSerializer, NightSerializer
from diary.api.parsers import SafeJSONParser
from diary.api.permissions import IsPatient, signed_in_user
from diary.api.schema import (
    ETAG,
    FIELD_ERRORS,
    IF_MATCH,
    NIGHT_IN_PATH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    RANGE_PARAMETERS,
    UNAUTHORIZED,
)
from diary.api.views.base import (
    CsvAwareMixin,
    json_only,
    list_responses,
    wants_csv,
)
from diary.api.views.shared import ClinicianRead, SharedPatientRead
from diary.api.views.versioned import VersionedDetailView
from diary.filters import NightRangeFilter, night_range
from diary.models import AccessEvent, Night, User
from diary.transfer.exports import clinic_nights_csv, patient_nights_csv

LIST_RESPONSES = list_responses(NightSerializer(many=True))


class NightListBase(CsvAwareMixin, ListAPIView):
    """One patient's nights by date, as JSON pages or (?format=csv) one CSV file."""

    serializer_class = NightSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = NightRangeFilter

    def subject(self) -> User:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Night]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return Night.objects.none()
        # Through the related manager, so every night already knows its patient (no query).
        return self.subject().nights.order_by("night")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "patient": self.subject()}

    # A CSV download is a streaming response, not DRF's Response.
    def list(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if wants_csv(request):
            start, end = night_range(request.query_params)
            return patient_nights_csv(
                self.subject(), start, end, requested_by=signed_in_user(self.request)
            )
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    get=extend_schema(parameters=RANGE_PARAMETERS, responses=LIST_RESPONSES, tags=["nights"]),
    post=extend_schema(
        responses=json_only(
            {
                201: NightSerializer,
                400: FIELD_ERRORS,
                401: UNAUTHORIZED,
                404: NOT_FOUND,
                409: FIELD_ERRORS,
            }
        ),
        tags=["nights"],
    ),
)
class NightListView(NightListBase, ListCreateAPIView):
    """The signed-in patient's nights; POST logs one (409 if that night is already logged)."""

    permission_classes = [IsPatient]
    parser_classes = [SafeJSONParser]

    def subject(self) -> User:
        return signed_in_user(self.request)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        response["Location"] = reverse("api-night-detail", args=[response.data["night"]])
        return response


DETAIL_RESPONSES = {200: NightSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND}
WRITE_RESPONSES = {
    **DETAIL_RESPONSES,
    400: FIELD_ERRORS,
    409: FIELD_ERRORS,
    412: PRECONDITION_FAILED,
}
WRITE_PARAMETERS = [NIGHT_IN_PATH, IF_MATCH, ETAG]


@extend_schema_view(
    get=extend_schema(
        parameters=[NIGHT_IN_PATH, ETAG], responses=DETAIL_RESPONSES, tags=["nights"]
    ),
    put=extend_schema(parameters=WRITE_PARAMETERS, responses=WRITE_RESPONSES, tags=["nights"]),
    patch=extend_schema(parameters=WRITE_PARAMETERS, responses=WRITE_RESPONSES, tags=["nights"]),
    delete=extend_schema(
        parameters=[NIGHT_IN_PATH, IF_MATCH],
        responses={204: None, 401: UNAUTHORIZED, 404: NOT_FOUND, 412: PRECONDITION_FAILED},
        tags=["nights"],
    ),
)
class NightDetailView(VersionedDetailView):
    """One night, addressed by its date. Changing `night` moves it, unless that date is taken.
    GET gives its ETag; a write with a stale If-Match is refused (412)."""

    serializer_class = NightSerializer
    permission_classes = [IsPatient]
    parser_classes = [SafeJSONParser]

    def find_object(self) -> Night:
        return get_object_or_404(signed_in_user(self.request).nights, night=self.kwargs["night"])

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "patient": signed_in_user(self.request)}


@extend_schema_view(
    get=extend_schema(parameters=RANGE_PARAMETERS, responses=LIST_RESPONSES, tags=["clinician"])
)
class PatientNightListView(SharedPatientRead, NightListBase):
    """A sharing patient's nights, read-only, in the same shapes as the patient's own."""

    read_action = AccessEvent.Action.NIGHTS


@extend_schema_view(
    get=extend_schema(
        parameters=RANGE_PARAMETERS,
        responses=list_responses(ClinicNightSerializer(many=True)),
        tags=["clinician"],
        operation_id="v1_clinic_nights_list",
    )
)
class ClinicNightListView(ClinicianRead, CsvAwareMixin, ListAPIView):
    """Every sharing patient's nights, by username then night, each led by `patient`; the
    patients whose nights are on the page are logged as read."""

    serializer_class = ClinicNightSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = NightRangeFilter
    read_action = AccessEvent.Action.CLINIC_NIGHTS

    def read_patients(self) -> Iterable[User]:
        return [night.patient for night in self.shown]

    def patients(self) -> QuerySet[User]:
        return shared_patients(signed_in_user(self.request))

    def get_queryset(self) -> QuerySet[Night]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, without a user
            return Night.objects.none()
        nights = Night.objects.filter(patient__in=self.patients().values("pk"))
        return nights.select_related("patient").order_by("patient__username", "night")

    # A CSV download is a streaming response, not DRF's Response.
    def list(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if wants_csv(request):
            start, end = night_range(request.query_params)
            return clinic_nights_csv(signed_in_user(self.request), self.patients(), start, end)
        return super().list(request, *args, **kwargs)
