from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.schemas.inspectors import DefaultSchema
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from diary.api.parsers import SafeJSONParser
from diary.api.schema import DETAIL, FIELD_ERRORS

LOCKED_OUT = _("Too many failed log-ins for this account: try again in 15 minutes.")


class LoginRateThrottle(ScopedRateThrottle):
    """The stricter "login" rate, per client address, for password guesses."""


class TokenView(ObtainAuthToken):
    """POST username and password, get the account's API token.

    Wrong passwords count towards django-axes' lock-out like the log-in page's; a locked
    account is refused with the same 400 as a wrong password.
    """

    authentication_classes: list[type] = []  # a stale token header must not block a log-in
    # ObtainAuthToken names DRF's own parsers; anyone may post here, so JSON is read safely.
    parser_classes = [FormParser, MultiPartParser, SafeJSONParser]
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]
    throttle_scope = "login"
    schema = DefaultSchema()

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: FIELD_ERRORS,
            429: DETAIL,
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes marks the request when the account is locked; say so, as the log-in
            # page does, rather than blaming the password.
            if getattr(request, "axes_locked_out", False):
                raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [LOCKED_OUT]}) from None
            raise
