"""Weekly trends (domain.md section 4) and the before/after table (section 11), as JSON pages
or one CSV file."""

from typing import Any

from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from diary.api.permissions import IsPatient, signed_in_user
from diary.api.schema import NOT_FOUND, RANGE_PARAMETERS, UNAUTHORIZED
from diary.api.views.base import (
    CsvAwareMixin,
    list_responses,
    wants_csv,
)
from diary.api.views.shared import SharedPatientRead
from diary.filters import night_range
from diary.models import AccessEvent, User
from diary.transfer.exports import record_export
from insights.api.serializers import ResponseRowSerializer, WeekSerializer
from insights.before_after import response_csv, response_of
from insights.full_export import full_export_response
from insights.weeks import weeks_csv, weeks_of

WEEK_RESPONSES = list_responses(WeekSerializer(many=True))


class WeekListBase(CsvAwareMixin):
    serializer_class = WeekSerializer

    def subject(self) -> User:
        raise NotImplementedError

    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        start, end = night_range(request.query_params)
        patient = self.subject()
        weeks = weeks_of(patient, start, end)
        if wants_csv(request):
            record_export(signed_in_user(self.request), [patient])
            return weeks_csv(patient, weeks)
        page = self.paginate_queryset(weeks)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(parameters=RANGE_PARAMETERS, responses=WEEK_RESPONSES, tags=["weeks"])
class WeekListView(WeekListBase):
    """The signed-in patient's weekly trends, Monday to Sunday by night."""

    permission_classes = [IsPatient]

    def subject(self) -> User:
        return signed_in_user(self.request)


@extend_schema(parameters=RANGE_PARAMETERS, responses=WEEK_RESPONSES, tags=["clinician"])
class PatientWeekListView(SharedPatientRead, WeekListBase):
    """A sharing patient's weekly trends, read-only."""

    read_action = AccessEvent.Action.WEEKS


# The table covers every treatment: it takes no date filter, only the format.
FORMAT_PARAMETERS = [parameter for parameter in RANGE_PARAMETERS if parameter.name == "format"]
# No parameter can be malformed here, so no 400.
RESPONSE_RESPONSES = {
    key: value
    for key, value in list_responses(ResponseRowSerializer(many=True)).items()
    if key[0] != 400
}


class ResponseListBase(CsvAwareMixin):
    serializer_class = ResponseRowSerializer

    def subject(self) -> User:
        raise NotImplementedError

    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        patient = self.subject()
        rows = response_of(patient)
        if wants_csv(request):
            record_export(signed_in_user(self.request), [patient])
            return response_csv(patient, rows)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(parameters=FORMAT_PARAMETERS, responses=RESPONSE_RESPONSES, tags=["response"])
class ResponseListView(ResponseListBase):
    """The signed-in patient's before/after table: one row per course and per session series,
    by start."""

    permission_classes = [IsPatient]

    def subject(self) -> User:
        return signed_in_user(self.request)


@extend_schema(parameters=FORMAT_PARAMETERS, responses=RESPONSE_RESPONSES, tags=["clinician"])
class PatientResponseListView(SharedPatientRead, ResponseListBase):
    """A sharing patient's before/after table, read-only."""

    read_action = AccessEvent.Action.RESPONSE


@extend_schema(
    responses={
        (200, "application/zip"): OpenApiResponse(
            OpenApiTypes.BINARY,
            description="A zip: nights, weeks, treatments, labs, assessments and the "
            "before/after table as CSV, the profile, shares and access log as JSON, and a "
            "README.txt naming each file and its columns.",
        ),
        401: UNAUTHORIZED,
        404: NOT_FOUND,
    },
    tags=["export"],
)
class FullExportView(APIView):
    """Everything the signed-in patient can export, in one zip file."""

    permission_classes = [IsPatient]

    def get(self, request: Request) -> HttpResponseBase:
        return full_export_response(signed_in_user(request))
