from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from diary.access import (
    ClinicianRequest,
    PatientRequest,
    clinician_required,
    get_shared_patient,
    patient_required,
)
from diary.audit import record_reads
from diary.caching import cached_text
from diary.choices import Condition
from diary.filters import in_range
from diary.forms import RedeemForm
from diary.models import AccessEvent, User
from diary.treatments import overview
from insights.charts import ferritin
from insights.dashboard import dashboard_rows
from insights.flags import review_flags
from insights.labs import assessment_rows, assessments_line, lab_rows, labs_line
from insights.loading import (
    load_assessments,
    load_labs,
    load_nights,
    load_nights_in,
    load_treatments,
)
from insights.marks import treatment_marks
from insights.night_summary import night_summary
from insights.printing import print_header, range_label
from insights.report import report_pdf
from insights.review import review_summary
from insights.trends import (
    DEFAULT_RANGE,
    RANGES,
    before_after_table,
    build_trends,
    periods_needed,
    range_start,
)
from insights.weekly import weekly_table, within
from insights.weeks import weeks_csv, weeks_of

# Entries are keyed by the patient's nights_version, so a change to any night makes them
# unreachable at once; the timeout only bounds how long dead entries take up memory.
CACHE_SECONDS = 24 * 3600
NOTES_PER_PAGE = 28


def _range_key(request: HttpRequest) -> str:
    key = request.GET.get("range", DEFAULT_RANGE)
    return key if key in RANGES else DEFAULT_RANGE


def trends_key(patient: User, range_key: str, today: date) -> str:
    return ":".join(
        str(part)
        for part in (
            # v13: numbers and month names in the page's language (its code is part of the
            # key, below: a chart's text is the language's); v12: sleep loss compared a
            # logged night, captions' lowest/highest;
            # v11: the week table's phone layout and legend (README, "Tables on a phone");
            # v10: charts drawn phone-sized; v9: numbers as insights.comparisons and
            # diary.formatting write them; v8: the rendered page alone, each chart once
            "trends-v13",
            patient.pk,
            patient.nights_version,
            patient.timezone,
            patient.sleep_need,
            range_key,
            today,
            get_language(),
        )
    )


def trends_for(patient: User, range_key: str) -> SafeString:
    """The Trends page's charts, summaries and tables for one range, rendered: the only thing
    cached, since the page around it reads nothing else."""

    today = patient.today()

    def render() -> str:
        treatments = load_treatments(patient)
        nights = load_nights_in(patient, periods_needed(range_key, today, treatments))
        trends = build_trends(nights, range_key, today, treatments)
        return render_to_string("insights/trends_body.html", {"trends": trends, "ranges": RANGES})

    # Escaped by the templates that rendered it.
    return mark_safe(cached_text(trends_key(patient, range_key, today), render, CACHE_SECONDS))


@patient_required
def trends(request: PatientRequest) -> HttpResponse:
    range_key = _range_key(request)
    context = {
        "trends_html": trends_for(request.user, range_key),
        "print_header": print_header(
            patient=request.user, viewer=request.user, range_key=range_key
        ),
    }
    return render(request, "insights/trends.html", context)


@patient_required
@require_GET
def weeks_export(request: PatientRequest) -> StreamingHttpResponse:
    return weeks_csv(request.user, weeks_of(request.user, None, None))


@clinician_required
def dashboard(request: ClinicianRequest) -> HttpResponse:
    rows = dashboard_rows(request.user)
    response = render(request, "insights/dashboard.html", {"rows": rows, "form": RedeemForm()})
    shown = [row.patient for row in rows]
    record_reads(clinician=request.user, patients=shown, action=AccessEvent.Action.DASHBOARD)
    return response


@clinician_required
def report(request: ClinicianRequest, patient_id: int) -> HttpResponse:
    patient = get_shared_patient(request.user, patient_id)
    today = patient.today()
    range_key = _range_key(request)
    start = range_start(range_key, today)
    nights = load_nights(patient)
    treatments = load_treatments(patient)
    labs, assessments = load_labs(patient), load_assessments(patient)
    shown = within(nights, start, None)
    pdf = report_pdf(
        patient_name=patient.get_full_name() or patient.get_username(),
        table=weekly_table(nights, start=start),
        nights=shown,
        flags=review_flags(nights, today, treatments, labs=labs, assessments=assessments),
        labs=labs_line(labs),
        assessments=assessments_line(assessments),
        context=clinical_context(patient),
        triggers=night_summary(shown),
        generated=today,
        marks=treatment_marks(treatments),
        before_after=before_after_table(nights, treatments),
        paper=request.user.report_paper,
        range_label=range_label(range_key),
        child=child.label_with_year if (child := patient.child) is not None else "",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"rlsdiary-report-{patient.get_username()}-{today.isoformat()}.pdf"
    # Usernames may hold any letter: Django writes a non-ASCII name as RFC 6266 filename*.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    record_reads(clinician=request.user, patients=[patient], action=AccessEvent.Action.REPORT)
    return response


@clinician_required
def review(request: ClinicianRequest, patient_id: int) -> HttpResponse:
    patient = get_shared_patient(request.user, patient_id)
    range_key = _range_key(request)
    treatments = load_treatments(patient)
    labs, assessments = load_labs(patient), load_assessments(patient)
    # Every night of the range shown, notes included, newest first, a page at a time.
    nights_shown = in_range(
        patient.nights.order_by("-night"), range_start(range_key, patient.today()), None
    )
    summary = review_summary(
        load_nights(patient), patient.today(), treatments, labs=labs, assessments=assessments
    )
    context = {
        "patient": patient,
        "trends_html": trends_for(patient, range_key),
        "treatments": overview(treatments, today=patient.today()),
        "context": clinical_context(patient),
        "range_key": range_key,
        "print_header": print_header(patient=patient, viewer=request.user, range_key=range_key),
        "summary": summary,
        "lab_rows": lab_rows(labs),
        "ferritin_svg": mark_safe(ferritin.render(labs)),
        "ferritin_description": ferritin.describe(labs),
        "assessment_rows": assessment_rows(assessments),
        "nights_page": Paginator(nights_shown, NOTES_PER_PAGE).get_page(request.GET.get("page")),
    }
    response = render(request, "insights/review.html", context)
    record_reads(clinician=request.user, patients=[patient], action=AccessEvent.Action.VIEWED)
    return response


def clinical_context(patient: User) -> str:
    """Section 10's conditions and family history, in words."""
    conditions = ", ".join(str(Condition(word).label) for word in patient.conditions)
    family = str(patient.get_family_history_display()).lower()
    return _("conditions: %(conditions)s; restless legs in the family: %(family)s") % {
        "conditions": conditions or _("none given"),
        "family": family,
    }
