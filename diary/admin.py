from collections.abc import Sequence

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from diary.choices import AccountType
from diary.models import AccessEvent, Night, User


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
            {
                "fields": (
                    "account_type",
                    "clinician_verified",
                    "timezone",
                    "sleep_need_min",
                    "kept_for_child",
                    "child_first_name",
                    "child_birth_year",
                )
            },
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

    def get_deleted_objects(
        self, objs: Sequence[User] | QuerySet[User], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # A patient's access log goes with their account (a clinician's lines stay, with the
        # username): the log's own admin refuses deleting lines, which must not block this.
        perms_needed.discard(str(AccessEvent._meta.verbose_name))
        return deleted, counts, perms_needed, protected


@admin.register(Night)
class NightAdmin(admin.ModelAdmin):
    list_display = ("night", "patient", "severity", "onset", "sleep_quality")
    list_filter = ("severity",)
    search_fields = ("patient__username",)
    date_hierarchy = "night"
    raw_id_fields = ("patient",)


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access log is written by diary.audit alone and changed by nobody, so a
    patient can trust it (see the README's Access log)."""

    list_display = ("at", "last_at", "count", "clinician_username", "action", "patient")
    list_filter = ("action",)
    search_fields = ("patient__username", "clinician_username")
    date_hierarchy = "at"
    list_select_related = ("patient",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccessEvent | None = None) -> bool:
        return False
