from django.urls import path

from insights.api.views import (
    FullExportView,
    PatientResponseListView,
    PatientWeekListView,
    ResponseListView,
    WeekListView,
)

urlpatterns = [
    path("v1/export.zip", FullExportView.as_view(), name="api-full-export"),
    path("v1/weeks/", WeekListView.as_view(), name="api-week-list"),
    path(
        "v1/patients/<int:patient_id>/weeks/",
        PatientWeekListView.as_view(),
        name="api-patient-weeks",
    ),
    path("v1/response/", ResponseListView.as_view(), name="api-response-list"),
    path(
        "v1/patients/<int:patient_id>/response/",
        PatientResponseListView.as_view(),
        name="api-patient-response",
    ),
]
