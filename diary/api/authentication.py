"""`Authorization: Token ...` against knox's hashed, expiring tokens (diary.models.ApiToken)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from diary.models import ApiToken, User
from diary.tokens import mark_used


class ApiTokenAuthentication(TokenAuthentication):  # type: ignore[misc]  # knox has no hints
    """knox's check, plus the token's last use for the settings page."""

    def authenticate_credentials(self, token: bytes) -> tuple[User, ApiToken]:
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:  # knox would let this out as a 500
            raise AuthenticationFailed(_("Invalid token.")) from None
        return super().authenticate_credentials(token)

    def _cleanup_token(self, auth_token: ApiToken) -> bool:
        # knox also reads all the user's other tokens on every request to delete expired ones;
        # diary.tokens.create_token does that once per new token instead. This one, if
        # expired, is still refused and deleted as knox does.
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

    def validate_user(self, auth_token: ApiToken) -> tuple[User, ApiToken]:
        user, token = super().validate_user(auth_token)
        mark_used(token=token)
        return user, token


class ApiTokenScheme(KnoxTokenScheme):
    """Describes the header in the OpenAPI schema, as drf-spectacular does for knox's class."""

    target_class = "diary.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
