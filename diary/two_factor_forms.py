"""Forms of two-factor sign-in (diary.two_factor): the log-in form's second step, set-up, turning
it off."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


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


class CodeStepForm(forms.Form):
    """The log-in's second step for an account with two-factor sign-in on: the code alone (the
    password was checked on the first step, and is not sent again)."""

    otp_token = code_field(
        _("6-digit code"), _("From your authenticator app, or one of your backup codes.")
    )


class SetupForm(forms.Form):
    # A stolen session must not be enough to tie the account to the thief's phone.
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
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
