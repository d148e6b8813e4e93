from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import RetrieveUpdateAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from diary.account_deletion import delete_account
from diary.api.parsers import SafeJSONParser
from diary.api.permissions import signed_in_user
from diary.api.schema import FIELD_ERRORS, UNAUTHORIZED
from diary.api.serializers import ProfileSerializer
from diary.limits import LoginRateThrottle
from diary.models import User


class DeleteAccountSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    otp = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="A current two-factor code (app or backup code), when the account has it on.",
    )


class DeleteWithBodySchema(AutoSchema):
    """drf-spectacular documents a request body only for PUT, PATCH and POST; this DELETE
    takes one (the password), and the schema must say so (OpenAPI 3.0 allows it)."""

    def _get_request_body(self, direction: str = "request") -> dict[str, Any] | None:
        if self.method != "DELETE":
            body: dict[str, Any] | None = super()._get_request_body(direction)
            return body
        self.method = "POST"  # read by the base class only to pick the rule above
        try:
            body = super()._get_request_body(direction)
        finally:
            self.method = "DELETE"
        return body


@extend_schema_view(
    get=extend_schema(responses={200: ProfileSerializer, 401: UNAUTHORIZED}, tags=["profile"]),
    patch=extend_schema(
        responses={200: ProfileSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED},
        tags=["profile"],
    ),
    delete=extend_schema(
        request=DeleteAccountSerializer,
        responses={204: None, 400: FIELD_ERRORS, 401: UNAUTHORIZED},
        tags=["profile"],
        description="Deletes the account and, for a patient, everything in it, at once: "
        "nights, treatments, labs, assessments, shares, tokens, access log. Needs the "
        "password (and `otp` when two-factor sign-in is on); a wrong one deletes nothing.",
    ),
)
class ProfileView(RetrieveUpdateAPIView):
    """The signed-in user's settings: time zone and sleep need; the account type is fixed.
    DELETE (with the password) deletes the account."""

    serializer_class = ProfileSerializer
    schema = DeleteWithBodySchema()
    parser_classes = [SafeJSONParser]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self) -> User:
        return signed_in_user(self.request)

    def get_throttles(self) -> list[BaseThrottle]:
        # Deleting checks the password: guessing it is limited like a log-in.
        throttles = super().get_throttles()
        if self.request.method == "DELETE":
            throttles.append(LoginRateThrottle())
        return throttles

    def delete(self, request: Request) -> Response:
        body = DeleteAccountSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            delete_account(
                request=request._request,
                user=self.get_object(),
                password=body.validated_data["password"],
                code=body.validated_data.get("otp", ""),
            )
        except DjangoValidationError as error:
            raise ValidationError(
                {
                    "otp" if name == "code" else name: messages
                    for name, messages in error.message_dict.items()
                }
            ) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
