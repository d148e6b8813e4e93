from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "diary"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from diary import signals  # noqa: F401
