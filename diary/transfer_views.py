"""Web pages for CSV import and export: the same code as the API's, behind the log-in page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from diary.access import patient_or_404
from diary.api.exports import patient_nights_csv, weeks_csv
from diary.api.views.weeks import weeks_of
from diary.importing import ImportRefused, import_nights, max_bytes, too_large


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A nights file in the format of the download above, UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def night_import(request: HttpRequest) -> HttpResponse:
    patient = patient_or_404(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    refusal: ImportRefused | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > max_bytes():
                raise too_large(upload.size)
            count = import_nights(patient, upload.read())
        except ImportRefused as refused:
            refusal = refused
        else:
            messages.success(
                request,
                ngettext("Imported %(n)s night.", "Imported %(n)s nights.", count) % {"n": count},
            )
            return redirect("night-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "diary/import.html", {"form": form, "refusal": refusal}, status=status)


@login_required
@require_GET
def nights_export(request: HttpRequest) -> StreamingHttpResponse:
    patient = patient_or_404(request.user)
    return patient_nights_csv(patient, None, None, requested_by=patient)


@login_required
@require_GET
def weeks_export(request: HttpRequest) -> StreamingHttpResponse:
    patient = patient_or_404(request.user)
    return weeks_csv(patient, weeks_of(patient, None, None))
