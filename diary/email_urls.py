"""The e-mail address's pages and the password reset, included by diary.urls before
django.contrib.auth.urls (rlsdiary/urls.py), whose password-reset URLs these replace."""

from django.urls import path

from diary import email_views

urlpatterns = [
    path("settings/email/", email_views.email_settings, name="email-settings"),
    path("settings/email/confirm/<str:token>/", email_views.email_confirm, name="email-confirm"),
    path("accounts/password_reset/", email_views.password_reset, name="password_reset"),
    path(
        "accounts/password_reset/done/",
        email_views.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        email_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        email_views.password_reset_complete,
        name="password_reset_complete",
    ),
]
