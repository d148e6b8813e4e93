"""The Django admin, signed in to as the rest of the site is.

Its log-in page is our own (diary.views.admin_login_page): the "login" limit, django-axes and
the two-factor code step apply to it as to /accounts/login/. A staff account that has
two-factor sign-in on must have signed in with a code to use the admin; one without it signs in
with the password alone (turning it on for every staff account is strongly advised; README).
"""

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from diary import two_factor
from diary.models import User


class DiaryAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        user = request.user
        if isinstance(user, User) and two_factor.is_on(user):
            return bool(getattr(user, "is_verified", lambda: False)())  # set by OTPMiddleware
        return True

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from diary.views import admin_login_page  # the views import the models' admin

        # Every answer of that view (page, redirect, 429) is an HttpResponse.
        return cast(HttpResponse, admin_login_page(request))
