"""A serializer whose input one of the diary's services parses and judges (clean_night,
clean_treatment), so the API, the web form and the CSV import give the same field-level
words. Its declared fields only describe the JSON: how values are written and the schema."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from diary.models import User


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's field errors as the API's body; Django's key for errors of the whole entry
    is DRF's non_field_errors."""
    return {
        api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: problems
        for name, problems in error.message_dict.items()
    }


class JudgedSerializer(serializers.Serializer):
    """Subclasses implement judge(), which parses and validates the body (a JSON object)
    with the service, keeps the unsaved entry, and raises DRF's ValidationError."""

    @property
    def diary_owner(self) -> User:
        patient: User = self.context["patient"]
        return patient

    def merged(self, data: Mapping[str, Any], stored: Mapping[str, Any]) -> Mapping[str, Any]:
        """The body; for PATCH, the `stored` values with the body's in their place."""
        if self.partial and self.instance is not None:
            return {**stored, **data}
        return data

    def judge(self, data: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            message = self.error_messages["invalid"].format(datatype=type(data).__name__)
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")
        self.judge(data)
        return {}

    def run_validation(self, data: Any = empty) -> Any:
        # The service has judged the whole entry in to_internal_value; the declared fields
        # have nothing to add.
        is_empty, data = self.validate_empty_values(data)
        if is_empty:
            return data
        return self.to_internal_value(data)
