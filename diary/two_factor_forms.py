"""Forms of two-factor sign-in (diary.two_factor): the log-in form's second step, set-up, turning
it off."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from diary import two_factor
from diary.forms import LoginForm


def code_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SignInForm(LoginForm):
    """Django's log-in form. For an account with two-factor sign-in on, the right password
    alone is not enough: the form comes back asking for the code too (`asks_for_code`), and
    signs in only when both are right. Nothing changes for other accounts."""

    otp_token = code_field(
        _("6-digit code"), _("From your authenticator app, or one of your backup codes.")
    )
    asks_for_code = False
    verified_device: Any = None  # the device that accepted the code (see SignInView)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not two_factor.is_on(user):
            return cleaned
        self.asks_for_code = True
        try:
            self.verified_device = two_factor.verify_code(
                user=user, code=cleaned.get("otp_token", "")
            )
        except ValidationError as error:
            if error.code == "invalid":  # a code was checked and was wrong
                two_factor.count_failed_code(request=self.request, username=user.get_username())
            self.add_error("otp_token", error)
        return cleaned


class SetupForm(forms.Form):
    code = code_field(
        _("6-digit code"), _("The code your authenticator app shows now, to prove it is set up.")
    )


class TurnOffForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = code_field(_("6-digit code"), _("From your authenticator app, or a backup code."))
