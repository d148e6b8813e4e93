"""Lab results and clinician assessments (domain.md section 10), read, judged and written one
way for the pages and the API.

Who may write: a lab result, the patient or a clinician with an active share; an assessment,
only such a clinician. Each may change or delete only what they entered, and a clinician only
while the share lasts; their entries stay in the patient's record after a revoke, marked with
who entered them. Every clinician write goes into the patient's access log, in the same
transaction as the write.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import ModelForm

from diary.access import shared_patients
from diary.audit import record_event
from diary.forms import AssessmentForm, LabForm
from diary.models import ASSESSMENT_FIELDS, LAB_FIELDS, AccessEvent, Assessment, LabResult, User

Action = AccessEvent.Action


class InvalidEntry(ValidationError):
    """Field-level errors; `form` is the bound form, to show them with what was typed."""

    def __init__(self, form: ModelForm) -> None:
        super().__init__(form.errors.as_data())
        self.form = form


def may_write_for(user: User, patient: User) -> bool:
    """The patient themselves, or a clinician they share with now."""
    if user.pk == patient.pk:
        return user.is_patient
    return user.is_clinician and shared_patients(user).filter(pk=patient.pk).exists()


def may_change(user: User, entry: LabResult | Assessment) -> bool:
    """Only who entered it, and a clinician only while the share lasts."""
    return entry.is_entered_by(user) and may_write_for(user, entry.patient)


def _judged(form: ModelForm) -> Any:
    if not form.is_valid():
        raise InvalidEntry(form)
    return form.instance


def clean_lab(
    *, patient: User, values: Mapping[str, Any], by: User, instance: LabResult | None = None
) -> LabResult:
    """The lab result `values` describe, validated and not saved; TSAT is worked out from
    serum iron and TIBC when it is left empty (see LabResult.clean)."""
    entry = instance or LabResult(patient=patient, entered_by_user=by)
    lab: LabResult = _judged(LabForm(values, instance=entry))
    return lab


def clean_assessment(
    *, patient: User, values: Mapping[str, Any], by: User, instance: Assessment | None = None
) -> Assessment:
    entry = instance or Assessment(patient=patient, entered_by_user=by)
    assessment: Assessment = _judged(AssessmentForm(values, instance=entry))
    return assessment


def lab_values(lab: LabResult) -> dict[str, Any]:
    return {name: getattr(lab, name) for name in LAB_FIELDS}


def assessment_values(assessment: Assessment) -> dict[str, Any]:
    return {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS}


@transaction.atomic
def save_entry(entry: LabResult | Assessment, *, by: User, created: bool) -> None:
    """Store a judged entry; a clinician's write is logged for the patient."""
    entry.save()
    if by.pk != entry.patient_id:
        if isinstance(entry, LabResult):
            action = Action.LAB_ADDED if created else Action.LAB_CHANGED
        else:
            action = Action.ASSESSMENT_ADDED if created else Action.ASSESSMENT_CHANGED
        record_event(clinician=by, patient=entry.patient, action=action)


@transaction.atomic
def delete_entry(entry: LabResult | Assessment, *, by: User) -> None:
    entry.delete()
    if by.pk != entry.patient_id:
        action = Action.LAB_DELETED if isinstance(entry, LabResult) else Action.ASSESSMENT_DELETED
        record_event(clinician=by, patient=entry.patient, action=action)
