"""How a treatment reads on a page: its name and its dose (domain.md section 9)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from diary.choices import DoseUnit, DrugClass
from diary.models import Treatment

register = template.Library()


@register.filter
def treatment_name(treatment: Treatment) -> str:
    return treatment.shown_name


@register.filter
def dose(treatment: Treatment) -> str:
    """0.250 mg -> "0.25 mg a day" for a course, "0.25 mg" for a session (section 9: a course's
    dose is per day); empty without a dose. The number is written as the reader's language
    writes it ("0,25 mg" in German); the form's input still takes "0.25"."""
    if treatment.dose is None:
        return ""
    amount = f"{number_format(treatment.dose.normalize())} {treatment.get_dose_unit_display()}"
    if treatment.is_course and treatment.dose_unit != DoseUnit.MG_PER_24H:
        return _("%(amount)s a day") % {"amount": amount}
    return amount


@register.filter
def drug_class_label(treatment: Treatment) -> str:
    """The catalogue's drug class ("Dopamine agonist"); empty for a name outside it."""
    if treatment.drug_class == DrugClass.OTHER:
        return ""
    return str(DrugClass(treatment.drug_class).label)
