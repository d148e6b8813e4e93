"""A diary kept by a parent for a child: the child's age, the sleep they need by it, and the
rules for the child's first name and year of birth (README, "A child's diary")."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# From 1 January of the year the child turns 18 the diary is an adult's again.
ADULT_AGE = 18
ADULT_SLEEP_NEED_MIN = 480
CHILD_NAME_MAX_LENGTH = 60

# The AASM consensus on children's sleep (Paruthi et al. 2016, J Clin Sleep Med 12:785), hours
# per 24 hours, naps included for the youngest: (youngest age this year in the band, low, high).
# The default is the low end, the least sleep the panel calls adequate, so that sleep loss is
# never overstated; all of it lies inside the 240–720 minutes a sleep need may be.
SLEEP_HOURS_BY_AGE: tuple[tuple[int, int, int], ...] = (
    (0, 12, 16),  # 4–12 months (there is no recommendation under 4 months)
    (1, 11, 14),  # 1–2 years
    (3, 10, 13),  # 3–5 years
    (6, 9, 12),  # 6–12 years
    (13, 8, 10),  # 13–18 years
)


@dataclass(frozen=True)
class Child:
    first_name: str
    birth_year: int
    # The age reached this year: with only a year of birth the child is this old from their
    # birthday on, one year younger before it.
    age: int

    @property
    def label(self) -> str:
        """What a clinician reads beside the patient's name, e.g. "Mia, child, 9 years"."""
        return ngettext(
            "%(name)s, child, %(age)d year", "%(name)s, child, %(age)d years", self.age
        ) % {"name": self.first_name, "age": self.age}

    @property
    def label_with_year(self) -> str:
        return _("%(label)s (born %(year)d)") % {"label": self.label, "year": self.birth_year}


def age_this_year(birth_year: int, today: date) -> int:
    return today.year - birth_year


def child_of(
    *, kept_for_child: bool, first_name: str, birth_year: int | None, today: date
) -> Child | None:
    """The child a diary is kept for, or None for an adult's own diary, also once the child
    turns 18 this year (the stored name and year stay until settings are next saved)."""
    if not kept_for_child or birth_year is None:
        return None
    age = age_this_year(birth_year, today)
    if not 0 <= age < ADULT_AGE:
        return None
    return Child(first_name=first_name, birth_year=birth_year, age=age)


def default_sleep_need_min(child: Child | None) -> int:
    """The sleep need a patient who has not set their own gets: the AASM band's low end for a
    child's age this year (the older of the two ages the child may be, so the smaller need),
    8 hours for an adult (domain.md section 3)."""
    if child is None:
        return ADULT_SLEEP_NEED_MIN
    low = next(
        low for youngest, low, _high in reversed(SLEEP_HOURS_BY_AGE) if child.age >= youngest
    )
    return low * 60


def child_errors(
    *, kept_for_child: bool, first_name: str, birth_year: int | None, today: date
) -> dict[str, list[str]]:
    """Field-level messages for the child's details: the one rule the model, the forms and the
    API apply. Nothing is asked of an adult's own diary."""
    if not kept_for_child:
        return {}
    errors: dict[str, list[str]] = {}
    if not first_name.strip():
        errors["child_first_name"] = [_("Enter the child's first name.")]
    if birth_year is None:
        errors["child_birth_year"] = [_("Enter the child's year of birth.")]
    elif birth_year > today.year:
        errors["child_birth_year"] = [_("That year is in the future.")]
    elif age_this_year(birth_year, today) >= ADULT_AGE:
        errors["child_birth_year"] = [
            _(
                "A child's diary is for a child under 18 this year; born in %(year)d, the child "
                "turns %(age)d this year. Untick the box to keep the diary as an adult's own."
            )
            % {"year": birth_year, "age": age_this_year(birth_year, today)}
        ]
    return errors


def check_child(
    *, kept_for_child: bool, first_name: str, birth_year: int | None, today: date
) -> None:
    errors = child_errors(
        kept_for_child=kept_for_child, first_name=first_name, birth_year=birth_year, today=today
    )
    if errors:
        raise ValidationError(errors)
