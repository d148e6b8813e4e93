from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from diary.choices import AccountType
from diary.models import Night, User


@admin.register(User)
class DiaryUserAdmin(UserAdmin):
    list_display = (
        "username",
        "first_name",
        "account_type",
        "clinician_verified",
        "date_joined",
        "timezone",
        "sleep_need_min",
        "is_staff",
    )
    list_filter = ("account_type", "clinician_verified", *UserAdmin.list_filter)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Diary",
            {"fields": ("account_type", "clinician_verified", "timezone", "sleep_need_min")},
        ),
    )
    actions = ["mark_verified"]

    @admin.action(description=_("Mark selected clinicians verified"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # Patients are left alone: verification means nothing for them.
        count = queryset.filter(account_type=AccountType.CLINICIAN).update(clinician_verified=True)
        message = ngettext(
            "%(count)d clinician account marked verified.",
            "%(count)d clinician accounts marked verified.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Night)
class NightAdmin(admin.ModelAdmin):
    list_display = ("night", "patient", "severity", "onset", "sleep_quality")
    list_filter = ("severity",)
    search_fields = ("patient__username",)
    date_hierarchy = "night"
    raw_id_fields = ("patient",)
