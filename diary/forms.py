from datetime import date, time, timedelta
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    UserCreationForm,
    UsernameField,
)
from django.db.models import Value
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from diary.children import default_sleep_need_min
from diary.choices import AccountType, DayMood, DoseUnit, Schedule, SleepQuality, TreatmentKind
from diary.email_addresses import normalized
from diary.email_forms import email_field
from diary.fields import (
    ClockField,
    DayField,
    ExactTextField,
    StrictTextField,
    WholeNumberField,
)
from diary.formatting import sentence_date
from diary.languages import language_of_new_account
from diary.models import (
    ASSESSMENT_FIELDS,
    DISPLAY_NAME_MAX_LENGTH,
    DRAFT_FIELDS,
    ENTRY_FIELDS,
    EVENING_FIELDS,
    LAB_FIELDS,
    SLEEP_FIELDS,
    TREATMENT_FIELDS,
    Assessment,
    LabResult,
    Night,
    NightDraft,
    Treatment,
    User,
)
from diary.reauth import confirm_password
from diary.validators import FUTURE_DATE, FUTURE_NIGHT, FUTURE_TREATMENT, timezone_choices

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
# Only the sleep items are copied: day_fatigue and day_mood describe that one day, so a new
# entry starts them unanswered rather than repeating yesterday's.
COPIED_FROM_PREVIOUS = tuple(FIRST_ENTRY_DEFAULTS)
SYMPTOM_FIELDS = ("onset", "sensations", "areas", "relief")
# The night form's fields in the order its page shows them (the evening, the sleep, the day), so
# that the error summary lists the problems in the order the patient meets them.
NIGHT_PAGE_ORDER = (
    "night",
    "severity",
    *SYMPTOM_FIELDS,
    "factors",
    *SLEEP_FIELDS,
    "day_fatigue",
    "day_mood",
    "notes",
)
NO_ANSWER = _("No answer")
# The error code of a night that is already logged (the API answers it with 409).
DUPLICATE = "duplicate"
# How many nights, from last night back, the log form looks at for one not yet logged: two weeks
# covers a patient catching up after a trip without the form landing on a long-forgotten night.
UNLOGGED_LOOKBACK = 14


def first_unlogged_night(patient: User) -> date:
    """Counting back from last night in the patient's zone, the first night not yet logged, so
    that the one-tap "No RLS symptoms" saves rather than meeting a duplicate. A night with a
    draft (its evening part saved, the sleep part not yet) counts as not logged: the form opens
    on it, with the draft, only when it is that most recent unlogged night, so an old draft never
    takes over from last night. Tonight comes first when it has a draft (saved before
    midnight: the one the patient started last). Only UNLOGGED_LOOKBACK nights are looked at;
    when all are logged, last night is offered and the form says it is a duplicate, as before."""
    today = patient.today()
    last_night = today - timedelta(days=1)
    earliest = last_night - timedelta(days=UNLOGGED_LOOKBACK - 1)
    # One query for both: the nights logged, and tonight's draft (an older night's draft does
    # not change which night is offered).
    logged_rows = (
        patient.nights.filter(night__range=(earliest, today))
        .order_by()
        .values_list("night", Value(True))
    )
    draft_rows = (
        patient.night_drafts.filter(night=today).order_by().values_list("night", Value(False))
    )
    seen = list(logged_rows.union(draft_rows, all=True))
    logged = {night for night, is_logged in seen if is_logged}
    tonight_started = any(not is_logged for _night, is_logged in seen)
    if tonight_started and today not in logged:
        return today
    for back in range(UNLOGGED_LOOKBACK):
        night = last_night - timedelta(days=back)
        if night not in logged:
            return night
    return last_night


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class MinutesInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "numeric", "min": 0})


class DoseInput(forms.NumberInput):
    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "decimal", "step": "any", "min": 0})


