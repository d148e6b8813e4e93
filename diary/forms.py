from datetime import time, timedelta
from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from diary.choices import AccountType
from diary.models import ENTRY_FIELDS, Night, User
from diary.validators import timezone_choices

# Sleep items offered on a patient's very first entry, when there is no previous night to copy.
FIRST_ENTRY_DEFAULTS: dict[str, Any] = {
    "in_bed": time(22, 30),
    "lights_out": time(22, 45),
    "sleep_latency_min": 20,
    "awakenings": 1,
    "waso_min": 15,
    "final_wake": time(6, 45),
    "out_of_bed": time(7, 0),
    "sleep_quality": 3,
}
COPIED_FROM_PREVIOUS = tuple(FIRST_ENTRY_DEFAULTS)
SYMPTOM_FIELDS = ("onset", "sensations", "areas", "relief")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class MinutesInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "numeric", "min": 0})


class SignUpForm(UserCreationForm):
    account_type = forms.ChoiceField(
        label=_("I am a"),
        choices=AccountType.choices,
        initial=AccountType.PATIENT,
        widget=forms.RadioSelect,
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        initial="UTC",
        help_text=_("Filled in from your browser; change it if it is wrong."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "account_type", "timezone")


class SettingsForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = ("timezone", "sleep_need_min")
        widgets = {"sleep_need_min": forms.NumberInput(attrs={"inputmode": "numeric"})}


class NightForm(forms.ModelForm):
    class Meta:
        model = Night
        fields = ENTRY_FIELDS
        widgets = {
            "night": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "in_bed": TimeInput(),
            "lights_out": TimeInput(),
            "final_wake": TimeInput(),
            "out_of_bed": TimeInput(),
            "onset": TimeInput(),
            "sleep_latency_min": MinutesInput(),
            "awakenings": MinutesInput(),
            "waso_min": MinutesInput(),
            "sleep_quality": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }

    def __init__(self, *args: Any, patient: User, **kwargs: Any) -> None:
        kwargs.setdefault("instance", Night(patient=patient))
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.fields["severity"] = forms.TypedChoiceField(
            label=self.fields["severity"].label,
            help_text=self.fields["severity"].help_text,
            choices=[(n, str(n)) for n in range(11)],
            coerce=int,
            widget=forms.RadioSelect,
        )
        self.fields["sleep_quality"].choices = self.fields["sleep_quality"].choices[1:]

    @classmethod
    def initial_for(cls, patient: User) -> dict[str, Any]:
        """Last night in the patient's zone, with the sleep items of the previous entry."""
        initial = dict(FIRST_ENTRY_DEFAULTS)
        previous = patient.nights.order_by("-night").first()
        if previous is not None:
            initial.update({name: getattr(previous, name) for name in COPIED_FROM_PREVIOUS})
        initial["night"] = patient.today() - timedelta(days=1)
        return initial

    def clean_night(self) -> Any:
        night = self.cleaned_data["night"]
        existing = self.patient.nights.filter(night=night).exclude(pk=self.instance.pk).first()
        if existing is not None:
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("You have already logged the night of %(night)s.")
                    % {"night": night.isoformat()},
                    existing.get_absolute_url(),
                    _("Open that entry to change it."),
                ),
                code="duplicate",
            )
        return night
