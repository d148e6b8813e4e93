"""Share codes: a patient makes and revokes them; a clinician redeems one."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import DestroyAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from diary.access import shared_patients
from diary.api.parsers import SafeJSONParser
from diary.api.permissions import IsClinician, IsPatient, signed_in_user
from diary.api.schema import DETAIL, FIELD_ERRORS, NOT_FOUND, UNAUTHORIZED
from diary.api.serializers import (
    NewShareSerializer,
    PatientSerializer,
    RedeemSerializer,
    ShareSerializer,
)
from diary.api.views.base import get_by_id
from diary.api.views.shared import ClinicianRead
from diary.limits import LoginRateThrottle, UserRateThrottle
from diary.models import AccessEvent, Share, User
from diary.sharing import redeem, revoke


@extend_schema_view(
    get=extend_schema(
        responses={200: ShareSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["shares"],
    ),
    post=extend_schema(
        request=None,
        responses={201: NewShareSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
        tags=["shares"],
    ),
)
class ShareListView(ListAPIView):
    """The patient's share codes, newest first; POST makes a new code, shown only once."""

    serializer_class = ShareSerializer
    permission_classes = [IsPatient]

    def get_queryset(self) -> QuerySet[Share]:
        return Share.objects.filter(patient=signed_in_user(self.request)).select_related(
            "clinician"
        )

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        share, code = Share.create_for(signed_in_user(self.request))
        # The code is shown in this answer only; it is never stored (only its hash is).
        body = {**ShareSerializer(share).data, "code": code}
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    delete=extend_schema(responses={204: None, 401: UNAUTHORIZED, 404: NOT_FOUND}, tags=["shares"])
)
class ShareDetailView(DestroyAPIView):
    """DELETE revokes the share (or cancels an unused code); the clinician loses access."""

    permission_classes = [IsPatient]
    serializer_class = ShareSerializer

    def get_object(self) -> Share:
        return get_by_id(
            Share.objects.filter(patient=signed_in_user(self.request)), self.kwargs["pk"]
        )

    def perform_destroy(self, instance: Share) -> None:
        revoke(instance)


@extend_schema(
    request=RedeemSerializer,
    responses={
        201: PatientSerializer,
        400: FIELD_ERRORS,
        401: UNAUTHORIZED,
        403: OpenApiResponse(
            DETAIL, description="The clinician account awaits the administrator's verification."
        ),
        404: NOT_FOUND,
        429: DETAIL,
    },
    tags=["clinician"],
)
class RedeemView(APIView):
    """A clinician turns a patient's code into access; the answer names the patient (username,
    display name, since when) so that a look-alike account is noticed. A clinician account
    awaiting verification gets 403 and the code stays usable."""

    permission_classes = [IsClinician]
    # Guessing a code is limited like guessing a password, per client address (diary.limits).
    throttle_classes = [UserRateThrottle, LoginRateThrottle]
    parser_classes = [SafeJSONParser]
    not_clinician_message = _("Only clinician accounts can redeem share codes.")

    def post(self, request: Request) -> Response:
        body = RedeemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            share = redeem(signed_in_user(self.request), body.validated_data["code"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        patient = patients_sharing_with(signed_in_user(self.request)).get(pk=share.patient_id)
        return Response(PatientSerializer(patient).data, status=status.HTTP_201_CREATED)


@extend_schema(
    responses={200: PatientSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
    tags=["clinician"],
)
class PatientListView(ClinicianRead, ListAPIView):
    """Patients who share their diary with the signed-in clinician, by username, each with the
    name they gave and since when they share; each patient on the page is logged as seen in the
    list."""

    serializer_class = PatientSerializer
    read_action = AccessEvent.Action.LISTED

    def get_queryset(self) -> QuerySet[User]:
        return patients_sharing_with(signed_in_user(self.request)).order_by("username")

    def read_patients(self) -> Iterable[User]:
        return self.shown


def patients_sharing_with(clinician: User) -> QuerySet[User]:
    """The clinician's patients, each with `shared_since`, when the clinician redeemed the code."""
    since = Share.objects.active().filter(patient=OuterRef("pk"), clinician=clinician)
    return shared_patients(clinician).annotate(
        shared_since=Subquery(since.values("redeemed_at")[:1])
    )
