"""Pages of two-factor sign-in (diary.two_factor): the log-in view, set-up, turning it off."""

from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from diary import two_factor
from diary.access import AuthenticatedHttpRequest
from diary.forms import LoginForm
from diary.limits import limit_attempts
from diary.models import User
from diary.reauth import confirm_password
from diary.two_factor_forms import CodeStepForm, SetupForm, TurnOffForm

# The code step's one field; a POST carrying it is the second step.
CODE_FIELD = "otp_token"
PASSWORD_ERRORS = frozenset({"locked", "password_incorrect"})


class SignInView(auth_views.LoginView):
    """Django's log-in view, in two steps for an account with two-factor sign-in on: the right
    password leads to a page asking for the code alone (diary.two_factor.start_sign_in), and
    only the right code then signs in. Nothing changes for other accounts."""

    authentication_form = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if CODE_FIELD in request.POST:
            return self.code_step(request)
        two_factor.end_sign_in(session=request.session)
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not (isinstance(user, User) and two_factor.is_on(user)):
            return super().form_valid(form)
        # Set by authenticate(): the backend that accepted the password.
        backend: str = user.backend
        two_factor.start_sign_in(session=self.request.session, user=user, backend=backend)
        return self.show_code_step(CodeStepForm(), user)

    def code_step(self, request: HttpRequest) -> HttpResponse:
        pending = two_factor.pending_sign_in(request.session)
        if pending is None:
            two_factor.end_sign_in(session=request.session)
            messages.error(request, two_factor.SIGN_IN_EXPIRED)
            return redirect(request.get_full_path())
        user, backend = pending
        credentials = {"username": user.get_username()}
        # The password step is where django-axes looks; a lock since then holds here too.
        if not AxesProxyHandler.is_allowed(request, credentials):
            two_factor.end_sign_in(session=request.session)
            locked: HttpResponse = get_lockout_response(request, credentials=credentials)
            return locked
        form = CodeStepForm(request.POST)
        if form.is_valid():
            try:
                device = two_factor.verify_code(user=user, code=form.cleaned_data[CODE_FIELD])
            except ValidationError as error:
                if error.code == "invalid":  # a code was checked and was wrong
                    two_factor.count_failed_code(request=request, username=user.get_username())
                form.add_error(CODE_FIELD, error)
            else:
                two_factor.end_sign_in(session=request.session)
                auth_login(request, user, backend=backend)
                # The session remembers the device that took the code: it is verified
                # (OTPMiddleware).
                django_otp.login(request, device)
                return HttpResponseRedirect(self.get_success_url())
        return self.show_code_step(form, user)

    def show_code_step(self, form: CodeStepForm, user: User) -> HttpResponse:
        context = self.get_context_data(form=form, code_step=True, username=user.get_username())
        response: HttpResponse = self.render_to_response(context)
        return response


@limit_attempts
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
            confirm_password(request=request, user=user, password=form.cleaned_data["password"])
            device, codes = two_factor.turn_on(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("password" if error.code in PASSWORD_ERRORS else "code", error)
        else:
            # turn_on ended every session; this one goes on, and the code just given proves
            # the app: it counts as signed in with it.
            update_session_auth_hash(request, user)
            django_otp.login(request, device)
            return render(request, "diary/two_factor_on.html", {"codes": codes})
    context = {
        "form": form,
        "secret": two_factor.secret_text(device),
        # Drawn by the qrcode library from our own data: no user text reaches the markup.
        "qr_svg": mark_safe(two_factor.qr_svg(device)),
    }
    return _render(request, "diary/two_factor_setup.html", form, context)


@limit_attempts
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
                request=request,
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
