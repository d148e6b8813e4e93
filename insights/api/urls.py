from django.urls import path

from insights.api.views import PatientWeekListView, WeekListView

urlpatterns = [
    path("v1/weeks/", WeekListView.as_view(), name="api-week-list"),
    path(
        "v1/patients/<int:patient_id>/weeks/",
        PatientWeekListView.as_view(),
        name="api-patient-weeks",
    ),
]
