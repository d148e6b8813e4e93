"""The words a patient's pages use for whose legs and sleep they are about: "your" in an
adult's own diary, the child's name in a diary a parent keeps (README, "A child's diary").

One object in every template's context (`wording`, from the context processor below), so a
template says {{ wording.evening_heading }} instead of copying its text for each case. Each
phrase is a whole sentence with a placeholder, so German and Spanish can place the name."""

from functools import cached_property
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _


class Wording:
    def __init__(self, user: Any) -> None:
        self._user = user

    @cached_property
    def child_name(self) -> str:
        """The child's first name, empty for an adult's own diary or no signed-in patient."""
        user = self._user
        if not getattr(user, "is_authenticated", False) or not user.is_patient:
            return ""
        child = user.child
        return child.first_name if child is not None else ""

    def _say(self, own: str, child: str) -> str:
        return child % {"name": self.child_name} if self.child_name else own

    @property
    def log_heading(self) -> str:
        return self._say(_("Log a night"), _("Log a night for %(name)s"))

    @property
    def legs_question(self) -> str:
        # Only a child's diary asks it: an adult's form begins at the date as before.
        return self._say("", _("How were %(name)s's legs last night, and how did they sleep?"))

    @property
    def evening_heading(self) -> str:
        return self._say(_("Evening: your legs"), _("Evening: %(name)s's legs"))

    @property
    def draft_help(self) -> str:
        return self._say(
            _(
                "Up in the night? Save the symptoms, triggers and your day now as a draft, and "
                "add the sleep part when you get up."
            ),
            _(
                "Up in the night? Save %(name)s's symptoms, triggers and day now as a draft, "
                "and add the sleep part in the morning."
            ),
        )

    @property
    def fatigue_help(self) -> str:
        return self._say(
            _(
                "How tired or sleepy you felt during the day before this night: "
                "0 not at all, 10 exhausted."
            ),
            _(
                "How tired or sleepy %(name)s was during the day before this night: "
                "0 not at all, 10 exhausted."
            ),
        )

    @property
    def nights_heading(self) -> str:
        return self._say(_("Your nights"), _("%(name)s's nights"))

    @property
    def trends_heading(self) -> str:
        return self._say(_("Your weekly trends"), _("%(name)s's weekly trends"))

    @property
    def welcome_lead(self) -> str:
        return self._say(_("Your diary in three steps:"), _("%(name)s's diary in three steps:"))

    @property
    def welcome_log_step(self) -> str:
        return self._say(
            _(
                "In under a minute, from bed: how bad the symptoms were, when they started and "
                "how you slept. A night without symptoms is one tap."
            ),
            _(
                "In under a minute: how bad %(name)s's symptoms were, when they started and how "
                "%(name)s slept. A night without symptoms is one tap."
            ),
        )

    @property
    def welcome_trends_step(self) -> str:
        return self._say(
            _("See your trends and treatments"), _("See %(name)s's trends and treatments")
        )

    @property
    def welcome_trends_text(self) -> str:
        return self._say(
            _(
                "After a few nights, Trends shows each week's severity and sleep, with your "
                "treatments marked, and whether a treatment changed things."
            ),
            _(
                "After a few nights, Trends shows each week's severity and sleep, with "
                "%(name)s's treatments marked, and whether a treatment changed things."
            ),
        )

    @property
    def reminder_subject(self) -> str:
        return self._say(_("Log last night in your RLS Diary"), _("Log last night for %(name)s"))

    @property
    def reminder_title(self) -> str:
        return self._say(_("Log last night"), _("Log last night for %(name)s"))

    def reminder_missing(self, night: str) -> str:
        """The reminder's sentence: the night (in words) is not logged yet."""
        if self.child_name:
            return _("The night of %(night)s is not in %(name)s's diary yet.") % {
                "night": night,
                "name": self.child_name,
            }
        return _("The night of %(night)s is not in your diary yet.") % {"night": night}

    @property
    def first_night_button(self) -> str:
        return self._say(_("Log your first night"), _("Log %(name)s's first night"))

    def speak_in(self, form: forms.BaseForm) -> None:
        """The night form's help texts that speak to the patient."""
        if self.child_name and "day_fatigue" in form.fields:
            form.fields["day_fatigue"].help_text = self.fatigue_help


def wording(request: HttpRequest) -> dict[str, Wording]:
    """Context processor: nothing is read until a template asks for a phrase."""
    return {"wording": Wording(getattr(request, "user", None))}
