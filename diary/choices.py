"""The fixed vocabularies of domain.md section 2, in their canonical (CSV) order."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountType(models.TextChoices):
    PATIENT = "patient", _("Patient")
    CLINICIAN = "clinician", _("Clinician")


class Sensation(models.TextChoices):
    URGE = "urge", _("Urge to move")
    TINGLING = "tingling", _("Tingling")
    CREEPING = "creeping", _("Creeping")
    ITCHING = "itching", _("Itching")
    PULLING = "pulling", _("Pulling")
    THROBBING = "throbbing", _("Throbbing")
    BURNING = "burning", _("Burning")
    ACHING = "aching", _("Aching")
    ELECTRIC = "electric", _("Electric")


class Area(models.TextChoices):
    LEFT_LEG = "left_leg", _("Left leg")
    RIGHT_LEG = "right_leg", _("Right leg")
    ARMS = "arms", _("Arms")
    TRUNK = "trunk", _("Trunk")


class Relief(models.TextChoices):
    WALKING = "walking", _("Walking")
    STRETCHING = "stretching", _("Stretching")
    MASSAGE = "massage", _("Massage")
    HOT_BATH = "hot_bath", _("Hot bath")
    COLD = "cold", _("Cold")
    MEDICATION = "medication", _("Medication")
    NONE = "none", _("Nothing helped")


class Factor(models.TextChoices):
    CAFFEINE = "caffeine", _("Caffeine")
    ALCOHOL = "alcohol", _("Alcohol")
    NICOTINE = "nicotine", _("Nicotine")
    LATE_EXERCISE = "late_exercise", _("Late exercise")
    LONG_SITTING = "long_sitting", _("Long sitting")
    ANTIHISTAMINE = "antihistamine", _("Antihistamine")
    MISSED_MEDICATION = "missed_medication", _("Missed medication")
    STRESS = "stress", _("Stress")


# The two scales share English words whose translations differ (Spanish "buena" for the
# sleep's quality, "bueno" for a mood), hence a context each.
class SleepQuality(models.IntegerChoices):
    VERY_POOR = 1, pgettext_lazy("sleep quality", "Very poor")
    POOR = 2, pgettext_lazy("sleep quality", "Poor")
    FAIR = 3, pgettext_lazy("sleep quality", "Fair")
    GOOD = 4, pgettext_lazy("sleep quality", "Good")
    VERY_GOOD = 5, pgettext_lazy("sleep quality", "Very good")


class DayMood(models.IntegerChoices):
    VERY_LOW = 1, pgettext_lazy("mood", "Very low")
    LOW = 2, pgettext_lazy("mood", "Low")
    NEUTRAL = 3, pgettext_lazy("mood", "Neutral")
    GOOD = 4, pgettext_lazy("mood", "Good")
    VERY_GOOD = 5, pgettext_lazy("mood", "Very good")


class TreatmentKind(models.TextChoices):
    MEDICATION = "medication", _("Medication")
    IRON_ORAL = "iron_oral", _("Oral iron")
    IRON_IV = "iron_iv", _("IV iron infusion")
    KETAMINE_IV = "ketamine_iv", _("IV ketamine infusion")
    CRYOTHERAPY = "cryotherapy", _("Cryotherapy")
    OTHER = "other", _("Other")


class Schedule(models.TextChoices):
    COURSE = "course", _("Course (taken regularly)")
    SESSION = "session", _("Session (one dated event)")


class DrugClass(models.TextChoices):
    DOPAMINE_AGONIST = "dopamine_agonist", _("Dopamine agonist")
    LEVODOPA = "levodopa", _("Levodopa")
    ALPHA2DELTA = "alpha2delta", _("Alpha-2-delta ligand")
    OPIOID = "opioid", _("Opioid")
    BENZODIAZEPINE = "benzodiazepine", _("Benzodiazepine")
    IRON = "iron", _("Iron")
    OTHER = "other", _("Other")


class DoseUnit(models.TextChoices):
    MG = "mg", _("mg")
    MCG = "mcg", _("mcg")
    MG_PER_24H = "mg_per_24h", _("mg/24 h (patch)")
    ML = "ml", _("ml")


class Paper(models.TextChoices):
    """The printed report's paper."""

    A4 = "a4", _("A4")
    LETTER = "letter", _("US Letter")


class Condition(models.TextChoices):
    """Conditions associated with RLS (domain.md section 10), in their canonical order."""

    IRON_DEFICIENCY = "iron_deficiency", _("Iron deficiency")
    PREGNANCY = "pregnancy", _("Pregnancy")
    KIDNEY_DISEASE = "kidney_disease", _("Kidney disease")
    NEUROPATHY = "neuropathy", _("Neuropathy")
    PARKINSONS = "parkinsons", _("Parkinson's disease")
    MULTIPLE_SCLEROSIS = "multiple_sclerosis", _("Multiple sclerosis")
    DIABETES = "diabetes", _("Diabetes")
    RHEUMATOID_ARTHRITIS = "rheumatoid_arthritis", _("Rheumatoid arthritis")
    DEPRESSION = "depression", _("Depression")


class FamilyHistory(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")