def display_name_field() -> forms.CharField:
    return StrictTextField(
        label=_("Your name (shown to clinicians you share with)"),
        required=False,
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_(
            "Optional. Clinicians see it beside your username, so that they can tell you from "
            "an account with a similar username."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


CHILD_FIELDS = ("kept_for_child", "child_first_name", "child_birth_year")
CHILD_WIDGETS = {
    "child_first_name": forms.TextInput(attrs={"autocomplete": "off"}),
    "child_birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
}


def _child_help(form: forms.ModelForm) -> None:
    # The model's labels ("child's first name") are the admin's; a parent reads these.
    form.fields["child_first_name"].label = _("Child's first name")
    form.fields["child_first_name"].help_text = _("Only when you keep this diary for your child.")
    form.fields["child_birth_year"].label = _("Child's year of birth")
    form.fields["child_birth_year"].help_text = _(
        "For example 2017. Only when you keep this diary for your child."
    )


class SignUpForm(UserCreationForm):
    display_name = display_name_field()
    # Kept as unconfirmed until its link is followed (diary.email_addresses).
    email = email_field()
    field_order = ("username", "display_name", "email", "account_type", *CHILD_FIELDS)
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
        fields = ("username", "display_name", "account_type", "timezone", *CHILD_FIELDS)
        widgets = CHILD_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _child_help(self)

    def save(self, commit: bool = True) -> User:
        self.instance.display_name = self.cleaned_data["display_name"]
        self.instance.email_unconfirmed = normalized(self.cleaned_data["email"])
        self.instance.language = language_of_new_account()
        user: User = super().save(commit)
        return user


class SettingsForm(forms.ModelForm):
    display_name = display_name_field()
    field_order = ("display_name", *CHILD_FIELDS)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = (
            "display_name",
            *CHILD_FIELDS,
            "timezone",
            "sleep_need_min",
            "conditions",
            "family_history",
            "report_paper",
        )
        widgets = {
            **CHILD_WIDGETS,
            "sleep_need_min": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "family_history": forms.RadioSelect,
            "report_paper": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("display_name", self.instance.display_name)
        # Sleep need and clinical context are a patient's; the report's paper a clinician's
        # (who prints it).
        patient_only = ("sleep_need_min", "conditions", "family_history", *CHILD_FIELDS)
        for name in ("report_paper",) if self.instance.is_patient else patient_only:
            del self.fields[name]
        if not self.instance.is_patient:
            # Patients see a clinician by username only (sharing page, access log): the name is
            # the clinician's own record, not shown to anyone else.
            self.fields["display_name"].label = _("Your name")
            self.fields["display_name"].help_text = _(
                "Optional. Kept with your account; patients who share with you see your "
                "username, not this name."
            )
        if self.instance.is_patient:
            _child_help(self)
            # From the year the child turns 18 the box shows unticked: saving makes the diary
            # an adult's (README, "A child's diary").
            self.initial["kept_for_child"] = self.instance.child is not None
            # Left empty, the default applies: shown in the box, a number in any language.
            default = default_sleep_need_min(self.instance.child)
            self.fields["sleep_need_min"].widget.attrs["placeholder"] = str(default)
        if "family_history" in self.fields:
            # Left out of a post (an older page, a script), it stays as it was.
            self.fields["family_history"].required = False

    def clean_family_history(self) -> str:
        answer: str = self.cleaned_data["family_history"] or self.instance.family_history
        return answer

    def save(self, commit: bool = True) -> User:
        # Left out of a post (an older page, a script), the name stays as it was.
        if "display_name" in self.data:
            self.instance.display_name = self.cleaned_data["display_name"]
        user: User = super().save(commit)
        return user


class NightForm(forms.ModelForm):
    """One night as the patient enters it: the page's widgets, and the strict parsing every path
    shares. Use diary.nights.clean_night rather than this form directly: it is the one way a
    night is read and judged, from the page, the API and a CSV file alike."""

    severity = forms.TypedChoiceField(
        label=_("RLS severity"),
        help_text=_("Worst symptoms that night: 0 none, 10 worst imaginable."),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    sleep_quality = forms.TypedChoiceField(
        label=_("Sleep quality"), choices=SleepQuality.choices, coerce=int, widget=forms.RadioSelect
    )
    # Optional scales: the empty choice, last so the numbers line up as severity's do, keeps
    # "no answer" one tap away, also to clear a value given earlier (a checked radio button
    # cannot be unchecked).
    day_fatigue = forms.TypedChoiceField(
        label=_("Tiredness during the day"),
        help_text=_(
            "How tired or sleepy you felt during the day before this night: "
            "0 not at all, 10 exhausted."
        ),
        choices=[*((n, str(n)) for n in range(11)), ("", NO_ANSWER)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    day_mood = forms.TypedChoiceField(
        label=_("Mood during the day"),
        choices=[*DayMood.choices, ("", NO_ANSWER)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Night
        fields = ENTRY_FIELDS
        field_classes = {
            "night": DayField,
            "in_bed": ClockField,
            "lights_out": ClockField,
            "final_wake": ClockField,
            "out_of_bed": ClockField,
            "onset": ClockField,
            "sleep_latency_min": WholeNumberField,
            "awakenings": WholeNumberField,
            "waso_min": WholeNumberField,
            "notes": ExactTextField,
        }
        # A night too far ahead to judge (diary.fields.LATEST_DAY) is told what any future
        # night is told.
        error_messages = {"night": {"far_future": FUTURE_NIGHT}}
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
            "notes": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }

    def __init__(
        self, *args: Any, patient: User, query_database: bool = True, **kwargs: Any
    ) -> None:
        if kwargs.get("instance") is None:
            kwargs["instance"] = Night(patient=patient)
        super().__init__(*args, **kwargs)
        self.patient = patient
        # False: no query (see diary.nights.clean_night), neither the duplicate nor constraints.
        self.query_database = query_database
        self.instance.query_constraints = query_database
        # The entry already logged for the night given, when that is the problem.
        self.duplicate_of: Night | None = None

    @classmethod
    def initial_for(cls, patient: User, night: date | None = None) -> dict[str, Any]:
        """The most recent night not yet logged (or `night`), with the sleep items of the
        previous entry, and the evening part of the night's draft when it has one."""
        initial = dict(FIRST_ENTRY_DEFAULTS)
        previous = patient.nights.order_by("-night").first()
        if previous is not None:
            initial.update({name: getattr(previous, name) for name in COPIED_FROM_PREVIOUS})
        initial["night"] = night or first_unlogged_night(patient)
        draft = patient.night_drafts.filter(night=initial["night"]).first()
        if draft is not None:
            initial.update({name: getattr(draft, name) for name in EVENING_FIELDS})
        return initial

    def clean(self) -> dict[str, Any]:
        super().clean()
        # A field that failed to parse is left unset on the night, so the model's cross-field
        # rules wait for it rather than judging the stored (or default) value instead.
        for name in self.errors:
            if name in ENTRY_FIELDS:
                setattr(self.instance, name, None)
        return self.cleaned_data

    def validate_unique(self) -> None:
        # After the model's own rules, so a night that is already logged and wrong in other
        # ways gets every message at once. (The unique constraint itself is left out: the
        # patient is not a form field.)
        super().validate_unique()
        night = self.cleaned_data.get("night")
        if not self.query_database or night is None or "night" in self.errors:
            return
        self.duplicate_of = self.logged_night(night)
        if self.duplicate_of is not None:
            self.add_error("night", duplicate_error(night))

    def logged_night(self, night: date) -> Night | None:
        """The entry already logged for `night`, other than the one being edited."""
        return self.patient.nights.filter(night=night).exclude(pk=self.instance.pk).first()


class DraftForm(NightForm):
    """The evening part of a night (diary.models.drafts), parsed by the night form's own fields
    and judged by the same rules, less the sleep items. Use diary.drafts.save_draft."""

    sleep_quality = None  # type: ignore[assignment]  # a sleep item: removes NightForm's field

    class Meta(NightForm.Meta):
        model = NightDraft  # type: ignore[assignment]
        fields = DRAFT_FIELDS  # type: ignore[assignment]  # fewer fields than NightForm's

    def __init__(self, *args: Any, patient: User, **kwargs: Any) -> None:
        kwargs.setdefault("instance", NightDraft(patient=patient))
        super().__init__(*args, patient=patient, **kwargs)

    def logged_night(self, night: date) -> Night | None:
        # A draft is never the entry itself: any entry for the night is a duplicate.
        return self.patient.nights.filter(night=night).first()


class _SharedFields(dict[str, forms.Field]):
    """A form class's fields, shared by its every form instead of deep-copied for each. Django
    copies them so that one page may change its own widgets and choices; a form that is only
    judged, never shown, changes none."""

    def __deepcopy__(self, memo: dict[int, Any]) -> "_SharedFields":
        return self


class BulkNightForm(NightForm):
    """NightForm for many nights judged at once and never shown (a CSV import): the same fields
    and rules, only not copied for each night, which was a third of a 5 MB import's time. Use
    diary.nights.clean_night(in_bulk=True)."""


BulkNightForm.base_fields = _SharedFields(NightForm.base_fields)


def duplicate_error(night: date) -> forms.ValidationError:
    return forms.ValidationError(
        _("You have already logged the night of %(night)s."),
        code=DUPLICATE,
        params={"night": sentence_date(night)},
    )


class LoginForm(AuthenticationForm):
    """Django's log-in form, refusing a username longer than any account's before anything
    looks it up: django-axes records a failed log-in's username in a column of 255 characters,
    and a longer one was a 500 on PostgreSQL. (Django's own form only sets the HTML maxlength.)
    """

    username = UsernameField(
        max_length=User._meta.get_field("username").max_length,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("Share code from your patient"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class TreatmentForm(forms.ModelForm):
    """One treatment as the patient enters it, with the strict parsing every path shares; use
    diary.treatments.clean_treatment rather than this form directly."""

    # Empty means "the kind's usual schedule" (a course, for "other"): see Treatment.clean.
    schedule = forms.ChoiceField(
        label=_("Schedule"), choices=Schedule.choices, required=False, widget=forms.RadioSelect
    )

    class Meta:
        model = Treatment
        fields = TREATMENT_FIELDS
        field_classes = {
            "started": DayField,
            "stopped": DayField,
            "dose_time": ClockField,
            "name": StrictTextField,
            "notes": ExactTextField,
        }
        # The model shares the nights' "not before 2000" validator; say it of a treatment.
        error_messages = {
            "started": {
                "min_value": _("A treatment can't start before 1 January 2000."),
                "far_future": FUTURE_TREATMENT,
            }
        }
        widgets = {
            "kind": forms.RadioSelect,
            "dose_unit": forms.RadioSelect,
            "started": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "stopped": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "dose_time": TimeInput(),
            "dose": DoseInput(),
            "name": forms.TextInput(attrs={"list": "treatment-names", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        }

    def __init__(self, *args: Any, patient: User, **kwargs: Any) -> None:
        if kwargs.get("instance") is None:
            kwargs["instance"] = Treatment(patient=patient)
        super().__init__(*args, **kwargs)
        self.patient = patient
        # Rows of taps: the kind must be chosen (no blank tap); the unit's blank tap is named.
        # Both are model fields with choices, so their form fields are ChoiceFields.
        cast(forms.ChoiceField, self.fields["kind"]).choices = TreatmentKind.choices
        cast(forms.ChoiceField, self.fields["dose_unit"]).choices = [
            ("", _("no dose")),
            *DoseUnit.choices,
        ]

    # Django's own hook between the fields' parsing and the model's rules (UserCreationForm
    # overrides it too); django-stubs leaves it out, hence the ignore on the call below.
    def _post_clean(self) -> None:
        # How many messages each field's own parsing gave, before the model's rules add theirs.
        parsed = {name: len(errors) for name, errors in self.errors.items()}
        super()._post_clean()  # type: ignore[misc]  # not in django-stubs, see above
        # A field that could not be read reached the model as empty, and the model's rules
        # would complain of that emptiness (a medication without a name, a unit without a
        # dose) on top of the real problem: only the real one is kept.
        for name, count in parsed.items():
            del self.errors[name][count:]
        if "dose" in parsed and "dose_unit" in self.errors:
            kept = [e for e in self.errors.as_data()["dose_unit"] if e.code != "unit_without_dose"]
            if kept:
                self.errors["dose_unit"] = self.error_class(kept, renderer=self.renderer)
            else:
                del self.errors["dose_unit"]


class StopCourseForm(forms.Form):
    """The last day a course is taken; judged by diary.treatments.stop_course."""

    stopped = DayField(
        label=_("Last day taken"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ChangeDoseForm(forms.Form):
    """A course's new dose and its first day, parsed as the treatment form parses them; judged
    by diary.treatments.change_dose."""

    dose = forms.DecimalField(
        label=_("New dose"),
        max_digits=9,
        decimal_places=3,
        widget=DoseInput(),
    )
    dose_unit = forms.ChoiceField(
        label=_("Unit"), choices=DoseUnit.choices, required=False, widget=forms.RadioSelect
    )
    starts = DayField(
        label=_("From"),
        help_text=_("The first day of the new dose; the old dose stops the day before."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class LabForm(forms.ModelForm):
    """One lab result as entered (section 10); use diary.labs.clean_lab rather than this form."""

    class Meta:
        model = LabResult
        fields = LAB_FIELDS
        field_classes = {"drawn": DayField}
        error_messages = {"drawn": {"far_future": FUTURE_DATE}}
        widgets = {
            "drawn": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "min": 0})
                for name in LAB_FIELDS[1:7]
            },
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.instance.unreadable_results = any(name in self.errors for name in LAB_FIELDS[1:7])
        return self.cleaned_data


class AssessmentForm(forms.ModelForm):
    """One clinician assessment (section 10); use diary.labs.clean_assessment."""

    class Meta:
        model = Assessment
        fields = ASSESSMENT_FIELDS
        field_classes = {
            "assessed": DayField,
            "irls_total": WholeNumberField,
            "cgi_severity": WholeNumberField,
            "cgi_improvement": WholeNumberField,
            "note": ExactTextField,
        }
        error_messages = {"assessed": {"far_future": FUTURE_DATE}}
        widgets = {
            "assessed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        scores = ASSESSMENT_FIELDS[1:4]
        self.instance.unreadable_scores = any(name in self.errors for name in scores)
        return self.cleaned_data


class CheckedPasswordChangeForm(PasswordChangeForm):
    """Django's password change, where a wrong old password counts as a failed log-in
    (diary.reauth), so that a stolen session cannot guess it without end."""

    def __init__(self, user: User, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        confirm_password(request=self.request, user=self.user, password=old_password)
        return old_password
