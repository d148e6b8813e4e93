"""Response headers that depend on who asked; the fixed ones (CSP, Permissions-Policy) come from
django-csp and django-permissions-policy, configured in settings."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

# Token-authenticated API calls are signed in only inside DRF's view, so the middleware cannot
# tell them from anonymous ones: every answer under this prefix is treated as private.
API_PREFIX = "/api/"


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in user (pages, CSV
    downloads, the PDF report) and every API answer: health data must not stay in a shared
    proxy or in the browser's cache after a log-out on a shared computer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path_info.startswith(API_PREFIX):
            patch_cache_control(response, private=True, no_store=True)
        return response
