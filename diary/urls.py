from django.urls import path

from diary import sharing_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("settings/", views.settings_page, name="settings"),
    path("nights/", views.night_list, name="night-list"),
    path("nights/log/", views.night_create, name="night-create"),
    path("nights/<str:night>/", views.night_edit, name="night-edit"),
    path("nights/<str:night>/delete/", views.night_delete, name="night-delete"),
    path("sharing/", sharing_views.sharing_page, name="sharing"),
    path("sharing/codes/", sharing_views.create_code, name="share-create"),
    path("sharing/<int:share_id>/revoke/", sharing_views.revoke_share, name="share-revoke"),
]
