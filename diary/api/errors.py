"""What the API answers when Django itself, not an API view, turns a request away: a URL that
matches no route (/api/v1/nights/2026-13-45/, /api/v1/labs/-1/) or a body Django refuses to read
(larger than DATA_UPLOAD_MAX_MEMORY_SIZE). Under /api/ that is JSON, like every other API error
(domain.md section 6); the web pages keep Django's own pages."""

from typing import Any

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


# Any request whose request line (path and query) is longer than gunicorn reads
# (limit_request_line, 4094 bytes) is answered by gunicorn itself, before the app, with a plain
# HTML 414: every operation can answer it, so every operation says so.
URI_TOO_LONG = {
    "description": "URI Too Long: the path and query are longer than the server reads (4094 "
    "bytes). Answered by the server before the app, as HTML."
}


def document_long_urls(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: the server's 414 on every operation."""
    for operations in result["paths"].values():
        for operation in operations.values():
            operation["responses"].setdefault("414", URI_TOO_LONG)
    return result
