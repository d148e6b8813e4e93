from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.module_loading import import_string


def _imported_on_first_request(dotted_path: str) -> Callable[..., HttpResponse]:
    """The view at dotted_path, imported when it is first requested rather than with the URLs.

    insights.views loads pandas and matplotlib (about 85 MB of a worker's memory), which a
    worker that serves only the diary, the API and CSV exports never needs.
    """

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return import_string(dotted_path)(request, *args, **kwargs)

    return view


urlpatterns = [
    path("trends/", _imported_on_first_request("insights.views.trends"), name="trends"),
    path(
        "trends/weeks.csv",
        _imported_on_first_request("insights.views.weeks_export"),
        name="weeks-export",
    ),
    path(
        "settings/export.zip",
        _imported_on_first_request("insights.full_export.full_export"),
        name="full-export",
    ),
    path(
        "clinician/",
        _imported_on_first_request("insights.views.dashboard"),
        name="clinician-dashboard",
    ),
    path(
        "clinician/patients/<int:patient_id>/",
        _imported_on_first_request("insights.views.review"),
        name="patient-review",
    ),
    path(
        "clinician/patients/<int:patient_id>/report.pdf",
        _imported_on_first_request("insights.views.report"),
        name="patient-report",
    ),
]
