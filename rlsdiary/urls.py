from django.contrib import admin
from django.urls import include, path

from rlsdiary.health import healthz

urlpatterns = [
    path("", include("diary.urls")),
    path("", include("insights.urls")),
    path("api/", include("diary.api.urls")),
    path("api/", include("insights.api.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # set_language: the footer's language choice before signing in (a cookie).
    path("i18n/", include("django.conf.urls.i18n")),
]

# Under /api/, a URL that matches nothing or a body Django will not read is answered in JSON.
handler404 = "diary.api.errors.not_found"
handler400 = "diary.api.errors.bad_request"
