from django.urls import path, register_converter

from diary import sharing_views, transfer_views, views


class NightConverter:
    """YYYY-MM-DD in a night's URL, so that /nights/import/ and friends stay free; an
    impossible date such as 2026-13-45 still matches and the view answers 404."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NightConverter, "night")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("settings/", views.settings_page, name="settings"),
    path("nights/", views.night_list, name="night-list"),
    path("nights/log/", views.night_create, name="night-create"),
    path("nights/import/", transfer_views.night_import, name="night-import"),
    path("nights/export.csv", transfer_views.nights_export, name="nights-export"),
    path("trends/weeks.csv", transfer_views.weeks_export, name="weeks-export"),
    path("nights/<night:night>/", views.night_edit, name="night-edit"),
    path("nights/<night:night>/delete/", views.night_delete, name="night-delete"),
    path("sharing/", sharing_views.sharing_page, name="sharing"),
    path("sharing/codes/", sharing_views.create_code, name="share-create"),
    path("sharing/<int:share_id>/revoke/", sharing_views.revoke_share, name="share-revoke"),
]
