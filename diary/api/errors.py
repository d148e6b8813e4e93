"""What the API answers when Django itself, not an API view, turns a request away: a URL that
matches no route (/api/v1/nights/2026-13-45/, /api/v1/labs/-1/) or a body Django refuses to read
(larger than DATA_UPLOAD_MAX_MEMORY_SIZE). Under /api/ that is JSON, like every other API error
(domain.md section 6); the web pages keep Django's own pages."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        if isinstance(exception, RequestDataTooBig):
            detail = _("The request body is too large.")
        else:
            detail = _("Bad request.")
        return JsonResponse({"detail": detail}, status=400)
    return defaults.bad_request(request, exception)
