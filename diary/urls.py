from django.urls import path

from diary import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("settings/", views.settings_page, name="settings"),
    path("nights/", views.night_list, name="night-list"),
    path("nights/log/", views.night_create, name="night-create"),
    path("nights/<str:night>/", views.night_edit, name="night-edit"),
    path("nights/<str:night>/delete/", views.night_delete, name="night-delete"),
]
