import re
from collections.abc import Iterable
from datetime import date, time
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SEPARATOR = ";"
DATE_LENGTH = len("2026-11-20")
CLOCK_LENGTH = len("22:30")
_HH_MM = re.compile(r"[0-9]{2}:[0-9]{2}")
# The latest date any form, CSV cell or JSON value may give. A night, a treatment's start, a lab
# result or an assessment in the future is refused by its own rule; a course's planned last day
# may lie ahead, but not this far. The bound keeps every date the app works out from a stored
# one (a night's next morning, a week's Sunday, a response window, a chart's stop mark) and
# pandas' timestamps (which end in 2262) in range: an absurd date is a field error, never an
# OverflowError.
LATEST_DAY = date(2199, 12, 31)


if TYPE_CHECKING:
    # For the type checker the model attribute is a list of words out, a list (or the stored
    # `;`-joined text) in; Django's CharField is not subscriptable at run time.
    _WordListField = models.CharField[Iterable[str] | str, list[str]]
else:
    _WordListField = models.CharField


class ChoiceSetField(_WordListField):
    """A set of words from a fixed vocabulary, held as a list in the vocabulary's order.

    Stored `;`-joined in that canonical order, which is also the CSV form (domain.md section 5),
    so the same set always reads and writes the same way.
    """

    description = _("A set of words from a fixed vocabulary")

    def __init__(self, *args: Any, vocabulary: type[models.TextChoices], **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        return name, path, args, kwargs

    @cached_property
    def _order(self) -> dict[str, int]:
        # The enum's `values` builds a new list on every call: once per field is enough.
        return {word: i for i, word in enumerate(self.vocabulary.values)}

    def canonical(self, items: Iterable[str]) -> list[str]:
        order = self._order
        unique = dict.fromkeys(item.strip() for item in items if item.strip())
        # Unknown words sort last so that validate() can name them.
        return sorted(unique, key=lambda word: order.get(word, len(order)))

    def to_python(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return self.canonical(value.split(SEPARATOR))
        return self.canonical(value)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> list[str]:
        return self.to_python(value)

    def get_prep_value(self, value: Any) -> str:
        return SEPARATOR.join(self.to_python(value))

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value: list[str], model_instance: models.Model | None) -> None:
        unknown = [word for word in value if word not in self._order]
        if unknown:
            raise ValidationError(
                _("Not one of the choices: %(unknown)s. Choose from: %(allowed)s."),
                # Not "invalid_choice": a ModelForm would swap in its own field's message.
                code="unknown_words",
                params={
                    "unknown": ", ".join(unknown),
                    "allowed": ", ".join(self.vocabulary.values),
                },
            )

    def run_validators(self, value: list[str]) -> None:
        # The only limit is the vocabulary, checked in validate(); max_length is for the column.
        return

    def formfield(self, **kwargs: Any) -> forms.Field:
        return ChoiceSetFormField(
            choices=self.vocabulary.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            # Lazy: the form class is built once, at import, before any language is active.
            label=capfirst(self.verbose_name),
        )


class ChoiceSetFormField(forms.MultipleChoiceField):
    """A list of words; unknown ones are left to ChoiceSetField.validate, whose message names
    them and lists the allowed words, whether the night came from the page, the API or a CSV."""

    def to_python(self, value: Any) -> list[str]:
        # Django reads any falsy value (0, false, {}, "") as an empty list; only a list is one.
        # Missing (None) is an empty set.
        if value is not None and not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class DayField(forms.DateField):
    """A date as YYYY-MM-DD only (the contract's and the CSV's form), or a date object, no later
    than `latest` (LATEST_DAY unless a subclass says otherwise)."""

    default_error_messages = {"far_future": _("Enter a date no later than %(latest)s.")}
    latest: date | None = LATEST_DAY

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)

    def to_python(self, value: Any) -> Any:
        # strptime would take "2026-1-5"; a number or a list is no date either.
        if isinstance(value, str) and value and len(value) != DATE_LENGTH:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not isinstance(value, str | date) and value is not None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day = super().to_python(value)
        if day is not None and self.latest is not None and day > self.latest:
            raise ValidationError(
                self.error_messages["far_future"],
                code="far_future",
                params={"latest": self.latest.isoformat()},
            )
        return day


class ClockField(forms.TimeField):
    """A wall-clock time as HH:MM only (no seconds), or a time object."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["%H:%M"], **kwargs)

    def to_python(self, value: Any) -> Any:
        # strptime would take "7:5"; the contract (and the CSV) is two digits each.
        if isinstance(value, str) and value and len(value) != CLOCK_LENGTH:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not isinstance(value, str | time) and value is not None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str) and _HH_MM.fullmatch(value):
            # The common case without strptime, a tenth of a 5 MB import's time; anything
            # else (23:60, 24:00) is left to it, and to its message.
            hour, minute = int(value[:2]), int(value[3:])
            if hour < 24 and minute < 60:
                return time(hour, minute)
        return super().to_python(value)


class StrictTextField(forms.CharField):
    """Text only (stripped, like any form text): a JSON number or list is refused."""

    default_error_messages = {"invalid": _("Enter text.")}

    def to_python(self, value: Any) -> Any:
        # A JSON number or list is not text; str() would store its Python spelling.
        if value is not None and not isinstance(value, str):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ExactTextField(StrictTextField):
    """Text kept exactly as sent, spaces and all, so a CSV round trip gives the same file."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strip=False, **kwargs)


class WholeNumberField(forms.IntegerField):
    """An integer; true and false (ints to Python) are refused rather than read as 1 and 0."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
