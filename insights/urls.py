from django.urls import path

from insights import views

urlpatterns = [
    path("trends/", views.trends, name="trends"),
    path("clinician/patients/<int:patient_id>/", views.review, name="patient-review"),
    path("clinician/patients/<int:patient_id>/report.pdf", views.report, name="patient-report"),
]
