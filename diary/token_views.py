"""The settings page's API tokens and "sign out everywhere", for patients and clinicians."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from diary import tokens
from diary.access import AuthenticatedHttpRequest
from diary.forms import SettingsForm
from diary.models import ApiToken, User
from diary.models.tokens import TOKEN_NAME_MAX_LENGTH


class TokenForm(forms.Form):
    prefix = "token"
    name = forms.CharField(
        label=gettext_lazy("Name of the new token"),
        max_length=TOKEN_NAME_MAX_LENGTH,
        help_text=gettext_lazy('What it is for, e.g. "phone" or "export script".'),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def token_context(
    user: User, token_form: TokenForm | None = None, new_token: str | None = None
) -> dict[str, Any]:
    """What templates/diary/includes/settings_tokens.html shows."""
    return {
        "api_tokens": tokens.live_tokens(user),
        "token_form": token_form or TokenForm(),
        "new_token": new_token,
        "token_days": tokens.token_lifetime().days,
    }


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Rendered straight from the POST rather than redirected: the token exists only in this
    # response and is never stored or put in the session.
    form = TokenForm(request.POST)
    new_token = None
    if form.is_valid():
        _token, new_token = tokens.create_token(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {
        "form": SettingsForm(instance=request.user),
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
    return redirect("login")
