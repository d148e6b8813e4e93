from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from diary import tokens
from diary.api.authentication import ApiTokenAuthentication
from diary.api.parsers import SafeJSONParser
from diary.api.schema import DETAIL, FIELD_ERRORS, UNAUTHORIZED
from diary.api.two_factor import TwoFactorAuthTokenSerializer
from diary.limits import LoginRateThrottle
from diary.models import ApiToken, User
from diary.models.tokens import TOKEN_NAME_MAX_LENGTH

LOCKED_OUT = _("Too many failed log-ins for this account: try again in 15 minutes.")


class TokenRequestSerializer(TwoFactorAuthTokenSerializer):
    """DRF's username-and-password check (django-axes sees it), the two-factor code of an
    account that has it on, and an optional name."""

    # A username longer than any account's is refused before django-axes records it in its
    # 255-character column (a 500 on PostgreSQL otherwise).
    username = serializers.CharField(
        label=_("Username"),
        write_only=True,
        max_length=User._meta.get_field("username").max_length,
    )

    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TOKEN_NAME_MAX_LENGTH,
        write_only=True,
        help_text=_('What the token is for, e.g. "phone"; the client\'s User-Agent if left out.'),
    )


class TokenView(APIView):
    """POST username and password: a new API token (one per device or script). DELETE with
    `Authorization: Token ...`: revoke the token sent.

    Wrong passwords count towards django-axes' lock-out like the log-in page's; a locked
    account is refused with the same 400 as a wrong password. An account with two-factor sign-in
    on also sends `otp`, a current code; a wrong one counts like a wrong password.
    """

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]
    parser_classes = [FormParser, MultiPartParser, SafeJSONParser]
    renderer_classes = [JSONRenderer]

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        drf_request = super().initialize_request(request, *args, **kwargs)
        if request.method != "DELETE":
            # A stale token header must not block a log-in.
            drf_request.authenticators = ()
        return drf_request

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "Token",
                {
                    "token": serializers.CharField(help_text=_("Shown this once, never again.")),
                    "expiry": serializers.DateTimeField(),
                    "name": serializers.CharField(),
                },
            ),
            400: FIELD_ERRORS,
            429: DETAIL,
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # django-axes marks the request when the account is locked; say so, as the log-in
            # page does, rather than blaming the password.
            if getattr(request, "axes_locked_out", False):
                raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [LOCKED_OUT]}) from None
            raise
        name = tokens.token_name(
            serializer.validated_data.get("name"), request.headers.get("User-Agent")
        )
        token, secret = tokens.create_token(user=serializer.validated_data["user"], name=name)
        expiry = serializers.DateTimeField().to_representation(token.expiry)
        return Response({"token": secret, "expiry": expiry, "name": token.name})

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="The token sent is revoked."),
            401: UNAUTHORIZED,
            429: DETAIL,
        },
        tags=["auth"],
    )
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Only the token authenticator runs for DELETE: request.auth is the token used, and a
        # browser session is no token to revoke.
        if not isinstance(request.auth, ApiToken):
            raise NotAuthenticated
        tokens.revoke_token(token=request.auth)
        return Response(status=204)
