"""API tokens (django-rest-knox): one per device or script, stored only as a digest."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

DEFAULT_TOKEN_NAME = "API token"
TOKEN_NAME_MAX_LENGTH = 64


class ApiToken(AbstractAuthToken):  # type: ignore[misc]  # knox has no type hints
    """knox keeps the SHA-512 digest of the token and its first 15 characters (to find the row);
    the token itself exists only in the answer that created it.

    knox makes the digest the primary key; a plain id is friendlier in the settings page's
    revoke URLs and says nothing about the token, so the digest is only unique here.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=TOKEN_NAME_MAX_LENGTH, default=DEFAULT_TOKEN_NAME)
    # Written at most once a minute per token (see diary.tokens.mark_used).
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
