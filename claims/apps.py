from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Claims and evidence"

    def ready(self) -> None:
        from claims import review  # noqa: F401  (connects the signals that publish what records need)
