from django.urls import include, path

import diary.converters  # noqa: F401  (registers the <night:...> converter)
from diary import (
    account_views,
    lab_views,
    offline,
    reminder_views,
    sharing_views,
    token_views,
    treatment_views,
    two_factor_views,
    undo_views,
    views,
)
from diary.transfer import views as transfer_views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("welcome/", views.welcome, name="welcome"),
    path("glossary/", views.glossary, name="glossary"),
    # Before django.contrib.auth.urls (rlsdiary/urls.py), whose log-in it replaces.
    path("accounts/login/", views.login_page, name="login"),
    # Offline logging (diary.offline): the sign-out also clears what the phone kept.
    path("accounts/logout/", offline.LogoutView.as_view(), name="logout"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("nights/log/offline/", offline.night_send, name="night-send"),
    path("accounts/password_change/", views.password_change, name="password_change"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/language/", views.choose_language, name="settings-language"),
    # E-mail address and password reset (diary.email_views).
    path("", include("diary.email_urls")),
    path("settings/two-factor/", two_factor_views.setup, name="two-factor-setup"),
    path("settings/two-factor/off/", two_factor_views.turn_off, name="two-factor-off"),
    path("settings/tokens/", token_views.token_create, name="token-create"),
    path("settings/tokens/<int:token_id>/revoke/", token_views.token_revoke, name="token-revoke"),
    path(
        "settings/sign-out-everywhere/",
        token_views.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path("settings/reminders/", reminder_views.reminders_page, name="reminders"),
    path("settings/reminders/push/", reminder_views.push_subscription, name="push-subscription"),
    path("settings/delete-account/", account_views.delete_account_page, name="account-delete"),
    path("nights/", offline.offline_page(views.night_list), name="night-list"),
    path("nights/log/", offline.offline_page(views.night_create), name="night-create"),
    path("nights/import/", transfer_views.night_import, name="night-import"),
    path("nights/export.csv", transfer_views.nights_export, name="nights-export"),
    path("nights/drafts/<night:night>/discard/", views.draft_discard, name="night-draft-discard"),
    path("nights/<night:night>/", views.night_edit, name="night-edit"),
    path("nights/<night:night>/delete/", views.night_delete, name="night-delete"),
    path("treatments/", treatment_views.treatment_list, name="treatments"),
    path("treatments/add/", treatment_views.treatment_add, name="treatment-add"),
    path(
        "treatments/<int:treatment_id>/edit/", treatment_views.treatment_edit, name="treatment-edit"
    ),
    path(
        "treatments/<int:treatment_id>/delete/",
        treatment_views.treatment_delete,
        name="treatment-delete",
    ),
    path(
        "treatments/<int:treatment_id>/stop/", treatment_views.treatment_stop, name="treatment-stop"
    ),
    path(
        "treatments/<int:treatment_id>/change-dose/",
        treatment_views.treatment_change_dose,
        name="treatment-change-dose",
    ),
    path(
        "treatments/<int:treatment_id>/log-session/",
        treatment_views.treatment_log_session,
        name="treatment-log-session",
    ),
    path("labs/", lab_views.lab_list, name="labs"),
    path("labs/add/", lab_views.lab_add, name="lab-add"),
    path("labs/<int:lab_id>/edit/", lab_views.lab_edit, name="lab-edit"),
    path("labs/<int:lab_id>/delete/", lab_views.lab_delete, name="lab-delete"),
    path(
        "clinician/patients/<int:patient_id>/labs/add/",
        lab_views.clinician_lab_add,
        name="clinician-lab-add",
    ),
    path(
        "clinician/patients/<int:patient_id>/labs/<int:lab_id>/edit/",
        lab_views.clinician_lab_edit,
        name="clinician-lab-edit",
    ),
    path(
        "clinician/patients/<int:patient_id>/labs/<int:lab_id>/delete/",
        lab_views.clinician_lab_delete,
        name="clinician-lab-delete",
    ),
    path(
        "clinician/patients/<int:patient_id>/assessments/add/",
        lab_views.assessment_add,
        name="assessment-add",
    ),
    path(
        "clinician/patients/<int:patient_id>/assessments/<int:assessment_id>/edit/",
        lab_views.assessment_edit,
        name="assessment-edit",
    ),
    path(
        "clinician/patients/<int:patient_id>/assessments/<int:assessment_id>/delete/",
        lab_views.assessment_delete,
        name="assessment-delete",
    ),
    # Undo (issue 13): the 30-day "recently deleted" list and an entry's previous versions.
    path("deleted/", undo_views.recently_deleted, name="recently-deleted"),
    path(
        "deleted/<slug:kind>/<int:version_id>/restore/",
        undo_views.restore_deleted,
        name="restore-deleted",
    ),
    path(
        "history/<slug:kind>/<int:entry_id>/<int:version_id>/restore/",
        undo_views.restore_version,
        name="restore-version",
    ),
    path("sharing/", sharing_views.sharing_page, name="sharing"),
    path("sharing/codes/", sharing_views.create_code, name="share-create"),
    path("sharing/<int:share_id>/revoke/", sharing_views.revoke_share, name="share-revoke"),
    path("clinician/redeem/", sharing_views.redeem, name="share-redeem"),
]
