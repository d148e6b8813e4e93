"""Web pages for CSV import and export: the same code as the API's, behind the log-in page."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from diary.access import PatientRequest, patient_required
from diary.transfer.exports import patient_nights_csv
from diary.transfer.importing import ImportRefused, import_nights, max_bytes, too_large


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A nights file in the format of the download above, UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


@patient_required
@require_http_methods(["GET", "POST"])
def night_import(request: PatientRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    refusal: ImportRefused | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > max_bytes():
                raise too_large(upload.size)
            count = import_nights(request.user, upload.read())
        except ImportRefused as refused:
            refusal = refused
        else:
            messages.success(
                request,
                ngettext("Imported %(n)s night.", "Imported %(n)s nights.", count) % {"n": count},
            )
            return redirect("night-list")
    status = 200
    if refusal is not None:
        # As the API answers: only nights already logged (or logged meanwhile) is a conflict.
        status = 409 if refusal.only_conflicts else 400
    elif request.method == "POST":
        status = 400
    return render(request, "diary/import.html", {"form": form, "refusal": refusal}, status=status)


@patient_required
@require_GET
def nights_export(request: PatientRequest) -> StreamingHttpResponse:
    return patient_nights_csv(request.user, None, None, requested_by=request.user)
