from django.urls import path

import diary.converters  # noqa: F401  (registers the <night:...> converter)
from diary import sharing_views, views
from diary.transfer import views as transfer_views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("settings/", views.settings_page, name="settings"),
    path("nights/", views.night_list, name="night-list"),
    path("nights/log/", views.night_create, name="night-create"),
    path("nights/import/", transfer_views.night_import, name="night-import"),
    path("nights/export.csv", transfer_views.nights_export, name="nights-export"),
    path("nights/<night:night>/", views.night_edit, name="night-edit"),
    path("nights/<night:night>/delete/", views.night_delete, name="night-delete"),
    path("sharing/", sharing_views.sharing_page, name="sharing"),
    path("sharing/codes/", sharing_views.create_code, name="share-create"),
    path("sharing/<int:share_id>/revoke/", sharing_views.revoke_share, name="share-revoke"),
    path("clinician/redeem/", sharing_views.redeem, name="share-redeem"),
]
