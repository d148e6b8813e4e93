"""Pages of two-factor sign-in (diary.two_factor): the log-in view, set-up, turning it off."""

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from diary import two_factor
from diary.access import AuthenticatedHttpRequest
from diary.two_factor_forms import SetupForm, SignInForm, TurnOffForm


class SignInView(auth_views.LoginView):
    """Django's log-in view; its form asks for the code when the account has two-factor on."""

    authentication_form = SignInForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        if isinstance(form, SignInForm) and form.verified_device is not None:
            # The session remembers the device that took the code: it is verified (OTPMiddleware).
            django_otp.login(self.request, form.verified_device)
        return response


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if two_factor.is_on(user):
        messages.info(request, _("Two-factor sign-in is already on."))
        return redirect("settings")
    device = two_factor.pending_app_device(user=user)
    form = SetupForm(request.POST or None)
    if form.is_valid():
        try:
            device, codes = two_factor.turn_on(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            # The code just given proves the app: this session counts as signed in with it.
            django_otp.login(request, device)
            return render(request, "diary/two_factor_on.html", {"codes": codes})
    context = {
        "form": form,
        "secret": two_factor.secret_text(device),
        # Drawn by the qrcode library from our own data: no user text reaches the markup.
        "qr_svg": mark_safe(two_factor.qr_svg(device)),
    }
    return _render(request, "diary/two_factor_setup.html", form, context)


@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Only an account's own devices are ever looked at; with none there is nothing to turn off.
    if not two_factor.is_on(request.user):
        raise Http404
    form = TurnOffForm(request.POST or None)
    if form.is_valid():
        try:
            two_factor.turn_off(
                user=request.user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("settings")
    return _render(request, "diary/two_factor_off.html", form, {"form": form})


def _render(
    request: AuthenticatedHttpRequest, template: str, form: Form, context: dict[str, object]
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)
