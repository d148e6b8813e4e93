"""API tokens and signing out: the only writes to ApiToken and to a user's session epoch."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from diary.models import ApiToken, User
from diary.models.tokens import DEFAULT_TOKEN_NAME, TOKEN_NAME_MAX_LENGTH

# A script calling every second would otherwise write its token's row on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_lifetime() -> timedelta:
    return timedelta(days=settings.API_TOKEN_DAYS)


def token_name(name: str | None, user_agent: str | None = None) -> str:
    """The name given, else the client's User-Agent, else a plain default; cut to fit."""
    for candidate in (name, user_agent):
        if candidate and candidate.strip():
            return candidate.strip()[:TOKEN_NAME_MAX_LENGTH]
    return DEFAULT_TOKEN_NAME


def create_token(
    *, user: User, name: str, lifetime: timedelta | None = None
) -> tuple[ApiToken, str]:
    """A new token for one device or script; the string returned is never stored."""
    # Expired tokens no longer work; their rows go here rather than on every request.
    ApiToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    token, secret = ApiToken.objects.create(
        user=user, expiry=lifetime or token_lifetime(), name=token_name(name)
    )
    return token, secret


def live_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work (knox deletes expired ones only when it meets them)."""
    return ApiToken.objects.filter(user=user).filter(
        Q(expiry__gt=timezone.now()) | Q(expiry__isnull=True)
    )


def revoke_token(*, token: ApiToken) -> None:
    token.delete()


def mark_used(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used is not None and now - token.last_used < LAST_USED_RESOLUTION:
        return
    token.last_used = now
    ApiToken.objects.filter(pk=token.pk).update(last_used=now)


def sign_out_everywhere(*, user: User) -> None:
    """Ends every session of the user (their auth hash changes) and deletes all their tokens."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        ApiToken.objects.filter(user=user).delete()
    user.refresh_from_db(fields=["session_epoch"])
