"""The treatment catalogue of domain.md section 9: which schedule a kind has, and which drug
class a name belongs to. Pure Python, used by the model, the pages, the API and the trends."""

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


def drug_class(name: str) -> str:
    return CATALOGUE.get(normalised_name(name), DrugClass.OTHER)


def default_schedule(kind: str) -> str:
    return FIXED_SCHEDULE.get(kind, Schedule.COURSE)
