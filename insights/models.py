"""The one table insights owns: each patient's review figures as the dashboard shows them,
computed once per change of their data or of their date, not on every request."""

from django.conf import settings
from django.db import models


class ReviewSnapshot(models.Model):
    """A patient's ReviewSummary (insights.review) serialised by insights.snapshots, with what
    it was computed from: it is current while all three still match the patient."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_snapshot"
    )
    # The patient's User.nights_version when read, before their data was: the data a snapshot
    # holds is never older than its version, so a matching version means nothing changed since.
    data_version = models.PositiveIntegerField()
    # The patient's "today" (in their zone): the week compared, the gap and the 365-day windows.
    for_day = models.DateField()
    # Everything else the figures depend on that is not data: the format, zone and sleep need.
    context = models.CharField(max_length=120)
    # The ReviewSummary as JSON text (insights.snapshots.summary_to_json), decoded only when
    # asked for: the dashboard shows the cells below and sorts by the two numbers after them.
    summary = models.TextField()
    # The figures' table cells as the dashboard shows them (insights/dashboard_cells.html), by
    # language code, one for each of settings.LANGUAGES: rendering 1,000 rows' cells on every
    # request would take a second on its own, and clinicians reading in different languages
    # must not recompute each other's snapshots.
    cells = models.JSONField(default=dict)
    # ReviewSummary.urgency, the dashboard's sort key: the flags' weights, the severity change.
    weight = models.PositiveSmallIntegerField()
    severity_change = models.FloatField(null=True)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"review of {self.patient_id} for {self.for_day} (v{self.data_version})"
