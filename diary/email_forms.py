"""The e-mail address's form fields: at sign-up (diary.forms.SignUpForm) and in settings."""

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from diary.models import User
from diary.reauth import confirm_password


def email_field() -> forms.EmailField:
    return forms.EmailField(
        label=gettext_lazy("E-mail address (optional)"),
        required=False,
        help_text=gettext_lazy(
            "Only for resetting a forgotten password and for the reminders to log that you "
            "ask for. We send a link to confirm it; nothing else is sent."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class EmailForm(forms.Form):
    email = email_field()
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        help_text=gettext_lazy("A reset link goes to this address, so it takes your password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request, self.user = request, user
        self.fields["email"].label = gettext_lazy("E-mail address")
        self.fields["email"].help_text = gettext_lazy(
            "Leave it empty to remove your address. A new address is used once you follow the "
            "link we send to it."
        )
        self.initial.setdefault("email", user.email_unconfirmed or user.email)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        confirm_password(request=self.request, user=self.user, password=password)
        return password
