from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from diary.models import User


def _clinician(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_clinician:
        raise Http404
    return user


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _clinician(request)
    return render(request, "diary/clinician_dashboard.html", {"rows": []})
