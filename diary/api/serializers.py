"""Serializers for everything but the night (see night_serializer.py)."""

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from diary.api.fields import ChoiceSetListField
from diary.choices import Condition
from diary.models import DISPLAY_NAME_MAX_LENGTH, Share, User


class ProfileSerializer(serializers.ModelSerializer):
    # The model field's validators (validate_timezone, 240–720) come along, so the messages are
    # the settings page's.
    conditions = ChoiceSetListField(
        Condition, required=False, help_text="Clinical context (section 10), a set of words."
    )
    display_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text="Optional; shown beside the username to the clinicians the patient shares with.",
    )

    class Meta:
        model = User
        fields = (
            "username",
            "display_name",
            "account_type",
            "timezone",
            "sleep_need_min",
            "conditions",
            "family_history",
            "kept_for_child",
            "child_first_name",
            "child_birth_year",
        )
        read_only_fields = ("username", "account_type")
        extra_kwargs = {
            "sleep_need_min": {
                "help_text": "Minutes, 240–720. Reads as the need sleep loss is measured "
                "against: the patient's own, or the default (480, or in a child's diary the "
                "least the AASM recommends for the child's age); null goes back to the default."
            },
            "kept_for_child": {"help_text": "A diary a parent keeps for a child under 18."},
            "child_birth_year": {"help_text": "Required when kept_for_child is true."},
            "child_first_name": {"help_text": "Required when kept_for_child is true."},
        }

    def to_representation(self, instance: User) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        # domain.md section 3: a number, 480 by default, never null.
        data["sleep_need_min"] = instance.sleep_need
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The model's own rules (User.clean: the child's details, a patient's diary only), on a
        # copy of the user with the change applied, as the Settings form judges it.
        assert self.instance is not None  # the profile only ever changes the signed-in user
        user = copy.copy(self.instance)
        for name, value in attrs.items():
            setattr(user, name, value)
        try:
            user.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        # Unticked, clean() has emptied the child's details: they are saved so.
        attrs.update(child_first_name=user.child_first_name, child_birth_year=user.child_birth_year)
        return attrs

    def validate_conditions(self, words: list[str]) -> list[str]:
        # The model field's own parsing and vocabulary check, with its message.
        conditions: list[str] = User._meta.get_field("conditions").clean(words, self.instance)
        return conditions


class ShareSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=["pending", "active", "expired", "revoked"], read_only=True
    )
    clinician = serializers.CharField(
        source="clinician.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Share
        fields: tuple[str, ...] = (
            "id",
            "status",
            "created_at",
            "expires_at",
            "clinician",
            "redeemed_at",
            "revoked_at",
        )
        read_only_fields: tuple[str, ...] = fields


class NewShareSerializer(ShareSerializer):
    code = serializers.CharField(
        read_only=True, help_text="Shown only in this answer: give it to your clinician."
    )

    class Meta(ShareSerializer.Meta):
        fields = (*ShareSerializer.Meta.fields, "code")
        read_only_fields = fields


class RedeemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="The patient's share code.")


class PatientSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(
        read_only=True,
        help_text="The name the patient gave (may be empty): with the username and the date, "
        "it tells a look-alike account apart.",
    )
    shared_since = serializers.DateTimeField(
        read_only=True, help_text="When this clinician redeemed the patient's code."
    )

    class Meta:
        model = User
        fields = ("id", "username", "display_name", "shared_since")
        read_only_fields = fields


class ImportProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="File line, the header being line 1.")
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ImportConflictSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    night = serializers.DateField()
    message = serializers.CharField()


# The refusal's body has a field named "errors", which a Serializer class cannot declare (it
# is Serializer.errors), so its schema is built inline.
IMPORT_REFUSAL = inline_serializer(
    "ImportRefusal",
    {
        "detail": serializers.CharField(),
        "errors": ImportProblemSerializer(many=True),
        "conflicts": ImportConflictSerializer(many=True),
    },
)


class ImportDoneSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="Nights added.")
    detail = serializers.CharField()


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A nights CSV (domain section 5), UTF-8."))
