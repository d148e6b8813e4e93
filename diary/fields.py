from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SEPARATOR = ";"


class ChoiceSetField(models.CharField):
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

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        return name, path, args, kwargs

    def canonical(self, items: Iterable[str]) -> list[str]:
        order = {word: i for i, word in enumerate(self.vocabulary.values)}
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
        unknown = [word for word in value if word not in self.vocabulary.values]
        if unknown:
            raise ValidationError(
                _("Not one of the choices: %(unknown)s. Choose from: %(allowed)s."),
                code="invalid_choice",
                params={
                    "unknown": ", ".join(unknown),
                    "allowed": ", ".join(self.vocabulary.values),
                },
            )

    def run_validators(self, value: list[str]) -> None:
        # The only limit is the vocabulary, checked in validate(); max_length is for the column.
        return

    def formfield(self, **kwargs: Any) -> forms.Field:
        return forms.MultipleChoiceField(
            choices=self.vocabulary.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=self.verbose_name.capitalize(),
        )
