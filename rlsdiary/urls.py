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
]
