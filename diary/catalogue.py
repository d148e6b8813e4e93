"""The treatment catalogue of domain.md section 9: which schedule a kind has, and which drug
class a name belongs to. Pure Python, used by the model, the pages, the API and the trends."""

from django.utils.translation import pgettext_lazy

from diary.choices import DrugClass, Schedule, TreatmentKind

# Kinds with one fixed schedule; "other" may be either and defaults to a course.
FIXED_SCHEDULE: dict[str, str] = {
    TreatmentKind.MEDICATION: Schedule.COURSE,
    TreatmentKind.IRON_ORAL: Schedule.COURSE,
    TreatmentKind.IRON_IV: Schedule.SESSION,
    TreatmentKind.KETAMINE_IV: Schedule.SESSION,
    TreatmentKind.CRYOTHERAPY: Schedule.SESSION,
}

CATALOGUE: dict[str, str] = {
    "pramipexole": DrugClass.DOPAMINE_AGONIST,
    "ropinirole": DrugClass.DOPAMINE_AGONIST,
    "rotigotine": DrugClass.DOPAMINE_AGONIST,
    "levodopa": DrugClass.LEVODOPA,
    "gabapentin": DrugClass.ALPHA2DELTA,
    "gabapentin_enacarbil": DrugClass.ALPHA2DELTA,
    "pregabalin": DrugClass.ALPHA2DELTA,
    "oxycodone_naloxone": DrugClass.OPIOID,
    "methadone": DrugClass.OPIOID,
    "tramadol": DrugClass.OPIOID,
    "buprenorphine": DrugClass.OPIOID,
    "clonazepam": DrugClass.BENZODIAZEPINE,
    "ferrous_sulfate": DrugClass.IRON,
    "ferrous_bisglycinate": DrugClass.IRON,
    "ferric_carboxymaltose": DrugClass.IRON,
    "ferumoxytol": DrugClass.IRON,
    "iron_sucrose": DrugClass.IRON,
    "ferric_derisomaltose": DrugClass.IRON,
    "iron_dextran": DrugClass.IRON,
}
DOPAMINERGIC = frozenset({DrugClass.DOPAMINE_AGONIST, DrugClass.LEVODOPA})
# The catalogue names offered for each kind on the page (any other name may be typed).
NAMES_FOR_KIND: dict[str, tuple[str, ...]] = {
    TreatmentKind.MEDICATION: tuple(
        name for name, drug in CATALOGUE.items() if drug != DrugClass.IRON
    ),
    TreatmentKind.IRON_ORAL: ("ferrous_sulfate", "ferrous_bisglycinate"),
    TreatmentKind.IRON_IV: (
        "ferric_carboxymaltose",
        "ferumoxytol",
        "iron_sucrose",
        "ferric_derisomaltose",
        "iron_dextran",
    ),
}


def normalised_name(name: str) -> str:
    """A name as compared: lower case, spaces and hyphens read as `_`."""
    return name.lower().replace(" ", "_").replace("-", "_")


def readable_name(name: str) -> str:
    """A catalogue word as people write it ("ferric_carboxymaltose" -> "ferric carboxymaltose");
    typed in that way it still names the catalogue entry (see normalised_name)."""
    return name.replace("_", " ")


# Each catalogue name as the reader's language spells it (the INN of that language): shown on
# pages, charts and the PDF only. The catalogue's keys, what is stored and what the form's list
# offers stay as above, so a typed name still matches its entry and the API and CSV keep it.
# Translators: a medicine's international nonproprietary name (INN) as written in your
# language, lower case as in a sentence unless your language capitalises nouns.
SHOWN_NAMES = {
    "pramipexole": pgettext_lazy("drug name", "pramipexole"),
    "ropinirole": pgettext_lazy("drug name", "ropinirole"),
    "rotigotine": pgettext_lazy("drug name", "rotigotine"),
    "levodopa": pgettext_lazy("drug name", "levodopa"),
    "gabapentin": pgettext_lazy("drug name", "gabapentin"),
    "gabapentin_enacarbil": pgettext_lazy("drug name", "gabapentin enacarbil"),
    "pregabalin": pgettext_lazy("drug name", "pregabalin"),
    "oxycodone_naloxone": pgettext_lazy("drug name", "oxycodone naloxone"),
    "methadone": pgettext_lazy("drug name", "methadone"),
    "tramadol": pgettext_lazy("drug name", "tramadol"),
    "buprenorphine": pgettext_lazy("drug name", "buprenorphine"),
    "clonazepam": pgettext_lazy("drug name", "clonazepam"),
    "ferrous_sulfate": pgettext_lazy("drug name", "ferrous sulfate"),
    "ferrous_bisglycinate": pgettext_lazy("drug name", "ferrous bisglycinate"),
    "ferric_carboxymaltose": pgettext_lazy("drug name", "ferric carboxymaltose"),
    "ferumoxytol": pgettext_lazy("drug name", "ferumoxytol"),
    "iron_sucrose": pgettext_lazy("drug name", "iron sucrose"),
    "ferric_derisomaltose": pgettext_lazy("drug name", "ferric derisomaltose"),
    "iron_dextran": pgettext_lazy("drug name", "iron dextran"),
}


def shown_name(name: str) -> str:
    """A name as the reader's language writes it: a catalogue entry in its INN spelling
    ("Pramipexol" in German), any other name as readable_name writes it. English, having no
    other spelling, shows readable_name's text unchanged (the name's own capitals kept)."""
    entry = SHOWN_NAMES.get(normalised_name(name))
    if entry is None:
        return readable_name(name)
    shown = str(entry)
    return readable_name(name) if shown == readable_name(normalised_name(name)) else shown


def drug_class(name: str) -> str:
    return CATALOGUE.get(normalised_name(name), DrugClass.OTHER)


def default_schedule(kind: str) -> str:
    return FIXED_SCHEDULE.get(kind, Schedule.COURSE)
