from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from diary.models import Night, User


@admin.register(User)
class DiaryUserAdmin(UserAdmin):
    list_display = ("username", "account_type", "timezone", "sleep_need_min", "is_staff")
    list_filter = ("account_type", *UserAdmin.list_filter)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Diary", {"fields": ("account_type", "timezone", "sleep_need_min")}),
    )


@admin.register(Night)
class NightAdmin(admin.ModelAdmin):
    list_display = ("night", "patient", "severity", "onset", "sleep_quality")
    list_filter = ("severity",)
    search_fields = ("patient__username",)
    date_hierarchy = "night"
    raw_id_fields = ("patient",)
