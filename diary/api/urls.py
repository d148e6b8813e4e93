"""Version 1 of the REST API (domain.md section 6) for the diary itself, its OpenAPI schema and
browsable docs. The weekly trends have URLs of their own under the same prefix (see the root
URLconf): this app is read by the trends, never the other way round."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import diary.converters  # noqa: F401  (registers the <night:...> converter)
from diary.api.views.auth import TokenView
from diary.api.views.imports import NightImportView
from diary.api.views.labs import (
    AssessmentListView,
    LabDetailView,
    LabListView,
    PatientAssessmentDetailView,
    PatientAssessmentListView,
    PatientLabDetailView,
    PatientLabListView,
)
from diary.api.views.nights import (
    ClinicNightListView,
    NightDetailView,
    NightListView,
    PatientNightListView,
)
from diary.api.views.profile import ProfileView
from diary.api.views.shares import (
    PatientListView,
    RedeemView,
    ShareDetailView,
    ShareListView,
)
from diary.api.views.treatments import (
    PatientTreatmentListView,
    TreatmentDetailView,
    TreatmentListView,
)

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("v1/profile/", ProfileView.as_view(), name="api-profile"),
    path("v1/nights/", NightListView.as_view(), name="api-night-list"),
    path("v1/nights/import/", NightImportView.as_view(), name="api-night-import"),
    path("v1/nights/<night:night>/", NightDetailView.as_view(), name="api-night-detail"),
    path("v1/shares/", ShareListView.as_view(), name="api-share-list"),
    path("v1/shares/redeem/", RedeemView.as_view(), name="api-share-redeem"),
    path("v1/shares/<int:pk>/", ShareDetailView.as_view(), name="api-share-detail"),
    path("v1/patients/", PatientListView.as_view(), name="api-patient-list"),
    path("v1/patients/nights/", ClinicNightListView.as_view(), name="api-clinic-nights"),
    path(
        "v1/patients/<int:patient_id>/nights/",
        PatientNightListView.as_view(),
        name="api-patient-nights",
    ),
    path("v1/treatments/", TreatmentListView.as_view(), name="api-treatment-list"),
    path("v1/treatments/<int:pk>/", TreatmentDetailView.as_view(), name="api-treatment-detail"),
    path(
        "v1/patients/<int:patient_id>/treatments/",
        PatientTreatmentListView.as_view(),
        name="api-patient-treatments",
    ),
    path("v1/labs/", LabListView.as_view(), name="api-lab-list"),
    path("v1/labs/<int:pk>/", LabDetailView.as_view(), name="api-lab-detail"),
    path("v1/assessments/", AssessmentListView.as_view(), name="api-assessment-list"),
    path(
        "v1/patients/<int:patient_id>/labs/",
        PatientLabListView.as_view(),
        name="api-patient-labs",
    ),
    path(
        "v1/patients/<int:patient_id>/labs/<int:lab_id>/",
        PatientLabDetailView.as_view(),
        name="api-patient-lab-detail",
    ),
    path(
        "v1/patients/<int:patient_id>/assessments/",
        PatientAssessmentListView.as_view(),
        name="api-patient-assessments",
    ),
    path(
        "v1/patients/<int:patient_id>/assessments/<int:assessment_id>/",
        PatientAssessmentDetailView.as_view(),
        name="api-patient-assessment-detail",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api_docs.html"),
        name="api-docs",
    ),
]
