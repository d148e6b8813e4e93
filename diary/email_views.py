"""Pages for the e-mail address (settings, the confirmation link) and the password reset by
e-mail: Django's own auth views, in the app's templates, with the "login" limit."""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from diary import email_addresses
from diary.access import AuthenticatedHttpRequest
from diary.client import client_address
from diary.email_addresses import Outcome
from diary.email_forms import EmailForm
from diary.languages import language_for
from diary.limits import limit_attempts
from diary.models import User


def after_sign_up(request: HttpRequest, user: User) -> None:
    """The sign-up page's address, if one was given: the link is sent and the page says so (the
    same words whether or not another account has the address)."""
    if user.email_unconfirmed:
        _sent_or_not(request, user)


def _sent_or_not(request: HttpRequest, user: User) -> None:
    if email_addresses.send_confirmation(request=request, user=user):
        messages.info(
            request,
            _(
                "We sent a link to %(address)s. Follow it within %(days)d days to confirm the "
                "address."
            )
            % {"address": user.email_unconfirmed, "days": settings.EMAIL_CONFIRM_DAYS},
        )
    else:
        messages.error(
            request,
            _("The link to confirm %(address)s could not be sent; try again in Settings.")
            % {"address": user.email_unconfirmed},
        )


@login_required
@require_http_methods(["GET", "POST"])
@limit_attempts
def email_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST" and "resend" in request.POST:
        if user.email_unconfirmed:
            _sent_or_not(request, user)
        return redirect("email-settings")
    form = EmailForm(request.POST or None, request=request, user=user)
    if form.is_valid():
        waiting = email_addresses.set_address(user=user, address=form.cleaned_data["email"])
        if waiting:
            _sent_or_not(request, user)
        elif user.email:
            messages.success(
                request, _("Your e-mail address is %(address)s.") % {"address": user.email}
            )
        else:
            messages.success(request, _("Your e-mail address is removed."))
        return redirect("settings")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "registration/email_settings.html", {"form": form}, status=status)


OUTCOME_MESSAGES = {
    Outcome.EXPIRED: gettext_lazy(
        "This link has expired. Send a new one from your e-mail settings."
    ),
    Outcome.INVALID: gettext_lazy(
        "This link is not complete or not one of ours. Copy the whole link from the e-mail, or "
        "send a new one from your e-mail settings."
    ),
    Outcome.OTHER_ACCOUNT: gettext_lazy(
        "This link is for another account than the one you are signed in to. Log out, then "
        "follow it again and log in to that account."
    ),
    Outcome.REPLACED: gettext_lazy(
        "This link is for an address that you have changed or removed since."
    ),
    Outcome.TAKEN: gettext_lazy(
        "Another account already has this address confirmed. Remove it there first, or use "
        "another address."
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
@limit_attempts
def email_confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """A GET shows a button and a POST confirms: a mail scanner that opens links confirms
    nothing, and neither does a page that embeds the link."""
    if request.method == "GET":
        address = email_addresses.read_link(user=request.user, token=token)
        if not isinstance(address, Outcome) or address == Outcome.ALREADY_CONFIRMED:
            # Already confirmed: the button confirms nothing new, and says so.
            shown = request.user.email if isinstance(address, Outcome) else address
            return render(request, "registration/email_confirm.html", {"address": shown})
        return _problem(request, address)
    outcome = email_addresses.confirm(user=request.user, token=token)
    if outcome in (Outcome.CONFIRMED, Outcome.ALREADY_CONFIRMED):
        request.user.refresh_from_db(fields=["email", "email_unconfirmed"])
        messages.success(
            request,
            _("%(address)s is confirmed: a password reset can be sent to it.")
            % {"address": request.user.email},
        )
        return redirect("settings")
    return _problem(request, outcome)


def _problem(request: HttpRequest, outcome: Outcome) -> HttpResponse:
    context = {"problem": OUTCOME_MESSAGES[outcome]}
    return render(request, "registration/email_confirm.html", context, status=400)


class ResetRequestForm(PasswordResetForm):
    """Django's, labelled as the app's other forms are."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # In the account's own language where it chose one, not in whoever's browser asked.
        user = context["user"]
        chosen = language_for(user) if user.language else translation.get_language()
        with translation.override(chosen):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: the same page follows whether or not the address is an account's, and the mail
    goes only to an active account's confirmed address (User.email) with a usable password."""

    form_class = ResetRequestForm

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    # Setting the password changes the session hash (every session of the account ends) and
    # ends its API tokens (User.save), as a password change does; then the person logs in,
    # with their second factor if they have one on.
    post_reset_login = False
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: "SetPasswordForm[User]") -> HttpResponse:
        response = super().form_valid(form)
        # Someone who forgot their password has often locked the username from here by
        # guessing; the new one works at once from this address (elsewhere the lock stays).
        AxesProxyHandler.reset_attempts(
            ip_address=client_address(self.request), username=form.user.get_username()
        )
        return response


password_reset = limit_attempts(PasswordResetView.as_view())
password_reset_confirm = limit_attempts(PasswordResetConfirmView.as_view())
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
