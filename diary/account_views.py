"""The settings page's "Delete account": a page of its own that asks for the password (and a
two-factor code when it is on), then deletes everything (diary.account_deletion)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from diary import two_factor
from diary.access import AuthenticatedHttpRequest
from diary.account_deletion import delete_account
from diary.limits import limit_attempts
from diary.offline import with_site_data_cleared
from diary.two_factor_forms import code_field


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = code_field(
        gettext_lazy("6-digit code"), gettext_lazy("From your authenticator app, or a backup code.")
    )

    def __init__(self, *args: Any, asks_for_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_for_code:
            del self.fields["code"]
        else:
            self.fields["code"].widget.attrs.pop("autofocus", None)


@login_required
@require_http_methods(["GET", "POST"])
@limit_attempts
def delete_account_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST or None, asks_for_code=two_factor.is_on(user))
    if form.is_valid():
        try:
            delete_account(
                request=request,
                user=user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data.get("code", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account and everything in it are deleted."))
            return with_site_data_cleared(redirect("login"))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "diary/delete_account.html", {"form": form}, status=status)
