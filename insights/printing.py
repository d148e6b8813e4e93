"""The header a printed Trends or review page carries: whose diary, which range, printed when."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary.models import User
from insights.trends import RANGES, range_start


@dataclass(frozen=True)
class PrintHeader:
    name: str
    child: str  # "Mia, child, 9 years (born 2017)" in a child's diary, else empty
    range_label: str
    start: date | None
    end: date
    printed: date
    zone: str


def range_label(range_key: str) -> str:
    weeks = RANGES[range_key]
    if weeks is None:
        return _("All nights")
    return ngettext("Last %(n)d week", "Last %(n)d weeks", weeks) % {"n": weeks}


def print_header(*, patient: User, viewer: User, range_key: str) -> PrintHeader:
    """The range is the patient's (their days), the date printed the viewer's: a clinician in
    another zone prints on their own calendar day."""
    today = patient.today()
    child = patient.child
    return PrintHeader(
        name=patient.display_name or patient.get_username(),
        child=child.label_with_year if child is not None else "",
        range_label=range_label(range_key),
        start=range_start(range_key, today),
        end=today,
        printed=viewer.today(),
        zone=viewer.timezone,
    )
