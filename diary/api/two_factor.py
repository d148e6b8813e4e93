"""Two-factor sign-in in the API (diary.two_factor): the token endpoint asks accounts that have it
on for a current code, and clinicians are held to it as on the web."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from diary import two_factor

REFUSED_WHY = (
    "a clinician account without two-factor sign-in while the site requires it, or a web "
    "session of one with it on that was not signed in with a code."
)
REFUSED = {
    "description": REFUSED_WHY[0].upper() + REFUSED_WHY[1:],
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


@extend_schema_serializer(component_name="AuthToken")  # the name it had before `otp`
class TwoFactorAuthTokenSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        label=_("Two-factor code"),
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=32,
        help_text=_(
            "Only for accounts with two-factor sign-in on: the current 6-digit code from the "
            "authenticator app, or an unused backup code."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        user = attrs["user"]
        if two_factor.is_on(user):
            try:
                two_factor.verify_code(user=user, code=attrs.get("otp", ""))
            except DjangoValidationError as error:
                if error.code == "invalid":  # a code was checked and was wrong
                    request = self.context.get("request")
                    two_factor.count_failed_code(request=request, username=user.get_username())
                raise serializers.ValidationError({"otp": error.messages}) from None
        return attrs


class SecondFactorInPlace(BasePermission):
    """A clinician's request is refused (403, with the reason) until two-factor sign-in is set up,
    when the site requires it; and a web session of a clinician who has it on must have been
    signed in with a code. A token counts as verified: turning it on ends every older token
    (diary.two_factor.turn_on), and afterwards a token is made only with a code (the token
    endpoint), by a session signed in with one (the settings page, which also asks for a
    current code), or by a site administrator (the `api_token` command)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        missing = two_factor.clinician_missing(request.user, verified=_verified(request))
        if missing is not None:
            raise PermissionDenied(missing.message)
        return True


def _verified(request: Request) -> bool:
    if isinstance(request.successful_authenticator, SessionAuthentication):
        is_verified = getattr(request.user, "is_verified", None)  # set by OTPMiddleware
        return bool(is_verified and is_verified())
    return True


def document_refusals(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: the 403 above on every operation that checks it."""
    for path, _regex, method, callback in generator.endpoints:
        permissions = getattr(callback.cls, "permission_classes", ())
        if any(issubclass(permission, SecondFactorInPlace) for permission in permissions):
            responses = result["paths"][path][method.lower()]["responses"]
            if "403" in responses:  # another refusal with the same {"detail"} shape
                responses["403"] = {
                    **responses["403"],
                    "description": f"{responses['403']['description']} Or: {REFUSED_WHY}",
                }
            else:
                responses["403"] = REFUSED
    return result
