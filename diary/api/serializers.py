"""Serializers for everything but the night (see night_serializer.py)."""

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
        )
        read_only_fields = ("username", "account_type")

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
