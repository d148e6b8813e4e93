from django.urls import path

from diary import clinician_views

urlpatterns = [
    path("clinician/", clinician_views.dashboard, name="clinician-dashboard"),
    path("clinician/redeem/", clinician_views.redeem, name="share-redeem"),
]
