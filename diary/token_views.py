"""The settings page's API tokens and "sign out everywhere", for patients and clinicians."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from diary import tokens, two_factor
from diary.access import AuthenticatedHttpRequest
from diary.forms import SettingsForm
from diary.languages import language_form
from diary.limits import limit_attempts
from diary.models import ApiToken, User
from diary.models.tokens import TOKEN_NAME_MAX_LENGTH
from diary.offline import with_site_data_cleared
from diary.reauth import confirm_password
from diary.two_factor_forms import code_field


class TokenForm(forms.Form):
    prefix = "token"
    name = forms.CharField(
        label=gettext_lazy("Name of the new token"),
        max_length=TOKEN_NAME_MAX_LENGTH,
        help_text=gettext_lazy('What it is for, e.g. "phone" or "export script".'),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # A token outlives the session for 30 days: a stolen session must not be enough to make one.
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(
        self, *args: Any, user: User, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request
        if two_factor.is_on(user):
            self.fields["code"] = code_field(
                gettext_lazy("6-digit code"), gettext_lazy("From your authenticator app.")
            )
            self.fields["code"].widget.attrs.pop("autofocus")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.request is None:
            raise TypeError("A bound TokenForm needs the request (for django-axes).")
        if "password" in cleaned:
            try:
                confirm_password(request=self.request, user=self.user, password=cleaned["password"])
            except ValidationError as error:
                self.add_error("password", error)
                return cleaned
        if "code" in cleaned and not self.errors:
            try:
                two_factor.verify_code(user=self.user, code=cleaned["code"])
            except ValidationError as error:
                self.add_error("code", error)
        return cleaned


def token_context(
    user: User, token_form: TokenForm | None = None, new_token: str | None = None
) -> dict[str, Any]:
    """What templates/diary/includes/settings_tokens.html shows."""
    return {
        "api_tokens": tokens.live_tokens(user),
        "token_form": token_form or TokenForm(user=user),
        "new_token": new_token,
        "token_days": tokens.token_lifetime().days,
    }


@limit_attempts
@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Rendered straight from the POST rather than redirected: the token exists only in this
    # response and is never stored or put in the session.
    form = TokenForm(request.POST, user=request.user, request=request)
    new_token = None
    if form.is_valid():
        _token, new_token = tokens.create_token(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm(user=request.user)
    context = {
        "form": SettingsForm(instance=request.user),
        "language_form": language_form(request.user),
        **token_context(request.user, form, new_token),
    }
    return render(request, "diary/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    tokens.revoke_token(token=token)
    messages.success(request, _("The token “%s” no longer works.") % token.name)
    return redirect("settings")


@login_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    tokens.sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(
        request, _("You are signed out on every device, and every API token is revoked.")
    )
    return with_site_data_cleared(redirect("login"))
