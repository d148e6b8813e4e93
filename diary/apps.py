from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core.management import call_command
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def create_cache_table(using: str, verbosity: int = 1, **kwargs: Any) -> None:
    # The caches are database tables (settings.CACHES) that no migration makes: every `migrate`
    # (and the test runner's) creates those that are missing, so a deployment has no extra step.
    call_command("createcachetable", database=using, verbosity=verbosity)


class DiaryConfig(AppConfig):
    name = "diary"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from diary import email_checks, reminder_checks, signals  # noqa: F401
        from diary.sqlite import use_real_parameter_limit

        connection_created.connect(use_real_parameter_limit)
        post_migrate.connect(create_cache_table, sender=self)


class DiaryAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (diary/admin_site.py: our log-in page, two-factor)."""

    default = False  # "diary" in INSTALLED_APPS stays DiaryConfig
    default_site = "diary.admin_site.DiaryAdminSite"
